"""django-axes counts a wrong second-factor code as a failed login for the user name, so that a
stolen password does not give an endless series of guesses at the code."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed


def credentials_of(user) -> dict:
    return {"username": user.get_username()}


def is_locked_out(request, user) -> bool:
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, credentials_of(user))


def record_failure(request, user) -> bool:
    """Count one wrong code; True when it locked the user name out."""
    user_login_failed.send(sender=__name__, credentials=credentials_of(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def record_success(request, user) -> None:
    """Like a right password, a right code clears this address's count for the user name."""
    if settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.update_request(request)
        AxesProxyHandler.reset_attempts(ip_address=request.axes_ip_address,
                                        username=user.get_username())


def lockout_response(request, user):
    """Log the half-finished session out and show the same page as after wrong passwords."""
    credentials = credentials_of(user)
    logout(request)
    request.axes_locked_out = True
    request.axes_credentials = credentials
    return get_lockout_response(request, None, credentials)
