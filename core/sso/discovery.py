"""The provider's endpoints: from the settings when given, else from its discovery document.

mozilla-django-oidc reads every endpoint as a setting; ``oidc_setting`` is the ``get_settings``
of our backend and views, so an organisation only has to give its issuer URL.
"""

import threading

import requests
from django.conf import settings

from mozilla_django_oidc.utils import import_from_settings

# Setting name -> key of the discovery document (OpenID Connect Discovery 1.0, section 3).
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
_documents: dict[str, dict] = {}
_lock = threading.Lock()


def discovery_document(issuer: str) -> dict:
    """Fetched once per process and issuer; a failure is not cached, so the next login retries."""
    with _lock:
        if issuer not in _documents:
            response = requests.get(f"{issuer}/.well-known/openid-configuration",
                                    timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            _documents[issuer] = response.json()
        return _documents[issuer]


def forget_discovery_documents() -> None:
    with _lock:
        _documents.clear()


def oidc_setting(name: str, *default):
    value = import_from_settings(name, *default)
    if value or name not in DISCOVERED or not settings.OIDC_ISSUER:
        return value
    return discovery_document(settings.OIDC_ISSUER).get(DISCOVERED[name], "")
