"""Reads filtered by who may see what. Every list, search, export and download goes through
`cases_visible_to`, so the visibility rule lives in this one place."""

from django.db.models import F, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from incidents.models import Incident
from workflows.models import Case, CaseDeadline, ReviewRequest
from workflows.states import AWAITING_DECISION, CaseState

CASE_LIST_RELATED = ("incident__employee__department", "handler")


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases the user may open.

    - named on the case (handler, co-handler, reviewer, deciding authority): object permission;
    - HR leads: every case that is not restricted;
    - HR: the triage queue (reported, not restricted);
    and never a case about the user, nor one the user is excluded from.
    """
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    named = get_objects_for_user(
        user, "workflows.view_case", klass=Case, accept_global_perms=False
    ).values("pk")
    rule = Q(pk__in=named)
    if user.has_perm("workflows.view_all_cases"):
        rule |= Q(restricted=False)
    if user.has_perm("workflows.triage_case"):
        rule |= Q(state=CaseState.REPORTED, restricted=False)
    return (
        Case.objects.filter(rule)
        .exclude(incident__employee__user=user)
        .exclude(exclusions__user=user)
        .select_related(*CASE_LIST_RELATED)
    )


def case_for_user(user, reference: str) -> Case | None:
    return cases_visible_to(user).filter(reference=reference).first()


def triage_queue(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(state=CaseState.REPORTED).order_by("opened_at")


def cases_handled_by(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(handler=user).exclude(state=CaseState.CLOSED)


def awaiting_decision(user) -> QuerySet[Case]:
    """The deciding authority's queue, the nearest deadline first (cases without one last), each
    with its running deadlines in one extra query."""
    return with_running_deadlines(cases_visible_to(user).filter(
        state__in=list(AWAITING_DECISION)
    ).filter(
        pk__in=get_objects_for_user(
            user, "workflows.decide_case", klass=Case, accept_global_perms=False
        ).values("pk")
    ).annotate(
        next_due=Min("deadlines__due_date",
                     filter=Q(deadlines__status=CaseDeadline.Status.RUNNING))
    ).order_by(F("next_due").asc(nulls_last=True), "opened_at"))


def with_running_deadlines(cases: QuerySet[Case]) -> QuerySet[Case]:
    running = CaseDeadline.objects.filter(status=CaseDeadline.Status.RUNNING).select_related("rule")
    return cases.prefetch_related(
        Prefetch("deadlines", queryset=running, to_attr="running_deadlines"))


def review_queue(user) -> QuerySet[ReviewRequest]:
    return (
        ReviewRequest.objects.filter(
            reviewer=user, answered_at__isnull=True, case__in=cases_visible_to(user).values("pk")
        )
        .select_related("case__incident__employee", "requested_by")
        .order_by("requested_at")
    )


def running_deadlines(user) -> QuerySet[CaseDeadline]:
    return (
        CaseDeadline.objects.filter(
            status=CaseDeadline.Status.RUNNING, case__in=cases_visible_to(user).values("pk")
        )
        .exclude(case__state=CaseState.CLOSED)
        .select_related("rule", "case__incident__employee", "case__handler")
        .order_by("due_date")
    )


def reports_of_reporter(user) -> QuerySet[Incident]:
    """A manager's own reports, with the case (for the plain status) in the same query."""
    return (
        Incident.objects.filter(reporter=user)
        .select_related("employee", "case")
        .order_by("-created_at")
    )


# The case list's sortable columns: the name in the URL -> the ordering.
CASE_SORTS = {
    "reference": ("reference",),
    "employee": ("incident__employee__last_name", "incident__employee__first_name"),
    "department": ("incident__employee__department__name",),
    "state": ("state",),
    "handler": ("handler__last_name", "handler__first_name"),
    "deadline": ("next_due",),
}


def case_ordering(sort: str) -> list:
    """`sort` is a column name, `-` in front for descending; anything else: newest case first."""
    fields = CASE_SORTS.get(sort.lstrip("-"))
    if not fields:
        return ["-opened_at"]
    descending = sort.startswith("-")
    return [F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
            for name in fields] + ["-opened_at"]


def case_search(user, *, state="", track="", department=None, provision=None, handler=None,
                overdue=False, query="", sort="") -> QuerySet[Case]:
    """The case list with its filters; the next deadlines come in one extra query."""
    cases = cases_visible_to(user)
    if state:
        cases = cases.filter(state=state)
    if track:
        cases = cases.filter(track=track)
    if department:
        cases = cases.filter(incident__employee__department=department)
    if provision:
        cases = cases.filter(provisions=provision)
    if handler:
        cases = cases.filter(handler=handler)
    if overdue:
        cases = cases.filter(
            deadlines__status=CaseDeadline.Status.RUNNING,
            deadlines__due_date__lt=timezone.localdate(),
        )
    if query:
        cases = cases.filter(
            Q(reference__icontains=query)
            | Q(incident__employee__last_name__icontains=query)
            | Q(incident__employee__first_name__icontains=query)
            | Q(incident__employee__personnel_number__iexact=query)
        )
    cases = cases.distinct().annotate(next_due=Min(
        "deadlines__due_date", filter=Q(deadlines__status=CaseDeadline.Status.RUNNING)))
    return with_running_deadlines(cases).order_by(*case_ordering(sort))


def case_page_data(case: Case) -> dict:
    """Everything the case page shows, each relation fetched once."""
    incident = case.incident
    return {
        "incident": incident,
        "provisions": list(case.provisions.select_related("code_version")),
        "people": list(incident.people.all()),
        "evidence": list(incident.evidence.select_related("added_by", "addendum")),
        "addenda": list(incident.addenda.select_related("author")),
        "deadlines": list(case.deadlines.select_related("rule", "overridden_by")),
        "events": list(case.events.select_related("actor")),
        "hearings": list(case.hearings.all()),
        "decisions": list(case.decisions.select_related("decided_by")),
        "notifications": list(case.notifications.all()),
        "appeals": list(case.appeals.all()),
        "suspensions": list(case.suspensions.select_related("imposed_by")),
        "opinions": list(case.opinions.select_related("author")),
        "review_requests": list(case.review_requests.select_related("reviewer", "requested_by")),
    }
