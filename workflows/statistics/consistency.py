"""How comparable closed cases ended (equality principle): same provisions, seriousness, regime
and track. Only a protected distribution of outcomes, never a name or a reference."""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from workflows.models import Case, ComparisonRelease, Decision
from workflows.statistics.figures import outcome_key, outcome_label
from workflows.statistics.protection import Line, protect, threshold
from workflows.statistics.tables import TOTAL, Figure
from workflows.states import CaseState, Track

# Where a closed case has no closing time (closed before it was recorded): the oldest.
OLDEST = datetime(1970, 1, 1, tzinfo=UTC)
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


def comparable_cases(case: Case, provision_ids: list[int], *, itself: bool = False):
    """(outcome, last sanction, closed at) of the comparable closed cases (with `case` itself if
    `itself`), in the order they closed; a case closed before `closed_at` was recorded counts as
    the oldest."""
    last_sanction = Decision.objects.filter(case=OuterRef("pk")).exclude(sanction="").order_by(
        "-decided_on", "-id").values("sanction")[:1]
    cases = Case.objects.filter(state=CaseState.CLOSED, track=case.track, regime=case.regime,
                                seriousness=case.seriousness)
    if not itself:
        cases = cases.exclude(pk=case.pk)
    return (
        cases.annotate(n_provisions=Count("provisions", distinct=True),
                       n_same=Count("provisions", filter=Q(provisions__in=provision_ids),
                                    distinct=True),
                       sanction=Subquery(last_sanction))
        .filter(n_provisions=len(provision_ids), n_same=len(provision_ids))
        .order_by(F("closed_at").asc(nulls_first=True), "pk")
        .values_list("outcome", "sanction", "closed_at")
    )


def comparison_group(case: Case, provision_ids: list[int]) -> str:
    """The key of the cases comparable with `case` (ComparisonRelease.group)."""
    key = f"{case.track}|{case.regime}|{case.seriousness}|{sorted(provision_ids)}"
    return hashlib.sha256(key.encode()).hexdigest()


def _closed_at(row) -> datetime:
    return row[2] or OLDEST


def published_until(closed: list[tuple], stored: datetime | None, step: int) -> datetime | None:
    """The cut-off of the panel: comparable cases closed up to it are counted.

    It moves only when at least `step` (the small-number threshold) comparable cases have closed
    after it, and then takes all of them at once: one more case closing changes nothing, so two
    views never differ by the one case that just closed (differencing attack). `stored` is the
    group's published cut-off; a group without one starts at whole steps of `step` from its
    first closed case."""
    until = stored
    if until is None:
        counted = closed[:len(closed) // step * step]
        until = _closed_at(counted[-1]) if counted else None
    newer = [row for row in closed if until is None or _closed_at(row) > until]
    if len(newer) >= step:
        until = _closed_at(newer[-1])
    return until


def counted_outcomes(closed: list[tuple], until: datetime | None) -> dict[str, int]:
    """How the comparable cases closed up to the cut-off `until` ended (outcome key: number of
    cases): the figures a release publishes."""
    if until is None:
        return {}
    return dict(Counter(outcome_key(outcome, sanction or "")
                        for outcome, sanction, at in closed if (at or OLDEST) <= until))


def comparable_outcomes(case: Case, provision_ids: list[int] | None = None) -> Distribution:
    """The group's published figures, read from its release: one query (two without the
    provisions) whatever the number of comparable cases (issue #17). Nothing is counted here: a
    case closed after the cut-off is not in the release, so it cannot show before the next one."""
    if provision_ids is None:
        provision_ids = list(case.provisions.values_list("pk", flat=True))
    minimum = threshold()
    outcomes, until = ComparisonRelease.objects.filter(
        group=comparison_group(case, provision_ids)).values_list(
        "outcomes", "counted_until").first() or ({}, None)
    # In key order: the JSON's own order differs between databases, and protect() takes the
    # first of equal cells as the complement.
    counts = {key: outcomes[key] for key in sorted(outcomes) if outcomes[key]}
    values = counts | {TOTAL: sum(counts.values())}
    hidden = protect(values, [Line(list(counts), TOTAL)], minimum=minimum)
    # Sorted by label: an order by number would rank the hidden figures.
    rows = sorted(((key, outcome_label(key), Figure(value, hidden.get(key), minimum))
                   for key, value in counts.items()), key=lambda r: r[1])
    return Distribution(rows, Figure(values[TOTAL], hidden.get(TOTAL), minimum),
                        until if counts else None)


def comparison_release_advance(*, case: Case) -> None:
    """When `case` closes: publish its comparison group's cut-off as it now stands, with how the
    cases up to it ended. The cut-off is a time, so that it stays put when older cases leave
    (retention purge) instead of shifting by one case."""
    if case.track == Track.TRIAGE:  # no panel: a triage is not decided against comparable cases
        return
    provision_ids = list(case.provisions.values_list("pk", flat=True))
    group = comparison_group(case, provision_ids)
    stored = ComparisonRelease.objects.filter(group=group).values_list(
        "counted_until", flat=True).first()
    closed = list(comparable_cases(case, provision_ids, itself=True))
    until = published_until(closed, stored, threshold())
    if until is not None and until != stored:
        ComparisonRelease.objects.update_or_create(group=group, defaults={
            "counted_until": until, "outcomes": counted_outcomes(closed, until)})


def comparison_release_recount(*, case: Case, provision_ids: list[int]) -> None:
    """After `case` was purged (retention): its group's published figures lose that case and only
    it, since the cut-off stays where it was and no newer case slips in."""
    release = ComparisonRelease.objects.filter(
        group=comparison_group(case, provision_ids)).first()
    if release is None:
        return
    closed = list(comparable_cases(case, provision_ids, itself=True))
    release.outcomes = counted_outcomes(closed, release.counted_until)
    release.save(update_fields=["outcomes"])


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
