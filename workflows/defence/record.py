"""The employee's disciplinary record: prior sanctions and their erasure (doorhaling).

A sanction is erased after the period of its rulebook entry `erasure_<sanction>` (flagged "to be
confirmed" where no public source confirmed it); an erased sanction may no longer be held against
the employee, so it is shown as erased and cannot be cited. A sanction without an erasure rule
(dismissal, removal from office) stays on the record.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from workflows.deadlines import due_date
from workflows.models import Case, Decision, DeadlineRule
from workflows.models.steps import Sanction
from workflows.states import CaseState

ERASURE_PREFIX = "erasure_"


@dataclass
class RecordEntry:
    key: str
    sanction: str
    decided_on: date
    authority: str
    case: Case | None
    rule: DeadlineRule | None
    erasure_date: date | None
    erased: bool

    @property
    def sanction_label(self) -> str:
        return str(Sanction(self.sanction).label)

    @property
    def anchor(self) -> str:
        return f"record-{self.key}"

    @property
    def source_label(self) -> str:
        return self.case.reference if self.case else str(_("entered by HR"))


def erasure_rules() -> list[DeadlineRule]:
    return list(DeadlineRule.objects.filter(code__startswith=ERASURE_PREFIX))


def erasure_rule(rules: list[DeadlineRule], *, sanction: str, regime: str,
                 decided_on: date) -> DeadlineRule | None:
    """The version of `erasure_<sanction>` in force when the sanction was imposed."""
    candidates = [r for r in rules if r.code == ERASURE_PREFIX + sanction and r.regime == regime
                  and r.effective_from <= decided_on]
    return max(candidates, key=lambda r: (r.effective_from, r.version), default=None)


def erasure_date(rule: DeadlineRule | None, decided_on: date) -> date | None:
    if rule is None:
        return None
    return due_date(start=decided_on, length=rule.length, unit=rule.unit)


def _entry(rules, *, key, sanction, regime, decided_on, authority, case, on) -> RecordEntry:
    rule = erasure_rule(rules, sanction=sanction, regime=regime, decided_on=decided_on)
    erased_on = erasure_date(rule, decided_on)
    return RecordEntry(key=key, sanction=sanction, decided_on=decided_on, authority=authority,
                       case=case, rule=rule, erasure_date=erased_on,
                       erased=erased_on is not None and erased_on <= on)


def _decisions(employee, *, before: date, exclude_case: Case | None):
    """Sanctions decided in this system in closed cases that were not annulled on appeal."""
    decisions = Decision.objects.filter(
        case__incident__employee=employee, case__state=CaseState.CLOSED,
        case__outcome=Case.Outcome.SANCTION, decided_on__lt=before,
    ).exclude(sanction="").select_related("case")
    if exclude_case is not None:
        decisions = decisions.exclude(case=exclude_case)
    return decisions


def record_of(employee, *, on: date, exclude_case: Case | None = None) -> list[RecordEntry]:
    """The record as it stood on `on` (the date of the facts): sanctions imposed before it, each
    marked erased if its erasure date had come by then. At most three queries whatever the
    length."""
    decisions = list(_decisions(employee, before=on, exclude_case=exclude_case))
    # Read through `all()`: on the case page they are already fetched (prefetch_case_page).
    priors = [p for p in employee.prior_sanctions.all() if p.decided_on < on]
    # The erasure rules only when there is a sanction to date (most records are empty).
    rules = erasure_rules() if decisions or priors else []
    entries = [
        _entry(rules, key=f"d{d.pk}", sanction=d.sanction, regime=d.case.regime,
               decided_on=d.decided_on, authority=d.authority, case=d.case, on=on)
        for d in decisions
    ]
    entries += [
        _entry(rules, key=f"p{p.pk}", sanction=p.sanction, regime=p.regime,
               decided_on=p.decided_on, authority=p.authority, case=None, on=on)
        for p in priors
    ]
    return sorted(entries, key=lambda e: (e.decided_on, e.key))


def case_record(case: Case) -> list[RecordEntry]:
    """The record a decision in `case` may take into account: as it stood on the date of the facts."""
    return record_of(case.employee, on=case.incident.facts_date, exclude_case=case)


def cited_entries(decision: Decision, record: list[RecordEntry]) -> list[RecordEntry]:
    keys = {f"d{c.cited_decision_id}" if c.cited_decision_id else f"p{c.cited_entry_id}"
            for c in decision.citations.all()}
    return [entry for entry in record if entry.key in keys]
