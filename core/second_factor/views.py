"""The second-factor pages: the code after the password, the first enrolment, recovery codes."""

import django_otp
import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from core.second_factor import lockout, services
from core.second_factor.forms import CodeForm
from core.second_factor.rules import session_needs_second_factor

# The recovery codes just made, kept in the session until the page that shows them once.
NEW_CODES_SESSION_KEY = "second_factor_new_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: the app's code, or a recovery code."""
    user, next_url = request.user, _next_url(request)
    if not session_needs_second_factor(request):
        return redirect(next_url)
    if not services.has_authenticator_app(user):
        return redirect(_with_next("second_factor:enrol", next_url))
    if lockout.is_locked_out(request, user):
        return lockout.lockout_response(request, user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            if lockout.record_failure(request, user):
                return lockout.lockout_response(request, user)
            add_service_errors(form, error)
        else:
            django_otp.login(request, device)
            lockout.record_success(request, user)
            return redirect(next_url)
    return render(request, "registration/second_factor_verify.html",
                  {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def enrol(request):
    """First login: link an authenticator app (QR code or typed secret), confirm a first code."""
    user, next_url = request.user, _next_url(request)
    if not session_needs_second_factor(request) or services.has_authenticator_app(user):
        return redirect(_with_next("second_factor:verify", next_url))
    device = services.totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = services.totp_device_confirm(user=user, device=device,
                                                 code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            django_otp.login(request, device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            return redirect(_with_next("second_factor:recovery_codes", next_url))
    qr_code = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, light="#fff", title=str(services.APP_QR_TITLE))
    return render(request, "registration/second_factor_enrol.html", {
        "form": form, "next": next_url, "qr_code": qr_code,
        "secret": services.totp_secret(device)})


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """New codes are shown once, right after they are made; asking for new ones voids the old."""
    user, next_url = request.user, _next_url(request)
    if not user.is_verified():
        return redirect(next_url)
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = services.recovery_codes_regenerate(user=user)
        return redirect(_with_next("second_factor:recovery_codes", next_url))
    return render(request, "registration/second_factor_recovery_codes.html", {
        "new_codes": request.session.pop(NEW_CODES_SESSION_KEY, None),
        "codes_left": services.recovery_codes_left(user), "next": next_url})
