"""Single sign-on in a real browser, through a real OpenID provider in its own process
(tests/oidc_provider): login, the role map, a user without rights, logout, refused tokens."""

import re

import pytest
from playwright.sync_api import expect

from config.sso import with_form_action
from core.roles import HR
from core.sso.discovery import forget_discovery_documents
from tests.browser.journeys import reported_case
from tests.oidc_provider.fixtures import HR_GROUP, HR_PERSON, NEWCOMER, PROVIDER_PASSWORD
from tests.oidc_provider.fixtures import oidc_provider  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFUSED = "Het antwoord van de aanmeldingsdienst kon niet worden gecontroleerd"


@pytest.fixture
def sso(settings, oidc_provider):  # noqa: F811
    """Single sign-on through the test provider, HR's directory group mapped to the HR role."""
    forget_discovery_documents()
    overrides = oidc_provider.settings(OIDC_GROUPS_CLAIM="groups", OIDC_ROLE_MAP={HR_GROUP: HR})
    for name, value in overrides.items():
        setattr(settings, name, value)
    settings.CONTENT_SECURITY_POLICY = with_form_action(settings.CONTENT_SECURITY_POLICY,
                                                        [oidc_provider.url])
    yield oidc_provider
    forget_discovery_documents()


def sign_in(page, live_server, person):
    """The button on our login page, the provider's own form, back to the application."""
    page.goto("/login/")
    page.get_by_role("button", name="Aanmelden met Testprovider").click()
    page.locator("#provider-username").fill(person["username"])
    page.locator("#provider-password").fill(PROVIDER_PASSWORD)
    with page.expect_navigation(url=re.compile(re.escape(live_server.url))):
        page.get_by_role("button", name="Sign in at the provider").click()


def test_hr_person_signs_in_through_the_provider_and_reaches_the_hr_home(
        page, live_server, sso, axe_check):
    case = reported_case()
    sign_in(page, live_server, HR_PERSON)

    expect(page).to_have_url(f"{live_server.url}/")
    triage = page.get_by_role("region", name="Meldingen voor triage")
    expect(triage.get_by_role("link", name=case.reference)).to_be_visible()
    expect(page.locator(".nav-wide form[action$='/logout/'] button")).to_contain_text(
        "Hanne Peeters")
    assert axe_check(page) == []


def test_logout_ends_the_session_here_and_at_the_provider(page, live_server, sso):
    sign_in(page, live_server, HR_PERSON)
    with page.expect_navigation(url=re.compile(r"/login/$")):
        page.locator(".nav-wide form[action$='/logout/'] button").click()

    expect(page.get_by_role("button", name="Aanmelden met Testprovider")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    # The provider's session ended too: signing in again asks for the password there.
    page.get_by_role("button", name="Aanmelden met Testprovider").click()
    expect(page.locator("#provider-password")).to_be_visible()


def test_person_without_rights_reaches_a_no_access_yet_page_and_sees_no_case(
        page, live_server, sso, axe_check):
    case = reported_case()
    sign_in(page, live_server, NEWCOMER)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main")).to_contain_text("Aan uw account is nog geen rol toegekend")
    assert case.reference not in page.content()
    page.goto("/cases/")
    assert case.reference not in page.content()
    assert axe_check(page) == []


@pytest.mark.parametrize("refusal", ["wrong client secret", "token signed by another key"])
def test_refused_token_does_not_log_in_and_says_why(page, live_server, sso, settings, refusal,
                                                     axe_check):
    if refusal == "wrong client secret":
        settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"
    else:
        settings.OIDC_OP_JWKS_ENDPOINT = f"{sso.url}/untrusted/jwks/"
    sign_in(page, live_server, HR_PERSON)

    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.locator(".message-error")).to_contain_text(REFUSED)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    assert axe_check(page) == []


def test_without_passwords_the_login_page_offers_only_the_provider(page, live_server, sso,
                                                                   settings, axe_check):
    settings.LOCAL_PASSWORD_LOGIN = False
    page.goto("/login/")
    expect(page.get_by_role("button", name="Aanmelden met Testprovider")).to_be_visible()
    expect(page.locator("input[type=password]")).to_have_count(0)
    assert axe_check(page) == []
