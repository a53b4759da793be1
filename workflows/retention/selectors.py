"""Reads: which closed cases have reached the end of their retention period, and which cases
about an employee a user may export."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from incidents.models import Employee, Incident
from workflows.models import Case
from workflows.retention.models import RetentionPolicy
from workflows.selectors import cases_visible_to
from workflows.states import CaseState


class Verdict:
    PURGE = "purge"
    KEEP_LEGAL_HOLD = "kept: legal hold"
    KEEP_NO_POLICY = "kept: no retention period for this outcome"
    KEEP_RUNNING = "kept: period running"


@dataclass(frozen=True)
class RetentionDecision:
    case: Case
    policy: RetentionPolicy | None
    closed_on: date
    ends_on: date | None
    verdict: str

    @property
    def period_label(self) -> str:
        return self.policy.period_label if self.policy else "-"


def closed_cases() -> QuerySet[Case]:
    return Case.objects.filter(state=CaseState.CLOSED, closed_at__isnull=False).order_by(
        "closed_at", "pk")


def retention_decision(*, case: Case, policy: RetentionPolicy | None,
                       today: date) -> RetentionDecision:
    """A case may be purged from the day after its period ends, unless it is on legal hold."""
    closed_on = timezone.localdate(case.closed_at)
    ends_on = policy.ends_on(closed_on) if policy else None
    if policy is None:
        verdict = Verdict.KEEP_NO_POLICY
    elif today <= ends_on:
        verdict = Verdict.KEEP_RUNNING
    elif case.legal_hold:
        verdict = Verdict.KEEP_LEGAL_HOLD
    else:
        verdict = Verdict.PURGE
    return RetentionDecision(case=case, policy=policy, closed_on=closed_on, ends_on=ends_on,
                             verdict=verdict)


def retention_decisions(*, today: date) -> list[RetentionDecision]:
    policies = {policy.outcome: policy for policy in RetentionPolicy.objects.all()}
    return [
        retention_decision(case=case, policy=policies.get(case.outcome), today=today)
        for case in closed_cases()
    ]


@dataclass(frozen=True)
class ExportScope:
    """The cases about `employee` that the user may export, and how many others exist.

    A subject-access export goes through `cases_visible_to` like every other read: a restricted
    case is exported only by someone named on it, and no one exports a case they are excluded
    from or that is about themselves. The cases left out are counted, never named, so the HR lead
    knows the export is incomplete and asks a person named on them to export them.
    """

    cases: list[Case]
    withheld: int
    drafts: int


def export_scope(*, user, employee: Employee) -> ExportScope:
    about = Case.objects.filter(incident__employee=employee)
    visible = list(
        cases_visible_to(user).filter(incident__employee=employee)
        .select_related("incident__reporter").order_by("opened_at", "pk")
    )
    drafts = Incident.objects.filter(employee=employee, status=Incident.Status.DRAFT).count()
    return ExportScope(cases=visible, withheld=about.count() - len(visible), drafts=drafts)
