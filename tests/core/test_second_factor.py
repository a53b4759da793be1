"""Issue 18: a second factor (TOTP) for every local-password account that can open case files,
with single-use recovery codes, under django-axes' lockout; single sign-on is not asked again."""

import io
import json
import os
import subprocess
import sys
from base64 import b32decode

import pytest
from axes.utils import reset
from django.conf import settings as django_settings
from django.contrib.auth.backends import ModelBackend
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.management.commands.seed_demo import DEMO_PASSWORD
from core.second_factor import demo, services
from core.second_factor.rules import account_needs_second_factor, signed_in_through_single_sign_on
from tests import factories

pytestmark = pytest.mark.django_db
VERIFY = "/login/second-factor/"
ENROL = "/login/second-factor/enrol/"
RECOVERY = "/login/second-factor/recovery-codes/"
WRONG_CODE = "000000"


class FakeSingleSignOnBackend(ModelBackend):
    """Stands in for the OpenID Connect backend: any backend that is not a local password."""


FAKE_SSO_PATH = f"{__name__}.FakeSingleSignOnBackend"


def password_login(client, user, next_url=""):
    data = {"username": user.username, "password": factories.PASSWORD, "next": next_url}
    return client.post("/login/", data, follow=True)


def enrolled(user):
    """A user who linked an app earlier, with a known code for this instant."""
    return factories.authenticator_app(user)


def wrong_code(device) -> str:
    return next(code for code in ("000000", "111111", "222222")
                if code not in {factories.totp_code(device, s) for s in (-1, 0, 1)})


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    reset()
    yield settings
    reset()


class TestWhoNeedsTheSecondFactor:
    @pytest.mark.parametrize("make", [factories.hr, factories.legal, factories.decider])
    def test_every_role_that_sees_case_files_needs_it(self, make):
        assert account_needs_second_factor(make())

    def test_an_hr_lead_and_an_administrator_need_it(self):
        assert account_needs_second_factor(factories.UserFactory(groups=["hr_leads"]))
        assert account_needs_second_factor(factories.UserFactory(is_staff=True))

    def test_a_reporting_manager_is_exempted_by_default(self, settings):
        assert settings.OTP_EXEMPT_MANAGERS is True
        assert not account_needs_second_factor(factories.manager())

    def test_a_reporting_manager_needs_it_when_the_exemption_is_off(self, settings):
        settings.OTP_EXEMPT_MANAGERS = False
        assert account_needs_second_factor(factories.manager())

    def test_an_account_without_a_role_does_not_need_it(self):
        assert not account_needs_second_factor(factories.UserFactory())

    @pytest.mark.parametrize("path", [
        "django.contrib.auth.backends.ModelBackend", "axes.backends.AxesStandaloneBackend",
        "axes.backends.AxesBackend", None, ""])
    def test_local_password_backends_are_not_single_sign_on(self, path):
        assert not signed_in_through_single_sign_on(path)

    def test_any_other_backend_is_single_sign_on(self):
        assert signed_in_through_single_sign_on(FAKE_SSO_PATH)
        assert signed_in_through_single_sign_on("mozilla_django_oidc.auth.OIDCAuthenticationBackend")


class TestTheLoginHoldsAtTheSecondFactor:
    def test_an_hr_officer_without_an_app_is_sent_to_enrolment_after_the_password(
            self, client, second_factor):
        response = password_login(client, factories.hr())
        assert response.redirect_chain[-1][0].startswith(ENROL)
        html = response.content.decode()
        assert "<svg" in html and 'id="totp-secret"' in html
        assert " style=" not in html and "<style" not in html  # the strict CSP allows neither

    def test_an_unverified_session_reaches_no_page_but_the_code_and_logout(
            self, client, second_factor):
        user = factories.hr()
        enrolled(user)
        password_login(client, user)
        for url in ("/", "/cases/", "/cases/deadlines/", "/help/", "/admin/", RECOVERY):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(VERIFY), url
        assert client.post("/cases/", {}).url == VERIFY
        code_step = client.get(VERIFY)
        assert code_step.status_code == 200
        assert 'href="/cases/"' not in code_step.content.decode()  # no menu before the code
        client.post("/logout/")
        assert "_auth_user_id" not in client.session

    def test_the_right_code_opens_the_page_that_was_asked_for(self, client, second_factor):
        user = factories.hr()
        device = enrolled(user)
        response = password_login(client, user, next_url="/cases/")
        assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fcases%2F"
        response = client.post(VERIFY, {"code": factories.totp_code(device), "next": "/cases/"})
        assert response.status_code == 302 and response.url == "/cases/"
        assert client.get("/").status_code == 200

    def test_a_wrong_code_is_refused(self, client, second_factor):
        user = factories.legal()
        device = enrolled(user)
        password_login(client, user)
        response = client.post(VERIFY, {"code": wrong_code(device)})
        assert response.status_code == 200
        assert str(services.WRONG_CODE) in response.content.decode()
        assert client.get("/").url.startswith(VERIFY)

    def test_the_same_code_cannot_be_used_twice(self, second_factor):
        user = factories.decider()
        device = enrolled(user)
        code = factories.totp_code(device)
        first, second = factories.english_client(), factories.english_client()
        password_login(first, user)
        assert first.post(VERIFY, {"code": code}).status_code == 302
        password_login(second, user)
        response = second.post(VERIFY, {"code": code})
        assert response.status_code == 200 and str(services.WRONG_CODE) in response.content.decode()
        assert second.get("/").url.startswith(VERIFY)

    def test_a_reporting_manager_is_not_asked_for_a_code(self, client, second_factor):
        response = password_login(client, factories.manager())
        assert response.redirect_chain == [("/", 302)] and response.status_code == 200

    def test_a_manager_is_asked_when_the_exemption_is_off(self, client, second_factor):
        second_factor.OTP_EXEMPT_MANAGERS = False
        response = password_login(client, factories.manager())
        assert response.redirect_chain[-1][0].startswith(ENROL)

    def test_a_single_sign_on_session_is_not_asked_for_a_code(self, client, second_factor):
        second_factor.AUTHENTICATION_BACKENDS = [*django_settings.AUTHENTICATION_BACKENDS,
                                                 FAKE_SSO_PATH]
        client.force_login(factories.hr(), backend=FAKE_SSO_PATH)
        assert client.get("/").status_code == 200

    def test_a_password_session_of_the_same_user_is_asked(self, client, second_factor):
        client.force_login(factories.hr(), backend="django.contrib.auth.backends.ModelBackend")
        assert client.get("/").url.startswith(VERIFY)

    def test_a_verified_test_login_reaches_the_pages(self, client, second_factor, verified_login):
        verified_login(client, factories.hr())
        assert client.get("/").status_code == 200 and client.get("/cases/").status_code == 200

    def test_with_the_setting_off_nobody_is_asked(self, client, settings):
        settings.OTP_REQUIRED = False
        password_login(client, factories.hr())
        assert client.get("/cases/").status_code == 200


class TestEnrolment:
    def start(self, client):
        user = factories.hr()
        password_login(client, user)
        html = client.get(ENROL).content.decode()
        secret = html.split('id="totp-secret">')[1].split("<")[0]
        return user, TOTPDevice.objects.get(user=user, confirmed=False), secret

    def test_the_secret_shown_is_the_device_key_and_stays_across_reloads(self, client,
                                                                       second_factor):
        user, device, secret = self.start(client)
        assert b32decode(secret.replace(" ", "")) == device.bin_key
        assert secret in client.get(ENROL).content.decode()
        assert TOTPDevice.objects.filter(user=user).count() == 1

    def test_a_wrong_first_code_confirms_nothing(self, client, second_factor):
        user, device, _secret = self.start(client)
        response = client.post(ENROL, {"code": wrong_code(device)})
        assert str(services.WRONG_CODE) in response.content.decode()
        assert not TOTPDevice.objects.get(pk=device.pk).confirmed
        assert client.get("/").url.startswith(VERIFY)

    def test_an_empty_code_is_asked_again_without_an_error_page(self, client, second_factor):
        self.start(client)
        response = client.post(ENROL, {"code": ""})
        assert response.status_code == 200 and 'class="errorlist"' in response.content.decode()

    def test_the_right_code_confirms_the_app_and_shows_ten_recovery_codes_once(
            self, client, second_factor):
        user, device, _secret = self.start(client)
        response = client.post(ENROL, {"code": factories.totp_code(device), "next": "/cases/"})
        assert response.status_code == 302 and response.url.startswith(RECOVERY)
        assert TOTPDevice.objects.get(pk=device.pk).confirmed
        html = client.get(response.url).content.decode()
        codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert len(codes) == 10 and all(code in html for code in codes)
        again = client.get(RECOVERY).content.decode()
        assert not any(code in again for code in codes)
        assert "10 unused recovery codes" in again
        assert client.get("/cases/").status_code == 200


class TestRecoveryCodes:
    def enrolled_with_codes(self, user):
        return enrolled(user), services.recovery_codes_regenerate(user=user)

    def test_a_recovery_code_works_in_place_of_the_app_code_once(self, second_factor):
        user = factories.hr()
        _device, codes = self.enrolled_with_codes(user)
        first = factories.english_client()
        password_login(first, user)
        assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
        assert first.get("/").status_code == 200
        second = factories.english_client()
        password_login(second, user)
        response = second.post(VERIFY, {"code": codes[0]})
        assert str(services.WRONG_CODE) in response.content.decode()
        # django-otp makes the next try wait a second after a wrong code; the test does not wait.
        StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
        assert second.post(VERIFY, {"code": codes[1]}).status_code == 302

    def test_new_codes_void_the_old_ones(self, client, second_factor):
        user = factories.legal()
        _device, old = self.enrolled_with_codes(user)
        factories.login_verified(client, user)
        response = client.post(RECOVERY, {})
        new = client.get(response.url).content.decode()
        assert not any(code in new for code in old)
        fresh = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert len(fresh) == 10 and not fresh & set(old)
        other = factories.english_client()
        password_login(other, user)
        assert other.post(VERIFY, {"code": old[0]}).status_code == 200

    def test_the_recovery_code_page_needs_a_verified_session(self, client, second_factor):
        client.force_login(factories.manager())
        assert client.post(RECOVERY, {}).status_code == 302
        assert not StaticToken.objects.exists()


class TestLockout:
    def test_five_wrong_codes_lock_the_user_name_out_like_passwords(self, client, second_factor,
                                                                    axes_on):
        user = factories.hr()
        device = enrolled(user)
        password_login(client, user)
        for _ in range(4):
            assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200
        response = client.post(VERIFY, {"code": wrong_code(device)})
        assert response.status_code == 429
        assert "Too many login attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session
        again = client.post("/login/", {"username": user.username, "password": factories.PASSWORD})
        assert again.status_code == 429

    def test_a_right_code_clears_the_count(self, client, second_factor, axes_on):
        user = factories.hr()
        device = enrolled(user)
        password_login(client, user)
        for _ in range(4):
            client.post(VERIFY, {"code": wrong_code(device)})
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        assert client.post(VERIFY, {"code": factories.totp_code(device)}).status_code == 302
        client.post("/logout/")
        password_login(client, user)
        assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200

    def test_wrong_codes_in_quick_succession_ask_to_wait(self, client, second_factor):
        user = factories.hr()
        device = enrolled(user)
        password_login(client, user)
        client.post(VERIFY, {"code": wrong_code(device)})
        response = client.post(VERIFY, {"code": factories.totp_code(device)})
        assert str(services.WAIT_BEFORE_RETRY) in response.content.decode()


def test_production_settings_ask_for_the_second_factor():
    script = ("import django, json; from django.conf import settings; django.setup();"
              "print(json.dumps([settings.OTP_REQUIRED, settings.OTP_EXEMPT_MANAGERS,"
              " settings.MIDDLEWARE]))")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OTP_", "PYTEST"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_SECRET_KEY="k" * 50)
    result = subprocess.run([sys.executable, "-c", script], cwd=django_settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    required, exempt, middleware = json.loads(result.stdout.strip().splitlines()[-1])
    assert required is True and exempt is True
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert auth < middleware.index("django_otp.middleware.OTPMiddleware") < middleware.index(
        "core.second_factor.middleware.SecondFactorMiddleware")


class TestDemoAccounts:
    def test_seed_demo_prints_the_demo_key_and_its_code_logs_the_demo_hr_in(self, client,
                                                                             settings):
        settings.DEBUG = True
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        assert demo.demo_secret() in out.getvalue()
        assert "asked of hr, hr2, legal, director" in out.getvalue()
        code = io.StringIO()
        call_command("demo_totp_code", stdout=code)
        settings.DEBUG, settings.OTP_REQUIRED = False, True
        client.post("/login/", {"username": "hr", "password": DEMO_PASSWORD})
        assert client.get("/").url.startswith(VERIFY)
        assert client.post(VERIFY, {"code": code.getvalue().strip()}).status_code == 302
        assert client.get("/").status_code == 200

    def test_running_seed_demo_twice_keeps_one_demo_app_per_user(self, settings):
        settings.DEBUG = True
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())
        assert TOTPDevice.objects.filter(user__username="hr").count() == 1

    def test_the_demo_code_command_refuses_to_run_when_debug_is_off(self, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
            call_command("demo_totp_code")


def test_a_recovery_code_made_only_of_digits_is_still_taken_as_a_recovery_code(db):
    user = factories.hr()
    enrolled(user)
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    recovery.token_set.create(token="23456723")
    assert services.second_factor_verify(user=user, code="2345 6723") == recovery
    assert not recovery.token_set.exists()
