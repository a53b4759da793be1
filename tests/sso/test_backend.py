"""How the single sign-on backend finds, creates and gives roles to accounts (no provider
needed: the claims are what the provider would have sent)."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation

from config.sso import parse_role_map
from core.roles import HR, HR_LEADS, LEGAL
from core.sso.backends import AccountNotMatched, OrganisationOIDCBackend
from tests import factories

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "OIDC_ENABLED": True, "OIDC_ISSUER": "", "OIDC_RP_CLIENT_ID": "tuchtdossier",
    "OIDC_RP_CLIENT_SECRET": "secret", "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.test/a",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.test/t", "OIDC_OP_USER_ENDPOINT": "https://idp.test/u",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.test/k",
}


@pytest.fixture
def backend(settings):
    for name, value in ENDPOINTS.items():
        setattr(settings, name, value)
    return OrganisationOIDCBackend()


def log_in(backend, claims):
    """What the backend does with the claims of a verified token."""
    backend.verify_claims(claims)
    users = backend.filter_users_by_claims(claims)
    return backend.update_user(users[0], claims) if users else backend.create_user(claims)


class TestMatching:
    def test_existing_user_is_found_by_email_whatever_its_case(self, backend):
        user = factories.hr(email="hanne.peeters@gemeente.test")
        assert log_in(backend, {"email": "Hanne.Peeters@Gemeente.TEST"}) == user
        assert type(user).objects.count() == 1

    def test_configured_claim_matches_the_user_name_not_the_email(self, backend, settings):
        settings.OIDC_USER_CLAIM = "preferred_username"
        by_name = factories.UserFactory(username="hpeeters@gemeente.test", email="")
        factories.UserFactory(email="hpeeters@gemeente.test")
        claims = {"preferred_username": "hpeeters@gemeente.test", "email": "other@x.test"}
        assert log_in(backend, claims) == by_name

    def test_two_accounts_with_the_same_email_log_in_neither(self, backend):
        factories.UserFactory(email="same@gemeente.test")
        factories.UserFactory(email="SAME@gemeente.test")
        with pytest.raises(AccountNotMatched):
            log_in(backend, {"email": "same@gemeente.test"})

    def test_claims_without_the_matching_claim_are_refused(self, backend):
        with pytest.raises(AccountNotMatched):
            log_in(backend, {"sub": "42", "name": "Nobody"})

    def test_new_account_may_not_take_an_existing_user_name(self, backend):
        factories.UserFactory(username="nick@gemeente.test", email="elsewhere@gemeente.test")
        with pytest.raises(AccountNotMatched):
            log_in(backend, {"email": "Nick@gemeente.test"})


class TestFirstLogin:
    def test_first_login_creates_an_account_without_any_right(self, backend):
        user = log_in(backend, {"email": "Nick.Nieuw@gemeente.test", "given_name": "Nick",
                                "family_name": "Nieuw", "groups": ["tucht-hr"]})
        user.refresh_from_db()
        assert (user.username, user.email, user.get_full_name()) == (
            "nick.nieuw@gemeente.test", "Nick.Nieuw@gemeente.test", "Nick Nieuw")
        assert not user.groups.exists()
        assert not user.user_permissions.exists()
        assert user.get_all_permissions() == set()
        assert not (user.is_staff or user.is_superuser)
        assert not user.has_usable_password()


class TestRoleMap:
    @pytest.fixture
    def mapped(self, settings):
        settings.OIDC_GROUPS_CLAIM = "groups"
        settings.OIDC_ROLE_MAP = {"tucht-hr": HR, "tucht-hr-leads": HR_LEADS}

    def test_mapped_group_gives_its_role_on_first_login(self, backend, mapped):
        user = log_in(backend, {"email": "hanne@gemeente.test", "groups": ["tucht-hr", "x"]})
        assert set(user.groups.values_list("name", flat=True)) == {HR}
        assert user.has_perm("workflows.triage_case")

    def test_role_follows_the_provider_at_each_login(self, backend, mapped):
        user = factories.hr(email="hanne@gemeente.test")
        log_in(backend, {"email": "hanne@gemeente.test", "groups": ["tucht-hr-leads"]})
        assert set(user.groups.values_list("name", flat=True)) == {HR_LEADS}
        log_in(backend, {"email": "hanne@gemeente.test"})
        assert not user.groups.exists()

    def test_roles_the_map_does_not_name_stay_as_given_in_the_app(self, backend, mapped):
        user = factories.legal(email="lies@gemeente.test")
        log_in(backend, {"email": "lies@gemeente.test", "groups": ["tucht-hr"]})
        assert set(user.groups.values_list("name", flat=True)) == {LEGAL, HR}

    def test_without_a_map_the_provider_never_changes_roles(self, backend):
        user = factories.hr(email="hanne@gemeente.test")
        log_in(backend, {"email": "hanne@gemeente.test", "groups": ["tucht-hr-leads"]})
        assert set(user.groups.values_list("name", flat=True)) == {HR}
        assert Group.objects.filter(name=HR_LEADS).exists()


class TestRoleMapSetting:
    def test_pairs_are_read_from_commas_and_lines(self):
        assert parse_role_map("a-b-c=hr,\n 1234 = hr_leads ,") == {"a-b-c": HR, "1234": HR_LEADS}

    @pytest.mark.parametrize("text", ["group=admin", "hr", "=hr"])
    def test_unknown_role_or_missing_value_stops_the_start(self, text):
        with pytest.raises(ImproperlyConfigured):
            parse_role_map(text)


class TestIdToken:
    """The checks on a well-signed id token that mozilla-django-oidc leaves to us, or does."""

    @pytest.fixture
    def signing_key(self, settings):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        settings.OIDC_RP_IDP_SIGN_KEY = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        return key

    def token(self, key, **claims):
        now = datetime.now(UTC)
        return jwt.encode({"email": "x@gemeente.test", "nonce": "n", "aud": "tuchtdossier",
                           "iss": "https://idp.test", "iat": now,
                           "exp": now + timedelta(minutes=5), **claims}, key, algorithm="RS256")

    def test_token_for_this_application_from_the_issuer_passes(self, backend, signing_key,
                                                               settings):
        settings.OIDC_ISSUER = "https://idp.test"
        assert OrganisationOIDCBackend().verify_token(
            self.token(signing_key), nonce="n")["email"] == "x@gemeente.test"

    def test_token_meant_for_another_application_is_refused(self, backend, signing_key):
        with pytest.raises(SuspiciousOperation):
            OrganisationOIDCBackend().verify_token(
                self.token(signing_key, aud="another-app"), nonce="n")

    def test_token_from_another_issuer_is_refused(self, backend, signing_key, settings):
        settings.OIDC_ISSUER = "https://idp.test"
        with pytest.raises(SuspiciousOperation):
            OrganisationOIDCBackend().verify_token(
                self.token(signing_key, iss="https://elsewhere.test"), nonce="n")

    def test_expired_token_is_refused(self, backend, signing_key):
        issued = datetime.now(UTC) - timedelta(minutes=10)
        with pytest.raises(jwt.ExpiredSignatureError):
            OrganisationOIDCBackend().verify_token(self.token(
                signing_key, iat=issued, exp=issued + timedelta(minutes=5)), nonce="n")
