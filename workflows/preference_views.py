"""Each user's own preferences: how notification mails reach them and the private address of
their hearings calendar. Every user may open this page; it only ever shows their own choices."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workflows.hearings_calendar import NO_CALENDAR, may_use_calendar
from workflows.models import NotificationPreference
from workflows.services.preferences import (
    calendar_token_renew,
    calendar_token_revoke,
    preference_of,
    preference_update,
)



class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(label=gettext_lazy("How notification mails reach you"),
                                 choices=NotificationPreference.Delivery.choices,
                                 widget=forms.RadioSelect)


@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = preference_of(request.user)
    form = PreferenceForm(request.POST or None, initial={"delivery": preference.delivery})
    if request.method == "POST" and form.is_valid():
        try:
            preference_update(user=request.user, delivery=form.cleaned_data["delivery"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("preferences:page")
    return render_page(request, form, preference, status=400 if form.errors else 200)


def render_page(request, form, preference, *, status=200, feed_url=""):
    return render(request, "core/preferences.html", {
        "form": form, "preference": preference, "may_use_calendar": may_use_calendar(request.user),
        "feed_url": feed_url}, status=status)


@require_POST
def calendar_address_renew(request):
    """Make a new private address (the old one answers 404 from now on) and show it once."""
    if not may_use_calendar(request.user):
        raise PermissionDenied(NO_CALENDAR)
    token = calendar_token_renew(user=request.user)
    preference = preference_of(request.user)
    form = PreferenceForm(initial={"delivery": preference.delivery})
    feed_url = request.build_absolute_uri(reverse("hearings:feed", args=[token]))
    return render_page(request, form, preference, feed_url=feed_url)


@require_POST
def calendar_address_revoke(request):
    calendar_token_revoke(user=request.user)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("preferences:page")
