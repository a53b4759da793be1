"""Single sign-on with OpenID Connect (mozilla-django-oidc) and the switch for local passwords.

Read from the environment by config/settings.py. Single sign-on is on when a client id and either
the issuer (whose discovery document gives the endpoints) or the endpoints themselves are set; the
README and docs/deployment.md list the variables.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from core.roles import ROLE_LABELS

__all__ = [
    "LOCAL_PASSWORD_LOGIN", "OIDC_ENABLED", "OIDC_ISSUER", "OIDC_PROVIDER_NAME",
    "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_RP_SCOPES", "OIDC_RP_SIGN_ALGO",
    "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT", "OIDC_USER_CLAIM", "OIDC_GROUPS_CLAIM",
    "OIDC_ROLE_MAP", "OIDC_PROVIDER_ORIGINS", "OIDC_USE_PKCE", "OIDC_STORE_ID_TOKEN",
    "OIDC_TIMEOUT", "AXES_WHITELIST_CALLABLE", "with_form_action",
]


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if value == "" else value in {"1", "true", "yes", "on"}


def parse_role_map(text: str) -> dict[str, str]:
    """``OIDC_ROLE_MAP``: ``value=role`` pairs separated by commas or new lines, where value is
    what the provider sends in ``OIDC_GROUPS_CLAIM`` (an Entra group's object id, an app role)
    and role one of the application's role groups."""
    mapping = {}
    for pair in text.replace("\n", ",").split(","):
        if not pair.strip():
            continue
        value, sep, role = (part.strip() for part in pair.rpartition("="))
        if not sep or not value or role not in ROLE_LABELS:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAP: {pair.strip()!r} is not 'value=role' with role one of "
                f"{', '.join(ROLE_LABELS)}.")
        mapping[value] = role
    return mapping


def origins(*urls: str) -> list[str]:
    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme and parts.netloc and f"{parts.scheme}://{parts.netloc}" not in found:
            found.append(f"{parts.scheme}://{parts.netloc}")
    return found


def with_form_action(policy: dict, sources: list[str]) -> dict:
    """A copy of a django-csp policy whose form-action also allows ``sources``: Chrome applies
    form-action to the redirects after a form, and the logout form ends at the provider."""
    directives = dict(policy["DIRECTIVES"])
    directives["form-action"] = [*directives["form-action"],
                                 *(s for s in sources if s not in directives["form-action"])]
    return {**policy, "DIRECTIVES": directives}


# Local passwords (and the admin's password form) can be switched off once everyone signs in
# through the organisation's identity provider.
LOCAL_PASSWORD_LOGIN = _flag("LOCAL_PASSWORD_LOGIN", True)

OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
# Empty endpoints are read from the issuer's discovery document (core.sso.discovery).
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "").strip()
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_END_SESSION_ENDPOINT", "").strip()
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and (OIDC_ISSUER or (
    OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_JWKS_ENDPOINT)))
OIDC_PROVIDER_ORIGINS = origins(OIDC_ISSUER, OIDC_OP_LOGOUT_ENDPOINT) if OIDC_ENABLED else []
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "").strip()
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
# Which claim finds the account: "email" matches the user's e-mail address (case-insensitive),
# any other claim (preferred_username, oid, ...) matches the user name.
OIDC_USER_CLAIM = os.environ.get("OIDC_USER_CLAIM", "email").strip() or "email"
# Roles from the provider, only when both are set (see core.sso.services.sso_roles_apply).
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "").strip()
OIDC_ROLE_MAP = parse_role_map(os.environ.get("OIDC_ROLE_MAP", ""))
if bool(OIDC_GROUPS_CLAIM) != bool(OIDC_ROLE_MAP):
    raise ImproperlyConfigured("Set both OIDC_GROUPS_CLAIM and OIDC_ROLE_MAP, or neither.")

OIDC_USE_PKCE = True
# The id token is kept in the session only to name the session to end at the provider's logout.
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
# django-axes counts failed logins per user name and address; a refused single sign-on has no user
# name, so counting it would lock everyone behind the town hall's address out of single sign-on.
# The provider protects its own password form.
AXES_WHITELIST_CALLABLE = "core.sso.backends.is_single_sign_on_attempt"
