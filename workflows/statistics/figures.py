"""The year's figures as protected tables, built from the facts of statistics/selectors.py."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from incidents.models import AccountKind, Platform
from workflows.models import Appeal, Case
from workflows.models.steps import SANCTIONS_BY_REGIME, Sanction
from workflows.statistics import selectors
from workflows.statistics.protection import threshold
from workflows.statistics.tables import ALL, RowSpec, Table, build_table, entity_columns
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
                           [OPEN, O.NOT_PROSECUTED, O.NO_SANCTION]
                           + [f"sanction:{s}" for s in SANCTIONS_BY_REGIME[Regime.LOCAL_GOVERNMENT]]
                           + [O.SANCTION_ANNULLED]),
    "disciplinary_education": (_("Disciplinary procedure, subsidised education"),
                               [OPEN, O.NOT_PROSECUTED, O.NO_SANCTION]
                               + [f"sanction:{s}" for s in SANCTIONS_BY_REGIME[Regime.EDUCATION]]
                               + [O.SANCTION_ANNULLED]),
}
DEADLINE_RESULTS = {"met": _("met in time"), "missed": _("missed")}


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
        return str(Sanction(key.split(":", 1)[1]).label)
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


def spread(days: list[int], minimum: int) -> Spread:
    if len(days) < max(minimum, 2):
        return Spread(len(days), minimum)
    q1, median, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return Spread(len(days), minimum, q1, median, q3)


class YearStatistics:
    """All tables of one year; each view shows one column (an entity, or all)."""

    def __init__(self, year: int, *, minimum: int | None = None):
        self.year = year
        self.minimum = minimum or threshold()
        self.facts = selectors.year_facts(year)
        self.entity_of = {c["pk"]: c["incident__employee__department__entity"]
                          for c in self.facts.cases}
        self.cases = self._simple("cases", _("Cases opened"),
                                  [RowSpec("cases", str(_("Cases opened")))], lambda c: ["cases"])
        self.tables = self._tables()

    def _simple(self, key, title, rows, keys_of, *, additive=True, base=None, total_label=""):
        counts = Counter()
        for case in self.facts.cases:
            for row_key in keys_of(case):
                counts[(row_key, case["incident__employee__department__entity"])] += 1
        return build_table(key, title, rows, counts, minimum=self.minimum, additive=additive,
                           base=base, total_label=total_label)

    def _tables(self) -> dict[str, Table]:
        base = self.cases
        return {
            "months": self._simple("months", _("Incidents reported per month"),
                                   [RowSpec(str(m), str(MONTHS[m])) for m in range(1, 13)],
                                   lambda c: [str(timezone.localtime(c["opened_at"]).month)],
                                   base=base),
            "provisions": self._provisions(),
            "platforms": self._simple("platforms", _("Per platform"),
                                      [RowSpec(k, str(v)) for k, v in Platform.choices],
                                      lambda c: [c["incident__platform"]], base=base),
            "accounts": self._simple("accounts", _("Per kind of account"),
                                     [RowSpec(k, str(v)) for k, v in AccountKind.choices],
                                     lambda c: [c["incident__account_kind"]], base=base),
            "departments": self._departments(),
            "outcomes": self._outcomes(),
            "deadlines": self._deadlines(),
            "appeals": self._appeals(),
        }

    def _provisions(self) -> Table:
        english = (get_language() or "nl").startswith("en")
        labels, keys_by_case = {}, defaultdict(list)
        for link in sorted(self.facts.provisions, key=lambda p: p["provision__position"]):
            key = str(link["provision_id"])
            text = link["provision__text_en"] if english else link["provision__text_nl"]
            labels.setdefault(key, f"{link['provision__article']} {text}")
            keys_by_case[link["case_id"]].append(key)
        rows = [RowSpec(k, v) for k, v in labels.items()]
        # A case can breach several provisions: these counts do not add up to the cases.
        return self._simple("provisions", _("Per provision of the code"), rows,
                            lambda c: keys_by_case[c["pk"]], additive=False)

    def _departments(self) -> Table:
        names = {}
        for case in self.facts.cases:
            names[str(case["incident__employee__department_id"])] = \
                case["incident__employee__department__name"]
        rows = [RowSpec(k, v) for k, v in sorted(names.items(), key=lambda kv: kv[1])]
        return self._simple("departments", _("Per department"), rows,
                            lambda c: [str(c["incident__employee__department_id"])],
                            base=self.cases)

    def final_sanction(self) -> dict:
        sanctions = {}
        for decision in self.facts.decisions:
            if decision["sanction"]:
                sanctions[decision["case_id"]] = decision["sanction"]
        return sanctions

    def _outcomes(self) -> Table:
        sanctions = self.final_sanction()
        rows = []
        for group, (label, outcomes) in GROUPS.items():
            rows.append(RowSpec(group, str(label), subtotal=True))
            rows.extend(RowSpec(f"{group}:{o}", outcome_label(o), group=group) for o in outcomes)
        known = {r.key for r in rows}

        def keys_of(case):
            key = f"{group_of(case)}:{outcome_key(case['outcome'], sanctions.get(case['pk'], ''))}"
            return [key if key in known else f"{group_of(case)}:{OPEN}"]

        return self._simple("outcomes", _("Per procedure and outcome"), rows, keys_of,
                            base=self.cases)

    def _deadlines(self) -> Table:
        counts, rows, today = Counter(), {}, timezone.localdate()
        english = (get_language() or "nl").startswith("en")
        for deadline in self.facts.deadlines:
            result = selectors.deadline_result(deadline, today)
            if result is None:
                continue
            code = deadline["code"]
            rows.setdefault(code, deadline["rule__name_en"] if english else deadline["rule__name_nl"])
            counts[(f"{code}:{result}", self.entity_of[deadline["case_id"]])] += 1
        specs = []
        for code, name in sorted(rows.items(), key=lambda kv: kv[1]):
            specs.append(RowSpec(code, name, subtotal=True))
            specs.extend(RowSpec(f"{code}:{r}", str(label), group=code)
                         for r, label in DEADLINE_RESULTS.items())
        return build_table("deadlines", _("Legal deadlines met"), specs, counts,
                           minimum=self.minimum, total_label=_("Deadlines that have run out"))

    def _appeals(self) -> Table:
        counts = Counter()
        for appeal in self.facts.appeals:
            counts[(appeal["outcome"] or OPEN, self.entity_of[appeal["case_id"]])] += 1
        rows = [RowSpec(OPEN, str(_("Pending")))] + [RowSpec(k, str(v))
                                                     for k, v in Appeal.Outcome.choices]
        return build_table("appeals", _("Appeals and their outcome"), rows, counts,
                           minimum=self.minimum, total_label=_("Appeals lodged"))

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

    def durations(self, column: str = ALL) -> list[dict]:
        """Days from report to decision and from knowledge to dismissal, per procedure."""
        to_decision, to_dismissal = self._duration_days()
        return [{"label": str(label),
                 "to_decision": spread(to_decision[(group, column)], self.minimum),
                 "to_dismissal": spread(to_dismissal[(group, column)], self.minimum)
                 if group != "triage" else None}
                for group, (label, _outcomes) in GROUPS.items()]

    def _duration_days(self):
        decided, dismissed = {}, {}
        for decision in self.facts.decisions:
            if decision["kind"] not in selectors.NOT_FINAL:
                decided.setdefault(decision["case_id"], decision["decided_on"])
            if decision["sanction"] in selectors.DISMISSAL_SANCTIONS:
                dismissed.setdefault(decision["case_id"], decision["decided_on"])
        for notice in self.facts.dismissals_notified:
            dismissed.setdefault(notice["case_id"], notice["sent_on"])
        to_decision, to_dismissal = defaultdict(list), defaultdict(list)
        for case in self.facts.cases:
            reported = timezone.localtime(case["incident__submitted_at"] or case["opened_at"]).date()
            end = decided.get(case["pk"]) or (
                timezone.localtime(case["closed_at"]).date() if case["closed_at"] else None)
            columns = (case["incident__employee__department__entity"], ALL)
            for column in columns:
                key = (group_of(case), column)
                if end:
                    to_decision[key].append((end - reported).days)
                if case["pk"] in dismissed and case["knowledge_date"]:
                    to_dismissal[key].append((dismissed[case["pk"]] - case["knowledge_date"]).days)
        return to_decision, to_dismissal


def column_choices() -> list[str]:
    return entity_columns() + [ALL]
