"""Reads filtered by who may see what. Every list, search, export and download goes through
`cases_visible_to`, so the visibility rule lives in this one place."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from core.pagination import COUNT_BOUND
from incidents.models import Addendum, Employee, Evidence, Incident, Provision
from workflows.defence.models import CaseHold, DismissalTask, HoldBasis
from workflows.defence.selectors import DEFENCE_FILE_RELATIONS
from workflows.documents.models import IssuedDocument
from workflows.event_notes import attach_notes
from workflows.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseExclusion,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    CompetenceRule,
    DeadlineRule,
    Decision,
    Hearing,
    LegalOpinion,
    PreventiveSuspension,
    NotificationRule,
    Remedy,
    ReviewRequest,
    SanctionProposal,
    SanctionRule,
    SuspensionRule,
)
from workflows.states import AWAITING_DECISION, CaseState

CASE_LIST_RELATED = ("incident__employee__department", "handler")
FULL_REFERENCE = re.compile(r"TD-\d{4}-\d{1,9}")


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases the user may open.

    - named on the case (handler, co-handler, reviewer, deciding authority): object permission;
    - HR leads: every case that is not restricted;
    - HR: the triage queue (reported, not restricted);
    and never a case about the user, nor one the user is excluded from; none at all for an
    anonymous or deactivated user (visibility_rule), without a query.
    """
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


def case_for_page(user, reference: str) -> Case | None:
    """`case_for_user` with what the case page needs on the same row: the reporter it names and
    which of its relations hold any row (prefetch_case_page)."""
    return cases_visible_to(user).filter(reference=reference).select_related(
        "incident__reporter").annotate(**_presence(PAGE_RELATION_PATHS)).first()


def triage_queue(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(state=CaseState.REPORTED).order_by("opened_at")


def cases_handled_by(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(handler=user).exclude(state=CaseState.CLOSED)


def decisions_awaiting(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(
        _named_on_case(user, "decide_case", OuterRef("pk")), state__in=list(AWAITING_DECISION))


def awaiting_decision(user) -> QuerySet[Case]:
    """The deciding authority's queue, the nearest deadline first (cases without one last), each
    with its running deadlines in one extra query."""
    return with_running_deadlines(with_next_due(decisions_awaiting(user))).order_by(
        F("next_due").asc(nulls_last=True), "opened_at")


def with_next_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The nearest running due date of each case, as a subquery: an aggregate over a join would
    group every visible case on all its columns (the case list at 100,000 cases)."""
    nearest = CaseDeadline.objects.filter(
        case=OuterRef("pk"), status=CaseDeadline.Status.RUNNING, on_hold_since__isnull=True,
    ).order_by("due_date")
    return cases.annotate(next_due=Subquery(nearest.values("due_date")[:1]))


def with_running_deadlines(cases: QuerySet[Case]) -> QuerySet[Case]:
    # A deadline on hold pending a criminal case comes after those that run.
    running = CaseDeadline.objects.filter(status=CaseDeadline.Status.RUNNING).select_related(
        "rule").order_by(F("on_hold_since").asc(nulls_first=True), "due_date")
    return cases.prefetch_related(
        Prefetch("deadlines", queryset=running, to_attr="running_deadlines"))


def review_queue(user) -> QuerySet[ReviewRequest]:
    return (
        ReviewRequest.objects.filter(
            visibility_rule(user, "case__"), reviewer=user, answered_at__isnull=True)
        .select_related("case__incident__employee", "requested_by")
        .order_by("due_date", "requested_at")
    )


# The deadlines list's sortable columns: the name in the URL -> the ordering.
DEADLINE_SORTS = {
    "due": ("due_date",),
    "case": ("case__reference",),
    "handler": ("case__handler__last_name", "case__handler__first_name"),
}


def running_deadlines(user, sort: str = "") -> QuerySet[CaseDeadline]:
    """The running deadlines of the cases the user may see; the nearest first unless `sort` (a
    column of DEADLINE_SORTS, `-` in front for descending) asks for another order."""
    return (
        CaseDeadline.objects.filter(visibility_rule(user, "case__"), _cases_to_start_from(user),
                                    status=CaseDeadline.Status.RUNNING)
        .exclude(case__state=CaseState.CLOSED)
        .select_related("rule", "case__incident__employee", "case__handler")
        .order_by(*column_ordering(sort, DEADLINE_SORTS, then=["due_date", "pk"]))
    )


def _cases_to_start_from(user) -> Q:
    """For a user who does not see every case: the cases they are named on and the triage queue,
    as lists of ids the database starts from. `visibility_rule` still decides; this only spares
    checking it on every running deadline of the organisation (an HR officer's deadlines at
    100,000 cases, docs/performance.md). Nothing for those who see every case."""
    if user.is_superuser or user.has_perm("workflows.view_all_cases"):
        return Q()
    permission_id = _case_permission_ids(user).get("view_case")
    starts_by_user = CaseUserObjectPermission.objects.filter(user=user, permission_id=permission_id)
    starts_by_group = CaseGroupObjectPermission.objects.filter(group__user=user,
                                                               permission_id=permission_id)
    start = (Q(case__in=starts_by_user.values("content_object_id"))
             | Q(case__in=starts_by_group.values("content_object_id")))
    if user.has_perm("workflows.triage_case"):
        start |= Q(case__in=Case.objects.filter(state=CaseState.REPORTED).order_by().values("pk"))
    return start


def urgent_deadlines(user) -> QuerySet[CaseDeadline]:
    """The running deadlines that run: a deadline on hold pending a criminal case is not urgent."""
    return running_deadlines(user).filter(on_hold_since__isnull=True)


def deadlines_due_soon_on_handled_cases(user) -> QuerySet[CaseDeadline]:
    """Running deadlines (not on hold) of the user's own cases due within DEADLINE_REMINDER_DAYS,
    or overdue."""
    horizon = timezone.localdate() + timedelta(days=settings.DEADLINE_REMINDER_DAYS)
    # The user's own cases as a list to start from, not a check on every running deadline.
    handled = Case.objects.filter(handler=user).order_by().values("pk")
    return urgent_deadlines(user).filter(case__in=handled, due_date__lte=horizon)


def hearings_visible_to(user) -> QuerySet[Hearing]:
    """Hearings of the cases the user may open, earliest first, each with its case and employee."""
    return (Hearing.objects.filter(visibility_rule(user, "case__"))
            .select_related("case__incident__employee").order_by("scheduled_at", "pk"))


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
    return column_ordering(sort, CASE_SORTS, then=["-opened_at"])


def column_ordering(sort: str, sorts: dict, *, then: list) -> list:
    """The ordering of the column `sort` names in `sorts` (`-` in front: descending), then
    `then`; an unknown column: `then` alone."""
    fields = sorts.get(sort.lstrip("-"))
    if not fields:
        return then
    descending = sort.startswith("-")
    return [F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
            for name in fields] + then


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
            case=OuterRef("pk"), status=CaseDeadline.Status.RUNNING, on_hold_since__isnull=True,
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


# The case's relations the case page reads, fetched once onto the case (or its incident): the step
# conditions, the documents on offer, the hold, the hash-chain check and the panels then read the
# same rows through `.all()` instead of asking again. One query first asks which of them hold any
# row; only those are fetched, and an empty one costs no query (issue #16: at most 25 queries).
# Adding a relation to the page is one line here (workflows/case_page.py says so too).
CASE_PAGE_RELATIONS = (
    Prefetch("provisions", queryset=Provision.objects.select_related("code_version")),
    Prefetch("deadlines", queryset=CaseDeadline.objects.select_related("rule", "overridden_by")),
    Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("sequence")),
    "hearings",
    Prefetch("decisions", queryset=Decision.objects.select_related("decided_by").prefetch_related(
        "citations")),
    "notifications",
    "appeals",
    Prefetch("suspensions",
             queryset=PreventiveSuspension.objects.select_related("imposed_by", "rule")),
    Prefetch("opinions", queryset=LegalOpinion.objects.select_related("author")),
    Prefetch("review_requests",
             queryset=ReviewRequest.objects.select_related("reviewer", "requested_by")),
    Prefetch("proposals", queryset=SanctionProposal.objects.select_related("proposer")),
    Prefetch("holds", queryset=CaseHold.objects.select_related("proceeding", "basis")),
    "criminal_proceedings",
    Prefetch("dismissal_tasks", queryset=DismissalTask.objects.select_related("rule", "done_by")),
    "dismissal_notice",
    *DEFENCE_FILE_RELATIONS,
    Prefetch("documents", queryset=IssuedDocument.objects.select_related(
        "generated_by", "approved_by").order_by("generated_at", "id")),
    "incident__employee__prior_sanctions",
    "incident__people",
    Prefetch("incident__evidence",
             queryset=Evidence.objects.select_related("added_by", "addendum")),
    Prefetch("incident__addenda", queryset=Addendum.objects.select_related("author")),
)


PAGE_LOOKUPS = [Prefetch(one) if isinstance(one, str) else one for one in CASE_PAGE_RELATIONS]
PAGE_RELATION_PATHS = [lookup.prefetch_through for lookup in PAGE_LOOKUPS]


def prefetch_case_page(case: Case) -> Case:
    """Read the case page's relations once, an empty one without a query; a second call on the
    same case asks nothing."""
    present = relations_present(case)
    prefetch_related_objects([case], *[
        lookup if found else _nothing(lookup) for lookup, found in zip(PAGE_LOOKUPS, present)])
    return case


def relations_present(case: Case) -> list[bool]:
    """Whether each of the page's relations holds a row: read with the case (case_for_page), or
    else in one query for them all."""
    if not hasattr(case, "page_has_0"):
        row = Case.objects.filter(pk=case.pk).values(**_presence(PAGE_RELATION_PATHS)).first()
        for name, value in (row or {}).items():
            setattr(case, name, value)
    return [bool(getattr(case, f"page_has_{n}", False)) for n in range(len(PAGE_RELATION_PATHS))]


def _presence(paths: list[str]) -> dict:
    return {f"page_has_{n}": Exists(Case.objects.filter(pk=OuterRef("pk"),
                                                        **{f"{path}__isnull": False}))
            for n, path in enumerate(paths)}


def _nothing(lookup: Prefetch) -> Prefetch:
    """The same lookup with an empty queryset: Django caches "no rows" without running a query."""
    model = _related_model(Case, lookup.prefetch_through)
    return Prefetch(lookup.prefetch_through, queryset=model._default_manager.none())


def _related_model(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def case_page_data(case: Case) -> dict:
    """Everything the case page shows, each relation fetched once."""
    prefetch_case_page(case)
    incident = case.incident
    return {
        "incident": incident,
        "provisions": list(case.provisions.all()),
        "events": attach_notes(list(case.events.all()),
                               known_rules=[deadline.rule for deadline in case.deadlines.all()]),
        "documents": list(case.documents.all()),
        **{name: list(getattr(incident, name).all()) for name in ("people", "evidence", "addenda")},
        **{name: list(getattr(case, name).all()) for name in (
            "deadlines", "hearings", "decisions", "notifications", "appeals",
            "suspensions", "opinions", "review_requests", "proposals")},
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
        "suspension": list(SuspensionRule.objects.select_related("created_by").prefetch_related(
            Prefetch("suspensions", queryset=PreventiveSuspension.objects.filter(
                case__in=visible).select_related("case"), to_attr="in_use"))),
        "hold_basis": list(HoldBasis.objects.select_related("created_by")),
        "remedy": list(Remedy.objects.select_related("created_by")),
        "notification": list(NotificationRule.objects.select_related("created_by")),
    }
