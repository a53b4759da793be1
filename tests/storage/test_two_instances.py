"""Two application instances behind one address: two gunicorn processes on their own ports, with
production settings, sharing one PostgreSQL database and one object storage (moto's S3 server).
People work on both at once, over real HTTP; the cron jobs are started on both at the same moment.

A session opened on one instance is valid on the other, a lockout made on one holds on the other,
the same step fired on both at once succeeds once and the other gets the conflict explained,
documents issued on both at once get distinct versions, evidence uploaded through one downloads
through the other, and the reminders and the retention purge run once."""

import os
import re
import secrets
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from benchmarks.throughput import free_port, start_gunicorn, stop
from config.settings import object_storage
from core.models import JobRun
from incidents.models import Evidence
from tests import factories
from tests.retention.conftest import first_purge_day
from tests.security.conftest import png_bytes, reported_case
from tests.storage.conftest import Bucket, new_bucket
from tests.workflows.conftest import submitted_case
from workflows.documents.models import IssuedDocument
from workflows.integrity import check_case
from workflows.models import Case
from workflows.retention.models import RetentionLog
from workflows.services import steps

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="two instances share one PostgreSQL database (CI's PostgreSQL pass)"),
    # The instances only see committed rows; the migrations' rows come back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROOT = Path(django_settings.BASE_DIR)
PASSWORD = "Twee-Servers-2026!"
SECRET_KEY = "two-instances-test-" + "s" * 50


def database_url_of_this_run() -> str:
    """DATABASE_URL of this run, pointing at the test database pytest-django created."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def with_password(user):
    """A password the instances can check: production hashes with PBKDF2 (the test settings use
    a fast hasher the instances do not know)."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


@dataclass
class Cluster:
    a: str
    b: str
    environment: dict
    mail: Path
    bucket: Bucket

    def manage_at_once(self, *commands) -> list[subprocess.CompletedProcess]:
        """Start `manage.py` with each argument list at the same moment, one per instance."""
        processes = [subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args],
                                      cwd=ROOT, env=self.environment, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                     for args in commands]
        results = []
        for process, args in zip(processes, commands):
            out, err = process.communicate(timeout=120)
            results.append(subprocess.CompletedProcess(args, process.returncode, out, err))
        return results

    def mails(self) -> list[str]:
        """Every mail written by the file backend of any process (one file per connection)."""
        texts = [path.read_text() for path in sorted(self.mail.glob("*.log"))]
        return [line for text in texts for line in text.splitlines()
                if line.startswith("Subject: ")]


@dataclass
class Setting:
    """What both instances of every test share: production settings, a bucket, static files."""
    environment: dict
    folder: Path
    bucket: Bucket


@pytest.fixture(scope="module")
def setting(django_db_setup, s3_endpoint, tmp_path_factory):
    folder = tmp_path_factory.mktemp("instances")
    bucket = new_bucket(s3_endpoint)
    environment = {**os.environ, **bucket.environment,
                   "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0",
                   "DJANGO_SECRET_KEY": SECRET_KEY, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                   "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_HSTS_SECONDS": "0",
                   "DATABASE_URL": database_url_of_this_run(), "DATABASE_CONN_MAX_AGE": "0",
                   # Nothing may land on a local disk.
                   "MEDIA_ROOT": str(folder / "no-media"),
                   "DJANGO_STATIC_ROOT": str(folder / "static"),
                   "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                   "DJANGO_LOG_LEVEL": "WARNING", "DJANGO_LOG_FORMAT": "text",
                   # The password form alone: the second factor has its own tests
                   # (tests/core/test_second_factor.py, tests/browser/test_second_factor.py).
                   "OTP_REQUIRED": "0"}
    collected = subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic",
                                "--noinput", "-v0"], cwd=ROOT, env=environment,
                               capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0, collected.stderr
    yield Setting(environment=environment, folder=folder, bucket=bucket)
    assert not (folder / "no-media").exists(), "an instance wrote to its local disk"


@pytest.fixture
def cluster(setting, transactional_db, settings, tmp_path):
    """Two instances started for this test, a mail folder of its own, and this test process
    reading the same bucket as the instances.

    Started anew for each test: the flush between tests gives the content types and permissions
    new keys, and a running worker keeps the keys it read first (Django caches content types per
    process, as a production server does for its whole life), so it would look for rights under
    the keys of an earlier test."""
    settings.STORAGES = {**settings.STORAGES,
                         "default": object_storage(setting.bucket.environment)}
    environment = {**setting.environment, "DJANGO_EMAIL_FILE_PATH": str(tmp_path / "mail")}
    ports = [free_port(), free_port()]
    servers = []
    try:
        for name, port in zip("ab", ports):
            servers.append(start_gunicorn(port, environment, tmp_path / f"gunicorn-{name}.log"))
        yield Cluster(a=f"http://127.0.0.1:{ports[0]}", b=f"http://127.0.0.1:{ports[1]}",
                      environment=environment, mail=tmp_path / "mail", bucket=setting.bucket)
    finally:
        for server in servers:
            stop(server)


class Person:
    """One browser: its cookies (kept by hand: the session cookie is marked Secure, and the
    instances are reached over plain HTTP on the loopback), a CSRF token, English pages."""

    def __init__(self):
        self.cookies = {"csrftoken": secrets.token_hex(16), "django_language": "en"}

    def request(self, method: str, url: str, **options) -> requests.Response:
        response = requests.request(method, url, cookies=self.cookies, allow_redirects=False,
                                    timeout=60, **options)
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, url: str) -> requests.Response:
        return self.request("GET", url)

    def post(self, url: str, data: dict | None = None, files=None) -> requests.Response:
        return self.request("POST", url, files=files,
                            data={**(data or {}), "csrfmiddlewaretoken": self.cookies["csrftoken"]})

    def log_in(self, base: str, user, password: str = PASSWORD) -> requests.Response:
        return self.post(f"{base}/login/", {"username": user.username, "password": password})


def logged_in(base: str, user) -> Person:
    person = Person()
    response = person.log_in(base, user)
    assert response.status_code == 302 and "sessionid" in person.cookies, response.text[:300]
    return person


def what_the_page_says(answer) -> str:
    """The text of a page's main part (its headings and messages), for an assertion's report."""
    text = getattr(answer, "text", "")
    main = re.search(r"<main.*?</main>", text, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(0) if main else text))[:600]


def at_once(*calls):
    """Each call in its own thread, released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=30)
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test as the result
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def test_a_session_opened_on_one_instance_is_valid_on_the_other(cluster):
    hr = with_password(factories.hr_lead(username="hr-twee", first_name="Hanne"))
    stranger = Person()
    assert stranger.get(f"{cluster.b}/cases/").status_code == 302
    person = logged_in(cluster.a, hr)
    page = person.get(f"{cluster.b}/cases/")
    assert page.status_code == 200 and "Hanne" in page.text
    assert person.post(f"{cluster.b}/logout/").status_code == 302
    assert person.get(f"{cluster.a}/cases/").status_code == 302, "logged out everywhere"


def test_a_lockout_made_on_one_instance_holds_on_the_other(cluster):
    hr = with_password(factories.hr(username="hr-vergeet"))
    attacker = Person()
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        assert attacker.log_in(cluster.a, hr, password="fout").status_code in {200, 429}
    owner = Person()
    refused = owner.log_in(cluster.b, hr)
    assert refused.status_code == 429 and "sessionid" not in owner.cookies
    assert owner.get(f"{cluster.b}/cases/").status_code == 302


def test_the_same_step_on_both_instances_at_once_succeeds_once(cluster):
    hr = with_password(factories.hr(username="hr-sluit"))
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    on_a, on_b = logged_in(cluster.a, hr), logged_in(cluster.b, hr)
    url = f"/cases/{case.reference}/step/close_without_follow_up/"
    answers = at_once(lambda: on_a.post(cluster.a + url, {"reason": "Niet bewezen (A)."}),
                      lambda: on_b.post(cluster.b + url, {"reason": "Niet bewezen (B)."}))
    assert sorted(answer.status_code for answer in answers) == [302, 409], answers
    refused = next(answer for answer in answers if answer.status_code == 409)
    assert ("was changed by" in refused.text
            or "This step is not possible while the case is in the state" in refused.text)
    case.refresh_from_db()
    assert case.state == "closed"
    assert case.events.filter(kind="close_without_follow_up").count() == 1
    assert check_case(case) == []


def test_documents_issued_on_both_instances_at_once_get_distinct_versions(cluster):
    hr = with_password(factories.hr(username="hr-brief"))
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    # One browser per request: a browser's cookies are not shared between threads.
    on_a, on_b, again_a, again_b = (logged_in(base, hr) for base in (
        cluster.a, cluster.b, cluster.a, cluster.b))
    url = f"/cases/{case.reference}/documents/issue/incident_report/"
    answers = at_once(lambda: on_a.post(cluster.a + url), lambda: on_b.post(cluster.b + url),
                      lambda: again_a.post(cluster.a + url), lambda: again_b.post(cluster.b + url))
    assert [answer.status_code for answer in answers] == [302] * 4, [
        (answer, what_the_page_says(answer)) for answer in answers]
    documents = IssuedDocument.objects.filter(case=case).order_by("version")
    assert [document.version for document in documents] == [1, 2, 3, 4]
    for document in documents:
        download = on_b.get(f"{cluster.b}/cases/{case.reference}/documents/{document.pk}/download/")
        assert download.status_code == 200 and download.content.startswith(b"%PDF")
        assert len(download.content) == document.size
    assert check_case(case) == []


def test_evidence_uploaded_through_one_instance_downloads_through_the_other(cluster):
    manager = with_password(factories.manager(username="leiding-twee"))
    lead = with_password(factories.hr_lead(username="hr-lead-twee"))
    other_manager = with_password(factories.manager(username="leiding-ander"))
    case = reported_case(manager)
    content = png_bytes(71, 33)
    reporter = logged_in(cluster.a, manager)
    added = reporter.post(f"{cluster.a}/reports/{case.incident_id}/addendum/",
                          {"text": "Nog een schermafdruk."},
                          files={"files": ("tweede.png", content, "image/png")})
    assert added.status_code == 302, added.text[:500]
    evidence = Evidence.objects.get(incident=case.incident, original_name="tweede.png")
    assert cluster.bucket.read(evidence.file.name) == content
    url = f"/reports/{case.incident_id}/evidence/{evidence.pk}/"
    download = logged_in(cluster.b, lead).get(cluster.b + url)
    assert download.status_code == 200 and download.content == content
    refused = logged_in(cluster.b, other_manager).get(cluster.b + url)
    assert refused.status_code == 404 and cluster.bucket.name not in refused.text
    assert not re.search(r"X-Amz-(Signature|Credential)", refused.text + str(refused.headers))


def test_reminders_started_on_both_instances_at_once_are_mailed_once(cluster):
    hr = factories.hr(username="hr-herinnering", email="hr@example.org")
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    steps.case_open_dismissal(case=case, user=hr, knowledge_date=case.incident.knowledge_date)
    runs = cluster.manage_at_once(["send_deadline_reminders", "--days", "10"],
                                  ["send_deadline_reminders", "--days", "10"])
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    outputs = sorted(run.stdout.strip() for run in runs)
    assert sum("Reminders sent: 1" in output for output in outputs) == 1, outputs
    assert sum("this run stops" in output for output in outputs) == 1, outputs
    assert len(cluster.mails()) == 1
    assert JobRun.objects.filter(job="send_deadline_reminders").count() == 1


def test_retention_started_on_both_instances_at_once_purges_each_case_once(cluster):
    hr = factories.hr(username="hr-bewaring")
    case = steps.case_take_in_triage(case=reported_case(factories.manager()), user=hr)
    case = steps.case_close_without_follow_up(case=case, user=hr, reason="Niet bewezen.")
    evidence_names = list(case.incident.evidence.exclude(file="").values_list("file", flat=True))
    assert evidence_names and set(evidence_names) <= set(cluster.bucket.keys())
    day = first_purge_day(case).isoformat()
    runs = cluster.manage_at_once(["apply_retention", "--today", day],
                                  ["apply_retention", "--today", day])
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    purged = [run.stdout for run in runs if "1 case(s) purged" in run.stdout]
    assert len(purged) == 1, [run.stdout for run in runs]
    assert not Case.objects.filter(pk=case.pk).exists()
    assert list(RetentionLog.objects.values_list("reference", flat=True)) == [case.reference]
    assert not set(evidence_names) & set(cluster.bucket.keys())
