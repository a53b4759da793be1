"""How comparable closed cases ended (equality principle): same provisions, seriousness, regime
and track. Only a protected distribution of outcomes, never a name or a reference."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from workflows.models import Case, Decision
from workflows.statistics.figures import outcome_key, outcome_label
from workflows.statistics.protection import Line, protect, threshold
from workflows.statistics.tables import TOTAL, Figure
from workflows.states import CaseState, Track

DEVIATION_REASON_REQUIRED = _(
    "Comparable closed cases did not receive this outcome in a number that can be shown. Explain "
    "why this case differs (equality principle)."
)


@dataclass
class Distribution:
    rows: list[tuple[str, str, Figure]]  # (outcome key, label, figure)
    total: Figure
    # The published cut-off: only comparable cases closed up to then are counted (None: none yet).
    counted_until: datetime | None = None

    @property
    def enough(self) -> bool:
        return self.total.shown and self.total.value > 0

    def usual_outcomes(self) -> set[str]:
        """Outcomes that a published number of comparable cases received."""
        return {key for key, _label, figure in self.rows if figure.shown and figure.value > 0}


def comparable_cases(case: Case, provision_ids: list[int]):
    """(outcome, last sanction, closed at) of the comparable closed cases, in the order they
    closed (a case closed before `closed_at` was recorded counts as the oldest)."""
    last_sanction = Decision.objects.filter(case=OuterRef("pk")).exclude(sanction="").order_by(
        "-decided_on", "-id").values("sanction")[:1]
    return (
        Case.objects.filter(state=CaseState.CLOSED, track=case.track, regime=case.regime,
                            seriousness=case.seriousness)
        .exclude(pk=case.pk)
        .annotate(n_provisions=Count("provisions", distinct=True),
                  n_same=Count("provisions", filter=Q(provisions__in=provision_ids),
                               distinct=True),
                  sanction=Subquery(last_sanction))
        .filter(n_provisions=len(provision_ids), n_same=len(provision_ids))
        .order_by(F("closed_at").asc(nulls_first=True), "pk")
        .values_list("outcome", "sanction", "closed_at")
    )


def published_part(closed: list[tuple], step: int) -> list[tuple]:
    """The comparable cases the panel may count, in closing order: whole steps of `step` (the
    small-number threshold) from the first. One more case closing changes nothing until `step`
    new ones have closed; then all of them join at once. Two views of the panel therefore differ
    by at least `step` cases, never by the one that just closed (differencing attack)."""
    return closed[:len(closed) // step * step]


def comparable_outcomes(case: Case, provision_ids: list[int] | None = None) -> Distribution:
    """Two queries (one if the provisions are given)."""
    if provision_ids is None:
        provision_ids = list(case.provisions.values_list("pk", flat=True))
    minimum = threshold()
    counted = published_part(list(comparable_cases(case, provision_ids)), minimum)
    counts = Counter(outcome_key(outcome, sanction or "") for outcome, sanction, _at in counted)
    values = dict(counts) | {TOTAL: sum(counts.values())}
    hidden = protect(values, [Line(list(counts), TOTAL)], minimum=minimum)
    # Sorted by label: an order by number would rank the hidden figures.
    rows = sorted(((key, outcome_label(key), Figure(value, hidden.get(key), minimum))
                   for key, value in counts.items()), key=lambda r: r[1])
    return Distribution(rows, Figure(values[TOTAL], hidden.get(TOTAL), minimum),
                        counted[-1][2] if counted else None)


def check_consistency(*, case: Case, chosen: str, deviation_reason: str) -> None:
    """A decision outside what comparable cases received needs its own reason."""
    if deviation_reason.strip():
        return
    distribution = comparable_outcomes(case)
    if distribution.enough and chosen not in distribution.usual_outcomes():
        raise ValidationError({"deviation_reason": DEVIATION_REASON_REQUIRED})


def panel_for(case: Case, user, provisions: list) -> Distribution | None:
    """The consistency panel, for the deciding authority and legal, while a decision is ahead."""
    if case.is_closed or case.track == Track.TRIAGE:
        return None
    if not (user.has_perm("workflows.decide_case", case)
            or user.has_perm("workflows.review_case", case)):
        return None
    return comparable_outcomes(case, [p.pk for p in provisions])
