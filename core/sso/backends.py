"""Authentication backends: the organisation's OpenID Connect provider, and the switch that turns
local passwords off (LOCAL_PASSWORD_LOGIN)."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.urls import reverse

from core.sso import services
from core.sso.discovery import oidc_setting
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)

# Why a single sign-on did not log in, kept on the request for the callback view's message.
REJECTED = "rejected"
NOT_MATCHED = "not_matched"
INACTIVE = "inactive"


class AccountNotMatched(Exception):
    """The provider's claims name no account unambiguously."""


class PasswordLoginSwitch:
    """Placed before Django's ModelBackend: when local password login is switched off
    (LOCAL_PASSWORD_LOGIN), it stops every password, whichever form sent it (the admin's too).
    ModelBackend itself stays, for the group permissions and as the name of a password login."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and not settings.LOCAL_PASSWORD_LOGIN:
            raise PermissionDenied("local password login is switched off")
        return None


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    """Logs in the user the provider vouches for, found by OIDC_USER_CLAIM; creates the account
    without rights on a first login; applies the role map at each login."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Listed in AUTHENTICATION_BACKENDS even when single sign-on is off: then it reads none
        # of the provider's settings and never authenticates.
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: never answer a password form.
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except AccountNotMatched as error:
            logger.warning("Single sign-on refused: %s", error)
            request.sso_failure = NOT_MATCHED
        except (requests.RequestException, SuspiciousOperation, jwt.InvalidTokenError) as error:
            # A wrong client secret, a token signed by a key the provider does not publish, an
            # expired token or a replayed nonce: the provider's answer cannot be trusted.
            logger.warning("Single sign-on refused: %s", error)
            request.sso_failure = REJECTED
        return None

    def verify_token(self, token, **kwargs):
        """The signature, expiry and nonce (the library), then the audience and the issuer, which
        the library leaves unchecked (OpenID Connect Core 1.0, section 3.1.3.7)."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise SuspiciousOperation(f"the id token is meant for {audience!r}")
        if settings.OIDC_ISSUER and payload.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation(f"the id token comes from {payload.get('iss')!r}")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The id token's claims with the userinfo endpoint's over them: Microsoft Entra ID
        sends groups and roles only in the id token."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def verify_claims(self, claims):
        if not claims.get(settings.OIDC_USER_CLAIM):
            raise AccountNotMatched(f"the claim {settings.OIDC_USER_CLAIM!r} is missing")
        return True

    def filter_users_by_claims(self, claims):
        value = str(claims[settings.OIDC_USER_CLAIM])
        if settings.OIDC_USER_CLAIM == "email":
            users = self.UserModel.objects.filter(email__iexact=value)
        else:
            users = self.UserModel.objects.filter(username=value)
        if len(users) > 1:
            raise AccountNotMatched(f"{len(users)} accounts have {value!r}")
        return users

    def create_user(self, claims):
        username = str(claims[settings.OIDC_USER_CLAIM])
        if settings.OIDC_USER_CLAIM == "email":
            username = username.lower()
        if self.UserModel.objects.filter(username__iexact=username).exists():
            raise AccountNotMatched(f"the user name {username!r} belongs to another account")
        try:
            user = services.sso_user_create(claims=claims, username=username)
        except ValidationError as error:
            raise AccountNotMatched(f"no account can be made for {username!r}: {error}") from error
        services.sso_roles_apply(user=user, claims=claims)
        return user

    def update_user(self, user, claims):
        services.sso_roles_apply(user=user, claims=claims)
        return user


def is_single_sign_on_attempt(request, credentials) -> bool:
    """django-axes' whitelist (AXES_WHITELIST_CALLABLE): the callback of a single sign-on."""
    return request.path == reverse("oidc_authentication_callback")
