"""Reads filtered by who may see what. Every list, search, export and download goes through
`cases_visible_to`, so the visibility rule lives in this one place."""

import re

from django.contrib.auth.models import Permission
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from core.pagination import COUNT_BOUND
from incidents.models import Employee, Incident
from workflows.event_notes import attach_notes
from workflows.models import (
    Case,
    CaseDeadline,
    CaseExclusion,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    CompetenceRule,
    DeadlineRule,
    Decision,
    ReviewRequest,
    SanctionRule,
)
from workflows.states import AWAITING_DECISION, CaseState

CASE_LIST_RELATED = ("incident__employee__department", "handler")
FULL_REFERENCE = re.compile(r"TD-\d{4}-\d{1,9}")


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases the user may open.

    - named on the case (handler, co-handler, reviewer, deciding authority): object permission;
    - HR leads: every case that is not restricted;
    - HR: the triage queue (reported, not restricted);
    and never a case about the user, nor one the user is excluded from.
    """
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    return Case.objects.filter(visibility_rule(user)).select_related(*CASE_LIST_RELATED)


def visibility_rule(user, prefix: str = "") -> Q:
    """`cases_visible_to` as a condition on a case reached through `prefix` (e.g. "case__"), so
    that a list of deadlines checks each of its own rows instead of building the set of every
    visible case first (the deadlines dashboard at 100,000 cases, docs/performance.md)."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    case_pk = OuterRef(f"{prefix}pk")
    rule = _named_on_case(user, "view_case", case_pk)
    if user.has_perm("workflows.view_all_cases"):
        rule |= Q(**{f"{prefix}restricted": False})
    if user.has_perm("workflows.triage_case"):
        rule |= Q(**{f"{prefix}state": CaseState.REPORTED, f"{prefix}restricted": False})
    return (
        rule
        & ~Q(**{f"{prefix}incident__employee__user": user})
        & ~Exists(CaseExclusion.objects.filter(case=case_pk, user=user))
    )


def _named_on_case(user, codename: str, case_pk: OuterRef) -> Q:
    """An object permission on the case, read from guardian's direct foreign-key tables with the
    permission's id looked up once per user: guardian's own `get_objects_for_user` is a nested
    query that the databases evaluate as a scan of the whole case table."""
    if user.is_superuser:
        return Q(pk__isnull=False)
    permission_id = _case_permission_ids(user).get(codename)
    by_user = CaseUserObjectPermission.objects.filter(
        content_object=case_pk, permission_id=permission_id, user=user)
    by_group = CaseGroupObjectPermission.objects.filter(
        content_object=case_pk, permission_id=permission_id, group__user=user)
    return Q(Exists(by_user)) | Q(Exists(by_group))


def _case_permission_ids(user) -> dict[str, int]:
    """The ids of the case permissions, kept on the user object for the rest of the request."""
    if not hasattr(user, "_case_permission_ids"):
        user._case_permission_ids = dict(
            Permission.objects.filter(content_type__app_label="workflows",
                                      content_type__model="case").values_list("codename", "id"))
    return user._case_permission_ids


def case_for_user(user, reference: str) -> Case | None:
    return cases_visible_to(user).filter(reference=reference).first()


def triage_queue(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(state=CaseState.REPORTED).order_by("opened_at")


def cases_handled_by(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(handler=user).exclude(state=CaseState.CLOSED)


def awaiting_decision(user) -> QuerySet[Case]:
    """The deciding authority's queue, the nearest deadline first (cases without one last), each
    with its running deadlines in one extra query."""
    return with_running_deadlines(with_next_due(cases_visible_to(user).filter(
        _named_on_case(user, "decide_case", OuterRef("pk")), state__in=list(AWAITING_DECISION)
    )).order_by(F("next_due").asc(nulls_last=True), "opened_at"))


def with_next_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The nearest running due date of each case, as a subquery: an aggregate over a join would
    group every visible case on all its columns (the case list at 100,000 cases)."""
    nearest = CaseDeadline.objects.filter(
        case=OuterRef("pk"), status=CaseDeadline.Status.RUNNING).order_by("due_date")
    return cases.annotate(next_due=Subquery(nearest.values("due_date")[:1]))


def with_running_deadlines(cases: QuerySet[Case]) -> QuerySet[Case]:
    running = CaseDeadline.objects.filter(status=CaseDeadline.Status.RUNNING).select_related("rule")
    return cases.prefetch_related(
        Prefetch("deadlines", queryset=running, to_attr="running_deadlines"))


def review_queue(user) -> QuerySet[ReviewRequest]:
    return (
        ReviewRequest.objects.filter(
            visibility_rule(user, "case__"), reviewer=user, answered_at__isnull=True)
        .select_related("case__incident__employee", "requested_by")
        .order_by("requested_at")
    )


def running_deadlines(user) -> QuerySet[CaseDeadline]:
    return (
        CaseDeadline.objects.filter(visibility_rule(user, "case__"),
                                    status=CaseDeadline.Status.RUNNING)
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
        # EXISTS rather than a join: a join repeats a case per row and needs DISTINCT, which sorts
        # every visible case on all its columns (the case list at 100,000 cases).
        cases = cases.filter(Exists(Case.provisions.through.objects.filter(
            case=OuterRef("pk"), provision=provision)))
    if handler:
        cases = cases.filter(handler=handler)
    if overdue:
        cases = cases.filter(Exists(CaseDeadline.objects.filter(
            case=OuterRef("pk"), status=CaseDeadline.Status.RUNNING,
            due_date__lt=timezone.localdate())))
    if query:
        whole = query.strip().upper()
        if FULL_REFERENCE.fullmatch(whole) and cases.filter(reference=whole).exists():
            # A whole reference of a visible case: one look-up in the unique index.
            cases = cases.filter(reference=whole)
        else:
            cases = cases.filter(_matching(query))
    return with_running_deadlines(with_next_due(cases)).order_by(*case_ordering(sort))


def _matching(query: str) -> Q:
    """A name, a personnel number or a part of a reference typed in the case list's search box.

    A name is looked up among the employees first (10,000 rows, not 100,000 cases), so that the cases are found through the index on their
    incident's employee; matching it on every visible case scanned the whole case table (10 s at
    100,000 cases on SQLite, docs/performance.md). A partial reference still matches as before."""
    typed = query.strip()
    employees = Employee.objects.filter(
        Q(last_name__icontains=typed) | Q(first_name__icontains=typed)
        | Q(personnel_number__iexact=typed)).values("pk")
    incidents = Incident.objects.filter(employee_id__in=employees).values_list("pk", flat=True)
    found = list(incidents[: COUNT_BOUND + 1])
    # A short list of ids is looked up in the index on the case's incident; a nested query
    # leaves the database walking every case in date order to test each one.
    by_employee = Q(incident_id__in=found if len(found) <= COUNT_BOUND else incidents)
    if any(ch.isdigit() for ch in typed) or typed.upper().startswith("TD"):
        return by_employee | Q(reference__icontains=typed)
    return by_employee


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
        "events": attach_notes(list(case.events.select_related("actor"))),
        "hearings": list(case.hearings.all()),
        "decisions": list(case.decisions.select_related("decided_by")),
        "notifications": list(case.notifications.all()),
        "appeals": list(case.appeals.all()),
        "suspensions": list(case.suspensions.select_related("imposed_by")),
        "opinions": list(case.opinions.select_related("author")),
        "review_requests": list(case.review_requests.select_related("reviewer", "requested_by")),
        "proposals": list(case.proposals.select_related("proposer")),
    }


def rulebook_entries(user) -> dict[str, list]:
    """Every version of every rule, newest first per rule, each with the running cases (visible to
    `user`) that use it: deadlines computed with it, decisions checked against it. A constant
    number of queries."""
    visible = cases_visible_to(user).exclude(state=CaseState.CLOSED)
    running = CaseDeadline.objects.filter(status=CaseDeadline.Status.RUNNING, case__in=visible)
    deciding = Decision.objects.filter(case__in=visible)
    return {
        "deadline": list(DeadlineRule.objects.select_related("created_by").prefetch_related(
            Prefetch("deadlines", queryset=running.select_related("case"), to_attr="in_use"))),
        "sanction": list(SanctionRule.objects.select_related("created_by")),
        "competence": list(CompetenceRule.objects.select_related("created_by").prefetch_related(
            Prefetch("decisions", queryset=deciding.select_related("case"), to_attr="in_use"))),
    }
