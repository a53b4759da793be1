"""The reads behind the statistics: a fixed number of grouped queries for a whole year, whatever
the number of cases; the database counts, Python only protects and lays out. Only aggregate,
protected figures leave this package (see tables.py)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case as Choose
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from workflows.models import Appeal, Case, CaseDeadline, Decision, Notification
from workflows.models.steps import Sanction

ENTITY = "incident__employee__department__entity"
# Decisions that settle a case (a decision to prosecute only opens the next phase).
NOT_FINAL = {"prosecute"}
DISMISSAL_SANCTIONS = {Sanction.DISMISSAL, Sanction.REMOVAL}


@dataclass
class YearCounts:
    months: list[dict]
    platforms: list[dict]
    accounts: list[dict]
    departments: list[dict]
    outcomes: list[dict]
    provisions: list[dict]
    deadlines: list[dict]
    appeals: list[dict]
    durations: list[tuple]
    decisions: list[dict]
    dismissals_notified: list[dict]


def statistics_years() -> list[int]:
    """From the year of the latest case back to the first, newest first (one query). The oldest
    and newest case are each one look-up in the index on `Case.opened_at` (MIN and MAX in one
    aggregate read every case on SQLite: 9 ms at 100,000 cases, for the statistics page)."""
    dates = Case.objects.order_by().values_list("opened_at", flat=True)
    span = Case.objects.order_by().values(first=Subquery(dates.order_by("opened_at")[:1]),
                                          last=Subquery(dates.order_by("-opened_at")[:1])).first()
    if span is None:
        return []
    first, last = (timezone.localtime(span[k]).year for k in ("first", "last"))
    return list(range(last, first - 1, -1))


def cases_of_year(year: int):
    return Case.objects.filter(opened_at__year=year).order_by()


def grouped(queryset, entity_path: str = ENTITY, **keys) -> list[dict]:
    """Number of rows per employing entity and per `keys` (name -> expression or field)."""
    plain = [name for name, path in keys.items() if path == name]
    renamed = {name: F(path) if isinstance(path, str) else path
               for name, path in keys.items() if name not in plain}
    return list(queryset.order_by().values(*plain, entity=F(entity_path), **renamed)
                .annotate(n=Count("pk")).order_by())


def deadline_result(today: date):
    """"met" (the step was taken in time), "missed" (late, or overdue and still open), or ""
    while it is still running in time or on hold pending a criminal case (its days do not run,
    whatever its due date said before the hold)."""
    taken = CaseDeadline.Status.TAKEN
    return Choose(
        When(status=taken, met_on__lte=F("due_date"), then=Value("met")),
        When(status=taken, then=Value("missed")),
        When(on_hold_since__isnull=False, then=Value("")),
        When(due_date__lt=today, then=Value("missed")),
        default=Value(""),
    )


def months_with_most_per_case(cases, deadlines) -> list[dict]:
    """Cases per employing entity and month, with the most provisions, counted deadlines and
    appeals one case of them has: a figure that counts a case several times moved by that many
    times fewer cases than cells (statistics/release.py)."""
    def most(rows):
        counted = rows.filter(case=OuterRef("pk")).order_by().values("case").annotate(
            c=Count("pk")).values("c")
        return Max(Coalesce(Subquery(counted), 0))

    return list(cases.values(entity=F(ENTITY), key=ExtractMonth("opened_at")).annotate(
        n=Count("pk"), provisions=most(Case.provisions.through.objects),
        deadlines=most(deadlines), appeals=most(Appeal.objects)).order_by())


def year_counts(year: int) -> YearCounts:
    """Everything the statistics of `year` need, in eleven queries."""
    cases = cases_of_year(year)
    in_year = Q(case__opened_at__year=year)
    linked = "case__" + ENTITY
    deadlines = CaseDeadline.objects.filter(in_year).exclude(
        status=CaseDeadline.Status.CANCELLED).annotate(result=deadline_result(timezone.localdate()))
    return YearCounts(
        months=months_with_most_per_case(cases, deadlines.exclude(result="")),
        platforms=grouped(cases, key="incident__platform"),
        accounts=grouped(cases, key="incident__account_kind"),
        departments=grouped(cases, key="incident__employee__department_id",
                            name="incident__employee__department__name"),
        outcomes=grouped(cases, track="track", regime="regime", outcome="outcome"),
        provisions=grouped(Case.provisions.through.objects.filter(in_year), linked,
                           key="provision_id", article="provision__article",
                           text_nl="provision__text_nl", text_en="provision__text_en",
                           position="provision__position"),
        deadlines=grouped(deadlines.exclude(result=""), linked, code="code", result="result",
                          name_nl="rule__name_nl", name_en="rule__name_en"),
        appeals=grouped(Appeal.objects.filter(in_year), linked, key="outcome"),
        # A case with an outcome was decided (a decision to prosecute sets none).
        durations=list(cases.filter(~Q(outcome="") | Q(closed_at__isnull=False)).values_list(
            "pk", "track", "regime", ENTITY, "knowledge_date", "incident__submitted_at",
            "closed_at")),
        decisions=list(Decision.objects.filter(in_year).order_by("decided_on", "id").values(
            "case_id", "kind", "sanction", "decided_on", "case__track", "case__regime",
            "case__outcome", entity=F(linked))),
        dismissals_notified=list(Notification.objects.filter(
            in_year, subject=Notification.Subject.DISMISSAL).values("case_id", "sent_on")),
    )
