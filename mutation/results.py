"""Reading a cosmic-ray session and writing the scores: var/mutation/report.md, docs/testing.md."""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

EQUIVALENT = tomllib.loads((Path(__file__).parent / "modules.toml").read_text()).get("equivalent", [])
BEGIN, END = "<!-- mutation-scores:begin -->", "<!-- mutation-scores:end -->"
# The output of a mutant listed as equivalent and recorded without a test run (equivalents.py).
LISTED = "listed as equivalent in mutation/modules.toml: not run"


@dataclass
class Survivor:
    operator: str
    line_number: int
    line: str
    diff: str
    reason: str | None = None
    # False for a listed equivalent mutant recorded without running its tests (equivalents.py).
    run: bool = True


@dataclass(frozen=True)
class Timing:
    """How long one mutant's tests took (run_tests.TOOK), and where they ran."""

    seconds: float
    where: str
    line_number: int
    operator: str
    outcome: str


def timing(output: str) -> tuple[float, str] | None:
    """The seconds and place run_tests.main printed last; None for a run without it."""
    found = re.findall(r"^this mutant's tests took ([0-9.]+) s \(([^)]*)\)$", output or "", re.M)
    return (float(found[-1][0]), found[-1][1]) if found else None


@dataclass
class ModuleResult:
    module: str
    killed: int = 0
    incompetent: int = 0
    # Runs stopped by cosmic-ray's time limit: cosmic-ray calls them killed, but nothing failed.
    timed_out: int = 0
    survivors: list[Survivor] = field(default_factory=list)
    # How the run went, for the table of docs/testing.md: when it ended, how long it took and
    # the machine's load average (1 minute) at its start and its end.
    finished: str = ""
    minutes: int = 0
    load: tuple[float, float] = (0.0, 0.0)
    timings: list[Timing] = field(default_factory=list)

    @property
    def equivalent(self) -> list[Survivor]:
        return [survivor for survivor in self.survivors if survivor.reason]

    @property
    def unexplained(self) -> list[Survivor]:
        return [survivor for survivor in self.survivors if not survivor.reason]

    @property
    def score(self) -> float:
        """Killed share of the mutants that some test could kill (equivalent ones left out). A
        mutant cosmic-ray could not apply (`incompetent`) was never tested, and one whose run was
        stopped by the time limit (`timed_out`) was not seen to fail: neither is killed."""
        relevant = self.killed + self.incompetent + self.timed_out + len(self.unexplained)
        return 100.0 * self.killed / relevant if relevant else 100.0


def equivalent_reason(module: str, operator: str, line: str, mutated: str) -> str | None:
    """The reason listed for this mutant; an entry with `becomes` (the changed line) names one of
    several mutants the same operator makes of one line."""
    for entry in EQUIVALENT:
        if ((entry["module"], entry["operator"], entry["line"]) == (module, operator, line)
                and entry.get("becomes", mutated) == mutated):
            return entry["reason"]
    return None


def mutated_line(diff: str) -> str:
    added = [row[1:].strip() for row in diff.splitlines()
             if row.startswith("+") and not row.startswith("+++")]
    return added[0] if added else ""


def outcome_kind(outcome: WorkResult) -> str:
    """killed, not applied, timed out or survived. cosmic-ray reports a run stopped by its time
    limit as killed with the output "timeout": no test failed, so it is not counted as killed (a
    mutant that hangs a test is killed by that test, mutation/hang.py)."""
    if outcome.test_outcome == TestOutcome.INCOMPETENT:
        return "not applied"
    if outcome.test_outcome == TestOutcome.KILLED:
        return "timed out" if outcome.output == "timeout" else "killed"
    return "survived"


def read_session(module: str, session: Path, source: Path) -> ModuleResult:
    lines = source.read_text().splitlines()
    result = ModuleResult(module)
    with use_db(str(session), WorkDB.Mode.open) as database:
        for item, outcome in database.completed_work_items:
            listed = outcome.output == LISTED
            not_run = outcome.worker_outcome in (WorkerOutcome.SKIPPED, WorkerOutcome.NO_TEST)
            if not_run and not listed:
                continue
            mutation = item.mutations[0]
            kind = outcome_kind(outcome)
            if took := timing(outcome.output):
                result.timings.append(Timing(*took, mutation.start_pos[0],
                                             mutation.operator_name, kind))
            if kind == "killed":
                result.killed += 1
            elif kind == "not applied":
                result.incompetent += 1
            elif kind == "timed out":
                result.timed_out += 1
            else:
                number = mutation.start_pos[0]
                line = lines[number - 1].strip()
                diff = outcome.diff or ""
                result.survivors.append(Survivor(
                    mutation.operator_name, number, line, diff,
                    equivalent_reason(module, mutation.operator_name, line, mutated_line(diff)),
                    run=not listed))
    return result


TABLE_HEAD = ["| module | mutants | killed | equivalent | other survivors | not applied "
              "| timed out | score | run |", "|---|---|---|---|---|---|---|---|---|"]


def score_row(r: ModuleResult, command: str) -> str:
    total = r.killed + r.incompetent + r.timed_out + len(r.survivors)
    run = f"`{command}`, {r.finished}, {r.minutes} min, load {r.load[0]:.1f} to {r.load[1]:.1f}"
    return (f"| `{r.module}` | {total} | {r.killed} | {len(r.equivalent)} "
            f"| {len(r.unexplained)} | {r.incompetent} | {r.timed_out} | {r.score:.1f} % "
            f"| {run} |")


def score_table(results: list[ModuleResult], command: str, earlier: str = "",
                order: list[str] = ()) -> str:
    """The table of `results`, keeping the rows of `earlier` (a previous table) for the modules
    this run did not mutate; rows in the order of `order` (modules.toml)."""
    rows = {line.split("`")[1]: line for line in earlier.splitlines() if line.startswith("| `")}
    rows.update({r.module: score_row(r, command) for r in results})
    ranked = sorted(rows, key=lambda module: (list(order).index(module)
                                              if module in order else len(order), module))
    return "\n".join(TABLE_HEAD + [rows[module] for module in ranked])


def survivor_section(results: list[ModuleResult]) -> str:
    parts = ["# Surviving mutants\n"]
    for r in results:
        for s in r.survivors:
            label = f"equivalent: {s.reason}" if s.reason else "NOT EXPLAINED"
            if not s.run:
                label = f"equivalent, listed, not run: {s.reason}"
            parts.append(f"## {r.module}:{s.line_number} {s.operator} ({label})\n\n```diff\n{s.diff}\n```\n")
    return "\n".join(parts)


def slowest_section(results: list[ModuleResult], count: int = 20) -> str:
    """Where a run's time went: the seconds of each module's mutants by where their tests ran,
    and the slowest mutants."""
    parts = ["# Time\n", "| module | mutants run | seconds | in a fork | in a fresh process |",
             "|---|---|---|---|---|"]
    for r in results:
        def total(where: str = "") -> float:
            return sum(t.seconds for t in r.timings if where in ("", t.where))

        parts.append(f"| `{r.module}` | {len(r.timings)} | {total():.0f} | {total('fork'):.0f} "
                     f"| {total('fresh process'):.0f} |")
    slowest = sorted(((t, r.module) for r in results for t in r.timings),
                     key=lambda pair: -pair[0].seconds)[:count]
    parts += ["", "| seconds | mutant | ran | outcome |", "|---|---|---|---|"]
    parts += [f"| {t.seconds:.0f} | `{module}:{t.line_number}` {t.operator} | {t.where} "
              f"| {t.outcome} |" for t, module in slowest]
    return "\n".join(parts) + "\n"


def write_reports(results: list[ModuleResult], report: Path, testing_md: Path | None,
                  command: str, order: list[str] = ()) -> int:
    table = score_table(results, command)
    report.write_text(table + "\n\n" + survivor_section(results) + "\n" + slowest_section(results))
    print(table)
    if testing_md is not None:
        text = testing_md.read_text()
        head, rest = text.split(BEGIN, 1)
        earlier, tail = rest.split(END, 1)
        merged = score_table(results, command, earlier, order)
        testing_md.write_text(head + BEGIN + "\n" + merged + "\n" + END + tail)
    unexplained = sum(len(r.unexplained) + r.incompetent + r.timed_out for r in results)
    print(f"{unexplained} survivor(s) not explained or mutant(s) not applied or timed out; "
          f"details in {report}")
    return unexplained
