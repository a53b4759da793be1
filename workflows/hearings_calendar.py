"""The hearings calendar: planned hearings per week, a month table, and the .ics feed a user
subscribes to at a private address. The feed leaves the application, so it names the case by its
reference only: never the employee, never the facts."""

import calendar
import datetime
from itertools import groupby

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from core import roles
from workflows.selectors import hearings_visible_to

CALENDAR_ROLES = (roles.HR, roles.HR_LEADS, roles.DECIDING_AUTHORITY)
NO_CALENDAR = gettext_lazy("The hearings calendar is for HR and the deciding authority.")
# How far back the feed reaches: a calendar app keeps what it already showed.
FEED_PAST_DAYS = 90


def may_use_calendar(user) -> bool:
    return roles.has_role(user, *CALENDAR_ROLES)


def start_of_today() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))


def planned_hearings(user):
    """Hearings not yet recorded, from today on, earliest first."""
    return hearings_visible_to(user).filter(outcome="", scheduled_at__gte=start_of_today())


def by_week(hearings) -> list[tuple[datetime.date, list]]:
    """(Monday of the week, its hearings) for hearings sorted by time."""
    def monday(hearing):
        day = timezone.localtime(hearing.scheduled_at).date()
        return day - datetime.timedelta(days=day.weekday())

    return [(week, list(items)) for week, items in groupby(hearings, key=monday)]


def month_weeks(user, year: int, month: int) -> list[list[tuple[datetime.date, list]]]:
    """The weeks of the month (Monday first), each day with the hearings held or planned on it,
    read in one query."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1] + datetime.timedelta(days=1)
    hearings = hearings_visible_to(user).filter(
        scheduled_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time())),
        scheduled_at__lt=timezone.make_aware(datetime.datetime.combine(last, datetime.time())))
    per_day = {}
    for hearing in hearings:
        per_day.setdefault(timezone.localtime(hearing.scheduled_at).date(), []).append(hearing)
    return [[(day, per_day.get(day, [])) for day in week] for week in weeks]


def feed_hearings(user):
    since = start_of_today() - datetime.timedelta(days=FEED_PAST_DAYS)
    return hearings_visible_to(user).filter(scheduled_at__gte=since)


def ics_feed(user, *, case_url) -> bytes:
    """The user's hearings as iCalendar; `case_url(case)` gives the absolute address of a case."""
    feed = Calendar()
    feed.add("prodid", "-//Tuchtdossier//hoorzittingen//NL")
    feed.add("version", "2.0")
    duration = datetime.timedelta(minutes=settings.HEARING_DURATION_MINUTES)
    stamp = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        feed.add("x-wr-calname", _("Tuchtdossier: hearings"))
        for hearing in feed_hearings(user):
            event = Event()
            event.add("uid", f"hearing-{hearing.pk}@tuchtdossier")
            event.add("dtstamp", stamp)
            event.add("dtstart", hearing.scheduled_at)
            event.add("dtend", hearing.scheduled_at + duration)
            event.add("summary", _("Hearing %(reference)s") % {"reference": hearing.case.reference})
            event.add("location", hearing.place)
            event.add("url", case_url(hearing.case))
            feed.add_component(event)
    return feed.to_ical()
