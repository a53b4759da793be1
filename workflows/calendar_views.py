"""The hearings calendar of HR and the deciding authority, and each user's private .ics feed."""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.pagination import page_of
from workflows.hearings_calendar import (
    NO_CALENDAR,
    by_week,
    ics_feed,
    may_use_calendar,
    month_weeks,
    planned_hearings,
)
from workflows.models import NotificationPreference
from workflows.services.preferences import token_hash

MIN_YEAR, MAX_YEAR = 2000, 2999  # the month table needs its neighbouring weeks to exist


def calendar_user(request):
    if not may_use_calendar(request.user):
        raise PermissionDenied(NO_CALENDAR)
    return request.user


@require_GET
def hearing_list(request):
    page = page_of(request, planned_hearings(calendar_user(request)))
    today = timezone.localdate()
    return render(request, "workflows/hearings/list.html", {
        "page": page, "weeks": by_week(page.object_list), "this_month": (today.year, today.month)})


@require_GET
def hearing_month(request, year: int, month: int):
    user = calendar_user(request)
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        raise Http404
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=31)
    weeks, today = month_weeks(user, year, month), timezone.localdate()
    return render(request, "workflows/hearings/month.html", {
        "first": first, "weeks": weeks, "today": today, "this_month": (today.year, today.month),
        "any_hearing": any(hearings for week in weeks for _day, hearings in week),
        "previous": (previous.year, previous.month), "following": (following.year, following.month),
    })


@login_not_required
@require_GET
def hearing_feed(request, token: str):
    """The private feed: the secret in the address stands for the login. A revoked or unknown
    secret answers 404, as does a user who no longer may see the calendar."""
    preference = NotificationPreference.objects.select_related("user").filter(
        calendar_token_hash=token_hash(token)).first()
    if preference is None or not preference.user.is_active or not may_use_calendar(
            preference.user):
        raise Http404
    body = ics_feed(preference.user,
                    case_url=lambda case: request.build_absolute_uri(case.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
