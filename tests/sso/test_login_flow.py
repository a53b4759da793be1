"""Single sign-on through a real OpenID provider (tests/oidc_provider, a separate process): the
code flow with PKCE, discovery, the id token's signature, the role map, refusals, logout."""

from urllib.parse import parse_qs, urlparse

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate, get_user_model
from django.test import Client

from core.roles import HR
from core.sso.views import CANCELLED, FAILURE_MESSAGES, PASSWORD_LOGIN_OFF, UNREACHABLE
from core.sso.backends import INACTIVE, NOT_MATCHED, REJECTED
from tests import factories
from tests.browser.journeys import reported_case
from tests.oidc_provider.fixtures import HR_GROUP, HR_PERSON, NEWCOMER, PROVIDER_PASSWORD, \
    sign_in_at_provider

pytestmark = pytest.mark.django_db


def single_sign_on(client, person, password=PROVIDER_PASSWORD):
    """The whole round trip: the app's button, the provider's form, the app's callback."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    callback = sign_in_at_provider(start["Location"], person["username"], password)
    return client.get(callback.removeprefix("http://testserver"))


def logged_in_user(client):
    return get_user_model().objects.filter(
        pk=client.session.get("_auth_user_id")).first()


def messages_on_login_page(client):
    page = client.get("/login/")
    return [str(message) for message in page.context["messages"]]


class TestSuccessfulLogin:
    def test_person_in_the_mapped_group_arrives_on_the_hr_home_page(self, client, sso):
        sso(OIDC_GROUPS_CLAIM="groups", OIDC_ROLE_MAP={HR_GROUP: HR})
        response = single_sign_on(client, HR_PERSON)
        assert response.status_code == 302 and response["Location"] == "/"
        user = logged_in_user(client)
        assert user.email == HR_PERSON["email"]
        # The session names how it was opened: not by a password checked here.
        assert client.session[BACKEND_SESSION_KEY] == "core.sso.backends.OrganisationOIDCBackend"
        assert set(user.groups.values_list("name", flat=True)) == {HR}
        home = client.get("/")
        assert "Triage queue" in home.content.decode()

    def test_newcomer_is_created_without_rights_and_sees_no_case(self, client, sso):
        case = reported_case()
        response = single_sign_on(client, NEWCOMER)
        assert response.status_code == 302
        user = logged_in_user(client)
        assert user.username == NEWCOMER["email"]
        assert not user.groups.exists() and user.get_all_permissions() == set()
        home = client.get("/").content.decode()
        assert "Your account has no role yet" in home
        assert case.reference not in home
        assert case.reference not in client.get("/cases/").content.decode()
        assert client.get(case.get_absolute_url()).status_code == 404

    def test_existing_account_is_found_by_email_and_keeps_its_roles(self, client, sso):
        existing = factories.legal(username="hpeeters", email=HR_PERSON["email"].lower())
        single_sign_on(client, HR_PERSON)
        assert logged_in_user(client) == existing
        assert get_user_model().objects.count() == 1
        assert existing.groups.get().name == "legal"

    def test_login_page_offers_the_organisations_provider_in_dutch(self, sso):
        page = Client().get("/login/").content.decode()
        assert "Aanmelden met Testprovider" in page
        assert 'href="/oidc/authenticate/"' in page
        assert 'name="password"' in page


class TestRefusedLogin:
    def test_wrong_client_secret_does_not_log_in_and_says_why(self, client, sso):
        sso(OIDC_RP_CLIENT_SECRET="not-the-secret")
        response = single_sign_on(client, HR_PERSON)
        assert response["Location"] == "/login/"
        assert logged_in_user(client) is None
        assert str(FAILURE_MESSAGES[REJECTED]) in messages_on_login_page(client)
        assert not get_user_model().objects.exists()

    def test_token_signed_by_a_key_the_app_does_not_trust_is_refused(self, client, sso,
                                                                    oidc_provider):
        sso(OIDC_OP_JWKS_ENDPOINT=f"{oidc_provider.url}/untrusted/jwks/")
        response = single_sign_on(client, HR_PERSON)
        assert response["Location"] == "/login/"
        assert logged_in_user(client) is None
        assert str(FAILURE_MESSAGES[REJECTED]) in messages_on_login_page(client)

    def test_expired_id_token_is_refused(self, client, sso, expiring_oidc_provider):
        sso(expiring_oidc_provider)
        single_sign_on(client, HR_PERSON)
        assert logged_in_user(client) is None
        assert str(FAILURE_MESSAGES[REJECTED]) in messages_on_login_page(client)

    def test_callback_this_browser_never_asked_for_is_refused(self, client, sso):
        start = Client().get("/oidc/authenticate/")
        callback = sign_in_at_provider(start["Location"], HR_PERSON["username"],
                                       PROVIDER_PASSWORD)
        client.get("/oidc/authenticate/")  # this browser started a sign-on of its own
        response = client.get(callback.removeprefix("http://testserver"))
        assert response.status_code == 302 and logged_in_user(client) is None

    def test_provider_that_refuses_sends_back_a_clear_message(self, client, sso):
        client.get("/oidc/authenticate/")
        state = next(iter(client.session["oidc_states"]))
        response = client.get("/oidc/callback/", {"error": "access_denied", "state": state})
        assert response["Location"] == "/login/"
        assert str(CANCELLED) in messages_on_login_page(client)

    def test_two_accounts_with_the_provider_email_log_in_neither(self, client, sso):
        factories.UserFactory(email=HR_PERSON["email"])
        factories.UserFactory(email=HR_PERSON["email"].upper())
        single_sign_on(client, HR_PERSON)
        assert logged_in_user(client) is None
        assert str(FAILURE_MESSAGES[NOT_MATCHED]) in messages_on_login_page(client)

    def test_account_switched_off_here_does_not_log_in(self, client, sso):
        factories.hr(email=HR_PERSON["email"], is_active=False)
        single_sign_on(client, HR_PERSON)
        assert logged_in_user(client) is None
        assert str(FAILURE_MESSAGES[INACTIVE]) in messages_on_login_page(client)

    def test_unreachable_provider_gives_a_message_not_an_error(self, client, sso):
        sso(OIDC_ISSUER="http://127.0.0.1:9/o")
        response = client.get("/oidc/authenticate/")
        assert response["Location"] == "/login/"
        assert str(UNREACHABLE) in messages_on_login_page(client)


class TestSecondFactor:
    def test_single_sign_on_is_not_asked_for_a_code_but_the_password_is(self, client, sso,
                                                                        settings):
        settings.OTP_REQUIRED = True
        sso(OIDC_GROUPS_CLAIM="groups", OIDC_ROLE_MAP={HR_GROUP: HR})
        single_sign_on(client, HR_PERSON)
        assert "Triage queue" in client.get("/").content.decode()

        user = logged_in_user(client)
        user.set_password(factories.PASSWORD)
        user.save()
        browser = factories.english_client()
        browser.post("/login/", {"username": user.username, "password": factories.PASSWORD})
        assert browser.get("/")["Location"].startswith("/login/second-factor/")


class TestLockouts:
    def test_refused_single_sign_ons_never_lock_out_the_address(self, client, sso, settings):
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = 2
        sso(OIDC_RP_CLIENT_SECRET="not-the-secret")
        for _attempt in range(3):
            single_sign_on(client, HR_PERSON)
        assert not AccessAttempt.objects.exists()
        sso()
        single_sign_on(client, HR_PERSON)
        assert logged_in_user(client).email == HR_PERSON["email"]

    def test_wrong_passwords_still_lock_out(self, sso, settings):
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = 2
        user = factories.hr(username="hanne")
        browser = Client()
        for _attempt in range(2):
            browser.post("/login/", {"username": "hanne", "password": "wrong"})
        response = browser.post("/login/", {"username": "hanne", "password": factories.PASSWORD})
        assert response.status_code == 429
        assert "_auth_user_id" not in browser.session
        assert user.is_active


class TestLogout:
    def test_logout_ends_the_session_and_the_providers(self, client, sso, oidc_provider):
        single_sign_on(client, HR_PERSON)
        response = client.post("/logout/")
        target = urlparse(response["Location"])
        end_session = f"{target.scheme}://{target.netloc}{target.path}"
        assert end_session == f"{oidc_provider.issuer}/logout/"
        query = parse_qs(target.query)
        assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
        assert query["id_token_hint"][0].count(".") == 2
        assert logged_in_user(client) is None
        assert client.get("/").status_code == 302

    def test_password_user_logs_out_here_only(self, client, sso):
        user = factories.hr()
        client.force_login(user)
        response = client.post("/logout/")
        assert response["Location"] == "/login/"
        assert logged_in_user(client) is None


class TestPasswordLoginSwitchedOff:
    @pytest.fixture
    def passwords_off(self, sso, settings):
        settings.LOCAL_PASSWORD_LOGIN = False
        return factories.hr(username="hanne")

    def test_login_page_has_no_password_form(self, passwords_off):
        page = Client().get("/login/").content.decode()
        assert 'name="password"' not in page
        assert "Aanmelden met Testprovider" in page

    def test_posted_password_is_refused(self, passwords_off):
        browser = factories.english_client()
        response = browser.post("/login/", {"username": "hanne", "password": factories.PASSWORD})
        assert response.status_code == 403
        assert str(PASSWORD_LOGIN_OFF) in response.content.decode()
        assert "_auth_user_id" not in browser.session

    def test_admin_password_form_is_refused_too(self, passwords_off, settings):
        passwords_off.is_staff = passwords_off.is_superuser = True
        passwords_off.save()
        browser = Client()
        response = browser.post("/admin/login/?next=/admin/",
                                {"username": "hanne", "password": factories.PASSWORD})
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert "_auth_user_id" not in browser.session

    def test_no_form_whatever_logs_in_with_a_password(self, passwords_off, rf, settings):
        request = rf.post("/any-form/")
        assert authenticate(request, username="hanne", password=factories.PASSWORD) is None
        settings.LOCAL_PASSWORD_LOGIN = True
        assert authenticate(request, username="hanne", password=factories.PASSWORD) == passwords_off

    def test_single_sign_on_still_logs_in(self, client, passwords_off):
        single_sign_on(client, HR_PERSON)
        assert logged_in_user(client).email == HR_PERSON["email"]


def test_without_configuration_there_is_no_single_sign_on(settings):
    settings.OIDC_ENABLED = False
    assert Client().get("/oidc/authenticate/").status_code == 404
    assert Client().get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404
    assert "Aanmelden met" not in Client().get("/login/").content.decode()
