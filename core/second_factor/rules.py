"""Who must give a second factor, and when.

The organisation's security officer demands a second factor from everyone who can see a
disciplinary file; reporting managers only see their own reports and are exempted unless
``OTP_EXEMPT_MANAGERS`` is off. Sessions opened through single sign-on are not asked again: the
identity provider enforces its own multi-factor policy.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY

from core.roles import CASE_ROLES, REPORTING_MANAGERS, has_role

# The backends that check a password stored here. Any other backend that logs a user in (the
# OpenID Connect backend) is single sign-on.
LOCAL_PASSWORD_BACKENDS = frozenset({
    "django.contrib.auth.backends.ModelBackend",
    "axes.backends.AxesStandaloneBackend",
    "axes.backends.AxesBackend",
})


def signed_in_through_single_sign_on(backend_path: str | None) -> bool:
    """A session remembers the backend that authenticated it; no backend means a local login."""
    return bool(backend_path) and backend_path not in LOCAL_PASSWORD_BACKENDS


def account_needs_second_factor(user) -> bool:
    """Accounts that can see case files (by role, or as administrators) need the factor."""
    if user.is_superuser or user.is_staff or has_role(user, *CASE_ROLES):
        return True
    return has_role(user, REPORTING_MANAGERS) and not settings.OTP_EXEMPT_MANAGERS


def session_needs_second_factor(request) -> bool:
    """True while this logged-in session still owes a code. Read per request, so that the
    setting can be switched without a restart of the test server."""
    user = request.user
    if not settings.OTP_REQUIRED or not user.is_authenticated or user.is_verified():
        return False
    if signed_in_through_single_sign_on(request.session.get(BACKEND_SESSION_KEY)):
        return False
    return account_needs_second_factor(user)
