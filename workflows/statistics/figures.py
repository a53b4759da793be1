"""The year's figures as protected tables, built from the facts of statistics/selectors.py."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from incidents.models import AccountKind, Platform
from workflows.models import Appeal, Case
from workflows.models import SanctionRule
from workflows.models.catalogue import sanction_label
from workflows.models.steps import Sanction
from workflows.statistics import selectors
from workflows.statistics.knowledge import release_equations
from workflows.statistics.protection import threshold
from workflows.statistics.tables import ALL, RowSpec, Table, build_table, seen_from_json
from workflows.states import Regime, Track

O = Case.Outcome
OPEN = "open"
GROUPS = {
    "triage": (_("Triage (no formal procedure)"),
               [OPEN, O.NO_FOLLOW_UP, O.CONVERSATION, O.WRITTEN_WARNING]),
    "dismissal": (_("Dismissal for serious reason (employment contract)"),
                  [OPEN, O.DISMISSED, O.DISMISSAL_WITH_NOTICE, O.WORK_RULES_SANCTION, O.WARNING,
                   O.NO_MEASURE]),
    "disciplinary_local": (_("Disciplinary procedure, statutory staff (Decreet Lokaal Bestuur)"),
                           [OPEN, O.NOT_PROSECUTED, O.NO_SANCTION, O.SANCTION_ANNULLED]),
    "disciplinary_education": (_("Disciplinary procedure, subsidised education"),
                               [OPEN, O.NOT_PROSECUTED, O.NO_SANCTION, O.SANCTION_ANNULLED]),
}
# The sanction rows of a group come from the rulebook's catalogue of its regime.
CATALOGUE_OF = {"disciplinary_local": Regime.LOCAL_GOVERNMENT,
                "disciplinary_education": Regime.EDUCATION}
DEADLINE_RESULTS = {"met": _("met in time"), "missed": _("missed")}


def outcome_groups() -> dict:
    """GROUPS with a row for every sanction its regime's catalogue has ever held (rulebook data,
    so that a sanction taken out of the catalogue still counts in the years it was imposed)."""
    held = {}
    for regime, sanction in (SanctionRule.objects.filter(in_catalogue=True)
                             .values_list("regime", "sanction").distinct()):
        held.setdefault(regime, set()).add(sanction)
    order = {code: i for i, code in enumerate(Sanction.values)}
    groups = {}
    for group, (label, outcomes) in GROUPS.items():
        sanctions = sorted(held.get(CATALOGUE_OF.get(group), ()),
                           key=lambda code: (order.get(code, len(order)), code))
        groups[group] = (label, outcomes[:-1] + [f"sanction:{s}" for s in sanctions]
                         + outcomes[-1:] if group in CATALOGUE_OF else outcomes)
    return groups


def group_of(case: dict) -> str:
    if case["track"] == Track.DISMISSAL:
        return "dismissal"
    if case["track"] == Track.DISCIPLINARY:
        return "disciplinary_education" if case["regime"] == Regime.EDUCATION \
            else "disciplinary_local"
    return "triage"


def outcome_key(outcome: str, sanction: str = "") -> str:
    """What a case ended with: its outcome, a sanction by its kind."""
    if not outcome:
        return OPEN
    if outcome == O.SANCTION and sanction:
        return f"sanction:{sanction}"
    return outcome


def outcome_label(key: str) -> str:
    if key == OPEN:
        return str(_("No outcome yet"))
    if key.startswith("sanction:"):
        return sanction_label(key.split(":", 1)[1])
    return str(O(key).label)


@dataclass
class Spread:
    """Median and quartiles of a duration in days, published only for enough cases."""

    count: int
    minimum: int
    q1: float | None = None
    median: float | None = None
    q3: float | None = None

    @property
    def shown(self) -> bool:
        return self.count >= self.minimum

    @property
    def count_display(self) -> str:
        return str(self.count) if self.shown else f"< {self.minimum}"


@dataclass
class HeldBack:
    """Changes of a view not published yet: since `since`, or since the start of the year."""

    since: datetime | None


def summarise(counts: selectors.YearCounts) -> dict:
    """The year's grouped counts and duration histograms as plain JSON data, the same in every
    language: what a snapshot stores (statistics/snapshots.py) and every view is built from.
    Its size depends on the categories and entities, not on the number of cases."""
    to_decision, to_dismissal = _duration_days(counts)
    return {
        "months": [{key: row[key] for key in ("entity", "key", "n")} for row in counts.months],
        "platforms": counts.platforms, "accounts": counts.accounts,
        "departments": counts.departments, "outcomes": _with_sanction_kinds(counts),
        "provisions": counts.provisions, "deadlines": counts.deadlines,
        "appeals": counts.appeals,
        "spreads": {"to_decision": _histograms(to_decision),
                    "to_dismissal": _histograms(to_dismissal)},
        "most_per_case": _most_per_case(counts.months),
    }


def _most_per_case(months: list[dict]) -> dict:
    """Per employing entity, the most provisions, deadlines and appeals one case has."""
    most = defaultdict(dict)
    for row in months:
        for field in ("provisions", "deadlines", "appeals"):
            most[row["entity"]][field] = max(most[row["entity"]].get(field, 0), row[field] or 0)
    return dict(most)


def _histograms(days_by_cell: dict) -> dict:
    """(group, entity) -> {days: number of cases}: its size depends on the durations that occur,
    not on the number of cases, and the histograms of several entities add up to those of all of
    them (the figures of a year are published per entity, statistics/release.py)."""
    return {f"{group}|{entity}": {str(days): n for days, n in sorted(Counter(values).items())}
            for (group, entity), values in days_by_cell.items()}


def quartiles(histogram: Counter) -> tuple:
    """(number of cases, q1, median, q3); the quartiles need at least two cases."""
    days = sorted(histogram.elements())
    if len(days) < 2:
        return len(days), None, None, None
    return len(days), *statistics.quantiles(days, n=4, method="inclusive")


def _with_sanction_kinds(counts) -> list[dict]:
    """Outcome counts with "sanction" split by the kind of the case's last sanction, taken
    from the decisions already read (no query per case)."""
    last = {}
    for decision in counts.decisions:
        if decision["sanction"] and decision["case__outcome"] == O.SANCTION:
            last[decision["case_id"]] = decision
    kinds = Counter((d["entity"], d["case__track"], d["case__regime"], d["sanction"])
                    for d in last.values())
    grouped = [dict(row, sanction="") for row in counts.outcomes]
    for row in grouped:
        if row["outcome"] == O.SANCTION:
            row["n"] -= sum(n for (entity, track, regime, _s), n in kinds.items()
                            if (entity, track, regime) == (row["entity"], row["track"],
                                                           row["regime"]))
    grouped.extend({"entity": entity, "track": track, "regime": regime,
                    "outcome": O.SANCTION, "sanction": sanction, "n": n}
                   for (entity, track, regime, sanction), n in kinds.items())
    return grouped


def _duration_days(counts):
    decided, dismissed = {}, {}
    for decision in counts.decisions:
        if decision["kind"] not in selectors.NOT_FINAL:
            decided.setdefault(decision["case_id"], decision["decided_on"])
        if decision["sanction"] in selectors.DISMISSAL_SANCTIONS:
            dismissed.setdefault(decision["case_id"], decision["decided_on"])
    for notice in counts.dismissals_notified:
        dismissed.setdefault(notice["case_id"], notice["sent_on"])
    to_decision, to_dismissal = defaultdict(list), defaultdict(list)
    for pk, track, regime, entity, knowledge, submitted, closed in counts.durations:
        group = group_of({"track": track, "regime": regime})
        end = decided.get(pk) or (timezone.localtime(closed).date() if closed else None)
        if end and submitted:
            to_decision[(group, entity)].append((end - timezone.localtime(submitted).date()).days)
        if pk in dismissed and knowledge:
            to_dismissal[(group, entity)].append((dismissed[pk] - knowledge).days)
    return dict(to_decision), dict(to_dismissal)


class YearStatistics:
    """All tables of one year; each view shows one column (an entity, or all). Built from a summary
    of grouped counts (`summarise`: computed now, or read from the year's precomputed snapshot),
    then only plain data: it can be cached and shown in any view without new queries."""

    def __init__(self, year: int, *, minimum: int | None = None, summary: dict | None = None,
                 as_of=None, held: dict | None = None, seen: dict | None = None,
                 pattern: dict | None = None, remedies: dict | None = None,
                 groups: dict | None = None):
        self.year = year
        self.minimum = minimum or threshold()
        if summary is None:
            summary = summarise(selectors.year_counts(year))
        # When the figures were counted (the snapshot's time, or now when counted for this view).
        self.as_of = as_of or timezone.now()
        # Parts ("entity|part") whose changes since their publication are held back (release.py).
        self._held = held or {}
        # Per table, what every earlier release published (`Table.seen`): suppression carried
        # over; or the hidden cells of this release as already protected (`pattern`).
        self._seen = {key: seen_from_json(cells) for key, cells in (seen or {}).items()}
        self._pattern = pattern
        # Per table, more cells to hide and complements given away (knowledge.remedies).
        self._remedies = remedies or {}
        # The outcome rows (`outcome_groups`), read once by a caller that builds several.
        self._groups = groups
        self.cases = self._table("cases", _("Cases opened"),
                                 [RowSpec("cases", str(_("Cases opened")))],
                                 [dict(row, key="cases") for row in summary["months"]])
        self.tables = self._tables(summary)
        self._spreads = summary["spreads"]

    def _table(self, key, title, rows, grouped, *, additive=True, base=None, total_label="",
               key_of=None):
        tally = Counter()
        for row in grouped:
            tally[(key_of(row) if key_of else str(row["key"]), row["entity"])] += row["n"]
        decided = None if self._pattern is None else {
            (row, column): state for row, column, _value, state in self._pattern.get(key, [])
            if state}
        also, given_away = self._remedies.get(key, ((), ()))
        return build_table(key, title, rows, tally, minimum=self.minimum, additive=additive,
                           base=base, total_label=total_label, seen=self._seen.get(key),
                           decided=decided, also=frozenset(also),
                           given_away=frozenset(given_away))

    def _tables(self, counts: dict) -> dict[str, Table]:
        base = self.cases
        return {
            "months": self._table("months", _("Incidents reported per month"),
                                  [RowSpec(str(m), str(MONTHS[m])) for m in range(1, 13)],
                                  counts["months"], base=base),
            "provisions": self._provisions(counts["provisions"]),
            "platforms": self._table("platforms", _("Per platform"),
                                     [RowSpec(k, str(v)) for k, v in Platform.choices],
                                     counts["platforms"], base=base),
            "accounts": self._table("accounts", _("Per kind of account"),
                                    [RowSpec(k, str(v)) for k, v in AccountKind.choices],
                                    counts["accounts"], base=base),
            "departments": self._table(
                "departments", _("Per department"),
                [RowSpec(str(k), name) for k, name in sorted(
                    {(r["key"], r["name"]) for r in counts["departments"]}, key=lambda kv: kv[1])],
                counts["departments"], base=base),
            "outcomes": self._outcomes(counts["outcomes"]),
            "deadlines": self._deadlines(counts["deadlines"]),
            "appeals": self._table("appeals", _("Appeals and their outcome"),
                                   [RowSpec(OPEN, str(_("Pending")))]
                                   + [RowSpec(k, str(v)) for k, v in Appeal.Outcome.choices],
                                   counts["appeals"], total_label=_("Appeals lodged"),
                                   key_of=lambda r: r["key"] or OPEN),
        }

    def _provisions(self, grouped) -> Table:
        english = (get_language() or "nl").startswith("en")
        labels = {}
        for link in sorted(grouped, key=lambda p: p["position"]):
            text = link["text_en"] if english else link["text_nl"]
            labels.setdefault(str(link["key"]), f"{link['article']} {text}")
        # A case can breach several provisions: these counts do not add up to the cases.
        return self._table("provisions", _("Per provision of the code"),
                           [RowSpec(k, v) for k, v in labels.items()], grouped, additive=False)

    def _outcomes(self, grouped) -> Table:
        rows = []
        for group, (label, outcomes) in (self._groups or outcome_groups()).items():
            rows.append(RowSpec(group, str(label), subtotal=True))
            rows.extend(RowSpec(f"{group}:{o}", outcome_label(o), group=group) for o in outcomes)
        known = {r.key for r in rows}

        def key_of(row):
            group = group_of(row)
            key = f"{group}:{outcome_key(row['outcome'], row['sanction'] or '')}"
            return key if key in known else f"{group}:{OPEN}"

        return self._table("outcomes", _("Per procedure and outcome"), rows, grouped,
                           base=self.cases, key_of=key_of)

    def _deadlines(self, grouped) -> Table:
        english = (get_language() or "nl").startswith("en")
        names = {}
        for row in grouped:
            names.setdefault(row["code"], row["name_en"] if english else row["name_nl"])
        specs = []
        for code, name in sorted(names.items(), key=lambda kv: kv[1]):
            specs.append(RowSpec(code, name, subtotal=True))
            specs.extend(RowSpec(f"{code}:{r}", str(label), group=code)
                         for r, label in DEADLINE_RESULTS.items())
        return self._table("deadlines", _("Legal deadlines met"), specs, grouped,
                           total_label=_("Deadlines that have run out"),
                           key_of=lambda r: f"{r['code']}:{r['result']}")

    def deadline_shares(self, column: str = ALL) -> list[dict]:
        """Per legal deadline: the share met, where both counts may be published."""
        table = self.tables["deadlines"]
        shares = []
        for row in (r for r in table.rows if r.subtotal):
            met = table.figure(f"{row.key}:met", column)
            total = table.figure(row.key, column)
            share = round(100 * met.value / total.value) if (
                met.shown and total.shown and total.value) else None
            shares.append({"label": row.label, "met": met, "total": total, "share": share})
        return shares

    def pattern(self) -> dict:
        """Every table's cells and their protection, as the page shows them (release.py)."""
        return {table.key: table.pattern() for table in self.all_tables()}

    def seen(self) -> dict:
        """Per table, what every release up to this one published, for the next release."""
        return {table.key: table.seen(self._seen.get(table.key, {}))
                for table in self.all_tables()}

    def equations(self) -> list[dict]:
        """This release's lines over its unknowns, for the reader's reduced equations
        (knowledge.py)."""
        return release_equations(self.all_tables(), self._seen)

    def all_tables(self) -> list[Table]:
        return [self.cases, *self.tables.values()]

    def held_back(self, column: str = ALL) -> HeldBack | None:
        """Whether this view leaves out changes still too few to publish, and since when."""
        held = [at for name, at in self._held.items() if column in (ALL, name.split("|")[0])]
        if not held:
            return None
        published = [datetime.fromisoformat(at) for at in held if at]
        return HeldBack(min(published) if len(published) == len(held) else None)

    def durations(self, column: str = ALL) -> list[dict]:
        """Days from report to decision and from knowledge to dismissal, per procedure."""
        return [{"label": str(label),
                 "to_decision": self._spread("to_decision", group, column),
                 "to_dismissal": self._spread("to_dismissal", group, column)
                 if group != "triage" else None}
                for group, (label, _outcomes) in GROUPS.items()]

    def _spread(self, measure: str, group: str, column: str) -> Spread:
        histogram = Counter()
        for cell, days in self._spreads[measure].items():
            cell_group, entity = cell.split("|")
            if cell_group == group and column in (entity, ALL):
                histogram.update({int(d): n for d, n in days.items()})
        count, *spread = quartiles(histogram)
        if count < max(self.minimum, 2):
            return Spread(count, self.minimum)
        return Spread(count, self.minimum, *spread)
