"""The security settings as a user and an attacker meet them: the Content Security Policy on every
page, templates that need no inline script or style, the login lockout after repeated failures,
sessions that end after inactivity, and a production configuration that `check --deploy` accepts."""

import json
import os
import re
import subprocess
import sys
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from axes.utils import reset
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tests import factories
from tests.security.conftest import english_client

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)
WRONG = "not-the-password"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")",
                           re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class TestContentSecurityPolicy:
    EXPECTED = {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
        "img-src": ["'self'", "data:"], "frame-ancestors": ["'none'"], "form-action": ["'self'"],
        "object-src": ["'none'"], "base-uri": ["'self'"],
    }

    def pages(self, world):
        case = world.triaged()
        return [
            (None, "/login/"), (None, "/does-not-exist/"),
            (world.manager, "/"), (world.manager, "/reports/new/"),
            (world.manager, f"/reports/{case.incident_id}/"),
            (world.hr, case.get_absolute_url()), (world.hr, "/cases/"),
            (world.hr, "/help/"), (world.manager, "/cases/deadlines/"),
        ]

    def test_every_page_sends_the_policy_without_inline_script_or_eval(self, world, client):
        for user, url in self.pages(world):
            if user:
                client.force_login(user)
            else:
                client.logout()
            response = client.get(url)
            assert policy(response) == self.EXPECTED, url
            header = response["Content-Security-Policy"]
            assert "unsafe-inline" not in header and "unsafe-eval" not in header

    def test_rendered_pages_have_no_inline_script_style_or_handler(self, world, client):
        """What the policy would block in a browser: so the pages work under it."""
        for user, url in self.pages(world):
            if user:
                client.force_login(user)
            html = client.get(url).content.decode()
            assert not INLINE_SCRIPT.search(html), f"inline <script> on {url}"
            assert "<style" not in html.lower(), f"<style> element on {url}"
            assert " style=" not in html.lower(), f"style attribute on {url}"
            assert not INLINE_HANDLER.search(html), f"inline event handler on {url}"
            assert "javascript:" not in html.lower(), f"javascript: link on {url}"

    def test_admin_pages_work_under_the_policy(self, client):
        client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
        for url in ("/admin/", "/admin/incidents/employee/", "/admin/incidents/employee/add/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert policy(response)["script-src"] == ["'self'"]
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), f"inline <script> on {url}"
            assert not INLINE_HANDLER.search(html), f"inline event handler on {url}"

    # Templates that never reach a browser from this site: PDF layouts (reportlab) and the index
    # page inside a subject-access ZIP, opened from the recipient's disk.
    NOT_SERVED = ("templates/documents/pdf/", "templates/retention/export_index.html")

    def test_templates_contain_no_inline_script_or_style(self):
        offenders = []
        for template in (BASE_DIR / "templates").rglob("*.html"):
            if str(template.relative_to(BASE_DIR)).startswith(self.NOT_SERVED):
                continue
            text = template.read_text()
            if INLINE_SCRIPT.search(text) or "<style" in text or " style=" in text \
                    or INLINE_HANDLER.search(text):
                offenders.append(str(template.relative_to(BASE_DIR)))
        assert offenders == []

    def test_evidence_download_keeps_its_stricter_sandbox_policy(self, world, client):
        case = world.reported()
        evidence = case.incident.evidence.get()
        client.force_login(world.manager)
        response = client.get(f"/reports/{case.incident_id}/evidence/{evidence.pk}/")
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'; img-src 'self'"

    def test_other_protective_headers(self, client):
        response = client.get("/login/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def run_settings(**env) -> dict:
    """Load config.settings in a fresh process with `env` (as production would) and run
    `check --deploy`; return the security settings it ended up with."""
    script = (
        "import io, json, django; from django.conf import settings; django.setup();"
        "from django.core.management import call_command; out = io.StringIO();"
        "call_command('check', deploy=True, fail_level='CRITICAL', stdout=out, stderr=out);"
        "names = ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
        " 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        " 'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_AGE', 'SESSION_SAVE_EVERY_REQUEST',"
        " 'AXES_FAILURE_LIMIT', 'AXES_ENABLED'];"
        "values = {n: getattr(settings, n) for n in names};"
        "values['AXES_COOLOFF_MINUTES'] = settings.AXES_COOLOFF_TIME.total_seconds() / 60;"
        "values['AUTHENTICATION_BACKENDS'] = settings.AUTHENTICATION_BACKENDS;"
        "values['MIDDLEWARE'] = settings.MIDDLEWARE; values['check'] = out.getvalue();"
        "print(json.dumps(values))"
    )
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0",
                  "DJANGO_SECRET_KEY": "k3y-" + "x7Q9#b" * 12,
                  "DJANGO_ALLOWED_HOSTS": "tuchtdossier.example.be"}, **env)
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=clean,
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


class TestProductionSettings:
    def test_deploy_check_is_clean_and_cookies_and_hsts_are_strict_by_default(self):
        values = run_settings()
        assert "no issues" in values["check"], values["check"]
        assert values["DEBUG"] is False
        assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
        assert values["SESSION_COOKIE_HTTPONLY"] and values["SECURE_SSL_REDIRECT"]
        assert values["SECURE_HSTS_SECONDS"] == 31_536_000
        assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
        assert values["SESSION_COOKIE_AGE"] == 1800 and values["SESSION_SAVE_EVERY_REQUEST"]
        assert values["AXES_FAILURE_LIMIT"] == 5 and values["AXES_COOLOFF_MINUTES"] == 15
        assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
        assert values["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
        assert "csp.middleware.CSPMiddleware" in values["MIDDLEWARE"]

    def test_hsts_session_idle_time_and_lockout_come_from_the_environment(self):
        values = run_settings(DJANGO_HSTS_SECONDS="600", DJANGO_HSTS_PRELOAD="0",
                              DJANGO_SESSION_IDLE_SECONDS="900", DJANGO_LOGIN_FAILURE_LIMIT="3",
                              DJANGO_LOGIN_LOCKOUT_MINUTES="60")
        assert values["SECURE_HSTS_SECONDS"] == 600 and values["SECURE_HSTS_PRELOAD"] is False
        assert values["SESSION_COOKIE_AGE"] == 900
        assert values["AXES_FAILURE_LIMIT"] == 3 and values["AXES_COOLOFF_MINUTES"] == 60


class Clock:
    """Stands in for django.utils.timezone.now, so a test can let half an hour pass."""

    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


# django-axes imported `now` by name in these modules, so they are patched as well.
CLOCK_TARGETS = ("django.utils.timezone.now", "axes.attempts.now", "axes.handlers.proxy.now")


@pytest.fixture
def clock():
    ticking = Clock()
    with ExitStack() as stack:
        for target in CLOCK_TARGETS:
            stack.enter_context(mock.patch(target, ticking))
        yield ticking


class TestSessionIdleTimeout:
    def test_a_session_idle_longer_than_the_limit_is_logged_out(self, world, client, clock):
        client.force_login(world.hr)
        assert client.get("/").status_code == 200
        clock.advance(settings.SESSION_COOKIE_AGE + 1)
        response = client.get("/cases/")
        assert response.status_code == 302 and response.url.startswith("/login/")

    def test_activity_keeps_the_session_alive(self, world, client, clock):
        client.force_login(world.hr)
        for _ in range(3):
            clock.advance(settings.SESSION_COOKIE_AGE - 60)
            assert client.get("/").status_code == 200

    def test_the_session_cookie_is_http_only_and_ends_with_the_browser(self, world, client):
        response = client.post("/login/", {"username": world.hr.username,
                                           "password": factories.PASSWORD})
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert not cookie["max-age"] and not cookie["expires"]


@pytest.fixture
def axes(settings):
    settings.AXES_ENABLED = True
    reset()
    yield settings
    reset()


def attempt(client, user, password=WRONG):
    return client.post("/login/", {"username": user.username, "password": password})


class TestLoginLockout:
    def test_the_fifth_wrong_password_locks_the_user_name_out(self, world, client, axes):
        for _ in range(4):
            response = attempt(client, world.hr)
            assert response.status_code == 200
            assert "did not match" in response.content.decode()
        response = attempt(client, world.hr)
        assert response.status_code == 429
        assert "Too many login attempts" in response.content.decode()
        assert "15 minutes" in response.content.decode()

    def test_a_locked_out_user_name_is_refused_even_with_the_right_password(
            self, world, client, axes):
        for _ in range(5):
            attempt(client, world.hr)
        response = attempt(client, world.hr, factories.PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_colleagues_behind_the_same_address_can_still_log_in(self, world, client, axes):
        for _ in range(5):
            attempt(client, world.hr)
        response = attempt(client, world.manager, factories.PASSWORD)
        assert response.status_code == 302 and response.url == "/"

    def test_the_lockout_ends_after_fifteen_minutes(self, world, client, axes, clock):
        for _ in range(5):
            attempt(client, world.hr)
        clock.advance(15 * 60 + 1)
        response = attempt(client, world.hr, factories.PASSWORD)
        assert response.status_code == 302 and response.url == "/"

    def test_trying_again_during_the_lockout_starts_the_fifteen_minutes_again(
            self, world, client, axes, clock):
        for _ in range(5):
            attempt(client, world.hr)
        clock.advance(14 * 60)
        assert attempt(client, world.hr, factories.PASSWORD).status_code == 429
        clock.advance(2 * 60)
        assert attempt(client, world.hr, factories.PASSWORD).status_code == 429
        clock.advance(15 * 60 + 1)
        assert attempt(client, world.hr, factories.PASSWORD).status_code == 302

    def test_a_successful_login_resets_the_count(self, world, client, axes):
        for _ in range(4):
            attempt(client, world.hr)
        assert attempt(client, world.hr, factories.PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            assert attempt(client, world.hr).status_code == 200
        assert attempt(client, world.hr, factories.PASSWORD).status_code == 302

    def test_limit_and_duration_follow_the_settings(self, world, client, axes):
        axes.AXES_FAILURE_LIMIT = 2
        axes.AXES_COOLOFF_TIME = timedelta(minutes=45)
        attempt(client, world.hr)
        response = attempt(client, world.hr)
        assert response.status_code == 429 and "45 minutes" in response.content.decode()

    def test_the_lockout_page_is_translated(self, world, axes):
        dutch = english_client()
        dutch.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl-be"
        for _ in range(5):
            response = attempt(dutch, world.hr)
        html = response.content.decode()
        assert '<html lang="nl-be">' in html
        assert response.status_code == 429

    def test_the_login_page_still_works(self, world, client, axes):
        assert client.get("/login/").status_code == 200
        response = attempt(client, world.hr, factories.PASSWORD)
        assert response.status_code == 302 and response.url == "/"
        assert client.get("/").status_code == 200

    def test_test_client_login_passes_a_request_to_axes(self, world, client, axes):
        """With axes on, Client.login must be given a request (axes' AxesStandaloneBackend
        refuses to authenticate without one); force_login bypasses authentication entirely."""
        assert client.login(request=HttpRequest(), username=world.hr.username,
                            password=factories.PASSWORD)
