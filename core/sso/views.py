"""Login, single sign-on and logout pages."""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc import views as oidc_views

from core.sso import backends
from core.sso.discovery import oidc_setting

logger = logging.getLogger(__name__)

PASSWORD_LOGIN_OFF = _("Logging in with a password is switched off. Use the button below.")
FAILURE_MESSAGES = {
    backends.REJECTED: _(
        "The sign-in service's answer could not be verified, so you are not logged in. "
        "Try again; if it happens again, tell the IT service."),
    backends.NOT_MATCHED: _(
        "The sign-in service did not identify your account unambiguously, so you are not "
        "logged in. Tell the IT service."),
    backends.INACTIVE: _("Your account is switched off, so you are not logged in. Ask HR."),
}
CANCELLED = _("The sign-in was cancelled or refused, so you are not logged in.")
UNREACHABLE = _("The sign-in service cannot be reached right now. Try again in a few minutes.")


def _require_single_sign_on():
    if not settings.OIDC_ENABLED:
        raise Http404


class LoginView(auth_views.LoginView):
    """The password form (unless switched off) and the single sign-on button."""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "password_login": settings.LOCAL_PASSWORD_LOGIN,
            "single_sign_on": settings.OIDC_ENABLED,
            "provider_name": settings.OIDC_PROVIDER_NAME or settings.ORGANISATION["name"],
        }

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_PASSWORD_LOGIN:
            messages.error(request, str(PASSWORD_LOGIN_OFF))
            response = self.get(request, *args, **kwargs)
            response.status_code = 403
            return response
        return super().post(request, *args, **kwargs)


@login_not_required
def admin_login(request):
    """The admin's own password form, unless local passwords are switched off."""
    if settings.LOCAL_PASSWORD_LOGIN:
        return admin.site.login(request)
    return redirect(f"{reverse('login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}")


class AuthenticationRequestView(oidc_views.OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login page."""

    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        _require_single_sign_on()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException as error:
            logger.warning("Single sign-on provider unreachable: %s", error)
            messages.error(request, str(UNREACHABLE))
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoint here, before dispatch could answer "unreachable".
        oidc_views.View.__init__(self, *args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """The provider sends the browser back here; a refusal gets a clear message, not an error."""

    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        _require_single_sign_on()
        try:
            return super().dispatch(request, *args, **kwargs)
        except SuspiciousOperation as error:
            # A callback whose state this browser never asked for (replayed, or another tab's).
            logger.warning("Single sign-on callback refused: %s", error)
            request.sso_failure = backends.REJECTED
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("login")

    def login_failure(self):
        reason = getattr(self.request, "sso_failure", None)
        if reason is None and getattr(self, "user", None) is not None:
            reason = backends.INACTIVE  # the provider vouched for an account switched off here
        messages.error(self.request, str(FAILURE_MESSAGES.get(reason, CANCELLED)))
        return super().login_failure()


class LogoutView(auth_views.LogoutView):
    """Ends the session here and, after a single sign-on, at the provider too when it has an
    end-session endpoint (OpenID Connect RP-Initiated Logout 1.0)."""

    def post(self, request, *args, **kwargs):
        provider_url = provider_logout_url(request) if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        return redirect(provider_url) if provider_url else response


def provider_logout_url(request) -> str | None:
    id_token = request.session.get("oidc_id_token")
    if not (settings.OIDC_ENABLED and id_token):
        return None
    try:
        endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", "")
    except requests.RequestException:
        return None
    if not endpoint:
        return None
    query = urlencode({
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    })
    return f"{endpoint}?{query}"


authentication_request = login_not_required(AuthenticationRequestView.as_view())
callback = login_not_required(CallbackView.as_view())
