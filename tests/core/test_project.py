"""Issue 2: the ground rules of the project (login everywhere, settings, seed data, languages)."""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.demo_cases import office_hour_before
from incidents.models import Body, Employee, Employer, Incident, LegalStatus
from tests import factories
from workflows.deadlines import is_working_day
from workflows.models import Case, Hearing

pytestmark = pytest.mark.django_db

PAGES = [
    "/", "/help/", "/reports/", "/reports/new/", "/cases/", "/cases/deadlines/",
    "/cases/TD-2026-0001/", "/reports/1/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_but_login_requires_a_logged_in_user(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html


def test_demo_user_can_log_in_with_the_form(client):
    factories.manager(username="mieke")
    response = client.post(reverse("login"), {"username": "mieke", "password": factories.PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def _start_django(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                          env=env, capture_output=True, text=True, timeout=60)


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = _start_django({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_start_with_a_secret_key_when_debug_is_off():
    result = _start_django({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_in_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="0",
               DJANGO_SECRET_KEY="k3y-" + "a7Zq9" * 12, DJANGO_ALLOWED_HOSTS="tucht.example.be")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                             "WARNING"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


class TestSeedDemo:
    def test_refuses_to_run_when_debug_is_off(self, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
            call_command("seed_demo")

    def test_running_twice_gives_the_same_data(self, settings):
        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        counts = (Employee.objects.count(), Incident.objects.count(), Case.objects.count())
        events = sorted(Case.objects.values_list("reference", "events__kind"))
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        assert (Employee.objects.count(), Incident.objects.count(), Case.objects.count()) == counts
        assert sorted(Case.objects.values_list("reference", "events__kind")) == events
        assert counts[0] == 40

    def test_makes_a_self_signed_demo_certificate_that_seals_documents(self, settings,
                                                                        monkeypatch, tmp_path):
        from workflows.documents import seal

        monkeypatch.setattr(seal, "DEMO_PKCS12", tmp_path / "demo-seal.p12")
        settings.DEBUG = True
        settings.DOCUMENT_SEAL_PKCS12 = ""
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        assert seal.DEMO_PKCS12.is_file()
        from reportlab.pdfgen import canvas
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer)
        page.drawString(100, 700, "Brief")
        page.showPage()
        page.save()
        (check,) = seal.check_signatures(seal.seal(buffer.getvalue(), None))
        assert check.intact and "demozegel" in check.signer

    def test_has_a_municipality_an_ocmw_and_a_school_with_named_signatories(self, settings):
        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        assert sorted(Employer.objects.values_list("kind", flat=True)) == sorted(
            ["municipality", "ocmw", "school"])
        college = Body.objects.get(employer__kind="municipality", kind=Body.Kind.COLLEGE)
        block = college.signature_block()
        assert block.on_behalf == "Namens het college"
        assert [capacity for _, capacity in block.signatories] == ["algemeen directeur", "burgemeester"]
        assert not Employee.objects.exclude(employer__kind=F("department__entity")).exists()

    def test_demo_hr_lead_reaches_the_admin_of_entities_bodies_and_rulebook(self, settings):
        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        client = Client()
        client.force_login(get_user_model().objects.get(username="hr"))
        for url in ("/admin/incidents/employer/", "/admin/incidents/body/",
                    "/admin/workflows/deadlinerule/", "/admin/workflows/rulechange/", "/rulebook/"):
            assert client.get(url).status_code == 200, url
        client.force_login(get_user_model().objects.get(username="hr2"))
        assert client.get("/admin/incidents/employer/").status_code == 302

    def test_demo_hr_lead_of_an_earlier_seed_gets_the_admin_access_on_the_next_run(self, settings):
        settings.DEBUG = True
        get_user_model().objects.create_user(username="hr", password="x", is_staff=False)
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        users = get_user_model().objects
        assert users.get(username="hr").is_staff
        assert not users.get(username="hr2").is_staff

    def test_covers_every_legal_status_and_several_states(self, settings):
        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        statuses = set(Employee.objects.values_list("status_history__legal_status", flat=True))
        assert statuses == set(LegalStatus.values)
        assert Case.objects.values("state").distinct().count() >= 4

    def test_the_demo_hearing_is_in_office_hours_on_an_office_day(self, settings):
        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        hearings = [timezone.localtime(h.scheduled_at) for h in Hearing.objects.all()]
        assert hearings
        for when in hearings:
            assert when.weekday() < 5 and is_working_day(when.date()), when
            assert 8 <= when.hour < 17, when

    @pytest.mark.parametrize(("now", "hearing"), [
        # Monday 30 November 2026, 23:24: the same day at 10:00.
        ((2026, 11, 30, 23, 24), (2026, 11, 30, 10)),
        # Monday 08:00, before office hours: the Friday before.
        ((2026, 11, 30, 8, 0), (2026, 11, 27, 10)),
        # Sunday night: the Friday before.
        ((2026, 11, 29, 23, 24), (2026, 11, 27, 10)),
        # Easter Monday 6 April 2026 is a public holiday: the Friday before.
        ((2026, 4, 6, 15, 0), (2026, 4, 3, 10)),
    ])
    def test_the_demo_hearing_time_is_the_last_office_morning(self, now, hearing):
        local = timezone.make_aware(datetime.datetime(*now))
        assert office_hour_before(local) == timezone.make_aware(datetime.datetime(*hearing))


class TestLanguages:
    def test_dutch_is_the_default(self):
        user = factories.manager()
        client = Client()
        client.force_login(user)
        html = client.get("/").content.decode()
        assert '<html lang="nl-be">' in html
        assert "Een incident melden" in html

    def test_an_english_browser_still_gets_dutch(self):
        client = Client(headers={"accept-language": "en"})
        client.force_login(factories.manager())
        html = client.get("/").content.decode()
        assert '<html lang="nl-be">' in html and "Een incident melden" in html

    def test_english_is_the_users_remembered_choice(self):
        client = factories.english_client()
        client.force_login(factories.manager())
        html = client.get("/").content.decode()
        assert '<html lang="en">' in html
        assert "Report an incident" in html

    def test_language_switch_remembers_the_choice(self):
        user = factories.manager()
        client = Client()
        client.force_login(user)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert "Report an incident" in client.get("/").content.decode()

    def test_dates_are_belgian(self):
        from datetime import date

        from django.utils import formats, translation

        for language in ("nl-be", "en"):
            with translation.override(language):
                assert formats.date_format(date(2026, 11, 24), "SHORT_DATE_FORMAT") == "24/11/2026"


@pytest.mark.django_db
def test_an_sqlite_connection_has_wal_a_64_mib_cache_and_the_file_mapped():
    from django.db import connection
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own settings")
    with connection.cursor() as cursor:
        found = {}
        for pragma in ("journal_mode", "cache_size", "mmap_size"):
            cursor.execute(f"PRAGMA {pragma}")
            found[pragma] = cursor.fetchone()[0]
    assert found == {"journal_mode": "wal", "cache_size": -65536, "mmap_size": 1073741824}


def test_a_test_process_leaves_no_scratch_directory_behind():
    # Every pytest process (each mutant of `make mutate` is one) makes its own uploads, static and
    # test-database directories; they are removed when the process ends.
    script = ("import django; django.setup(); from django.conf import settings; "
              "paths = [settings.MEDIA_ROOT, settings.STATIC_ROOT, "
              "os.path.dirname(settings.DATABASES['default']['TEST']['NAME'])]; "
              "print(*[f'{path}|{os.path.isdir(path)}' for path in paths], sep='\\n')")
    env = {name: value for name, value in os.environ.items()
           if name not in ("DATABASE_URL", "TUCHT_TEST_DATABASE")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    result = subprocess.run([sys.executable, "-c", "import os; " + script], env=env,
                            capture_output=True, text=True, check=True)
    lines = result.stdout.split()
    assert len(lines) == 3
    for line in lines:
        path, existed = line.rsplit("|", 1)
        assert "tuchtdossier-test-" in path and existed == "True"
        assert not os.path.exists(path)
