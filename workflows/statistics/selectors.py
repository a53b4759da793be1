"""The reads behind the statistics: a fixed number of queries for a whole year, whatever the
number of cases. Only aggregate, protected figures leave this package (see tables.py)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from workflows.models import Appeal, Case, CaseDeadline, Decision, Notification
from workflows.models.steps import Sanction
from workflows.states import CaseState

CASE_FIELDS = (
    "pk", "opened_at", "closed_at", "state", "track", "regime", "outcome", "knowledge_date",
    "incident__submitted_at", "incident__platform", "incident__account_kind",
    "incident__employee__department_id", "incident__employee__department__name",
    "incident__employee__department__entity",
)
# Decisions that settle a case (a decision to prosecute only opens the next phase).
NOT_FINAL = {"prosecute"}
DISMISSAL_SANCTIONS = {Sanction.DISMISSAL, Sanction.REMOVAL}


@dataclass
class YearFacts:
    cases: list[dict]
    provisions: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    appeals: list[dict] = field(default_factory=list)
    dismissals_notified: list[dict] = field(default_factory=list)


def statistics_years() -> list[int]:
    """The years that have cases, newest first (one query)."""
    return sorted({d.year for d in Case.objects.dates("opened_at", "year")}, reverse=True)


def cases_of_year(year: int):
    return Case.objects.filter(opened_at__year=year)


def year_facts(year: int) -> YearFacts:
    """Everything the statistics of `year` need, in six queries."""
    cases = cases_of_year(year)
    in_year = Q(case__opened_at__year=year)
    return YearFacts(
        cases=list(cases.values(*CASE_FIELDS)),
        provisions=list(Case.provisions.through.objects.filter(in_year).values(
            "case_id", "provision_id", "provision__article", "provision__text_nl",
            "provision__text_en", "provision__position")),
        decisions=list(Decision.objects.filter(in_year).order_by("decided_on", "id").values(
            "case_id", "kind", "sanction", "decided_on")),
        deadlines=list(CaseDeadline.objects.filter(in_year).exclude(
            status=CaseDeadline.Status.CANCELLED).values(
            "case_id", "code", "status", "met_on", "due_date", "rule__name_nl",
            "rule__name_en")),
        appeals=list(Appeal.objects.filter(in_year).values("case_id", "outcome")),
        dismissals_notified=list(Notification.objects.filter(
            in_year, subject=Notification.Subject.DISMISSAL).values("case_id", "sent_on")),
    )


def deadline_result(deadline: dict, today: date | None = None) -> str | None:
    """"met" (the step was taken in time), "missed" (late, or overdue and still open), or None
    while it is still running in time."""
    today = today or timezone.localdate()
    if deadline["status"] == CaseDeadline.Status.MET:
        return "met" if deadline["met_on"] and deadline["met_on"] <= deadline["due_date"] \
            else "missed"
    return "missed" if deadline["due_date"] < today else None


def is_closed(case: dict) -> bool:
    return case["state"] == CaseState.CLOSED
