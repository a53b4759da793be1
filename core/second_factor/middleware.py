from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.second_factor.rules import session_needs_second_factor

# What a session that still owes its second factor may reach: the factor's own pages, logging
# out and the language switch. Everything else sends it to the code step.
OPEN_URL_NAMES = frozenset({
    "second_factor:verify", "second_factor:enrol", "logout", "set_language",
})


class SecondFactorMiddleware:
    """Holds a password-only session at the second-factor step (after django-otp's
    OTPMiddleware, which tells whether the session is verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not session_needs_second_factor(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        target = reverse("second_factor:verify")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
