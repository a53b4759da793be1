"""The letter and case-file budgets of issue #16, measured alone and split by where the time goes.

    python -m benchmarks.documents [--rounds 15] [--split] [--pdf-dir DIR]

Builds the benchmark's template cases (benchmarks/data.py) on a throw-away SQLite database with
production settings, then issues, through `document_issue`, the convocation of a case whose
hearing is ten days ahead and the case files of a 20-event case and of the 200-event case,
interleaved, and prints the
median and p95 of each (wall clock, and the CPU time of the process, which a loaded machine
stretches less), with the queries and the time spent in SQL. With --split, as many more
issues of each are timed step by step (PHASES: templates, markup, layout, originals, seal, event,
storage). With --pdf-dir, the last PDF of each is written there, to compare the pages before and
after a change. Every case file issued adds an event (and a row of the register) to its case: the
report gives the number of events before the first and after the last.
"""

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.__main__ import environment, load_average, percentile, setup_django

# Where the time of an issue goes: (module, name) of each step timed, with its label.
PHASES = (
    ("workflows.documents.render", "render_content", "context queries and templates"),
    ("workflows.documents.render", "flowables", "markup to flowables"),
    ("workflows.documents.render", "render_pdf", "reportlab layout and PDF"),
    ("workflows.documents.render", "issued_documents_story", "originals read, their headings"),
    ("workflows.documents.render", "assemble", "originals laid on their pages (pypdf)"),
    ("workflows.documents.render", "seal", "seal (none configured here)"),
    ("workflows.documents.services", "record_event", "case event and content seal"),
    ("django.db.models.fields.files", "FieldFile.save", "storage write"),
)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.documents")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--split", action="store_true")
    parser.add_argument("--pdf-dir", default="")
    return parser.parse_args(argv)


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def sql_time(call) -> tuple[float, int]:
    """The milliseconds spent in the database during `call`, and the number of queries."""
    from django.db import connection

    spent = []

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)

    with connection.execute_wrapper(wrapper):
        call()
    return sum(spent) * 1000, len(spent)


def split(call, rounds: int) -> list[tuple[str, float]]:
    """The median milliseconds of each step over `rounds` issues, and of the whole issue."""
    spent = {label: [] for *_, label in PHASES}
    wholes = []
    for _ in range(rounds):
        this_round = dict.fromkeys(spent, 0.0)
        with _timed_phases(this_round):
            wholes.append(timed(call))
        for label, ms in this_round.items():
            spent[label].append(ms)
    rows = [("whole issue", statistics.median(wholes))]
    rows += [(label, statistics.median(values)) for label, values in spent.items()]
    rows.append(("rest (checks, rights, hashing, row)", rows[0][1] - sum(ms for _, ms in rows[1:])))
    return rows


@contextmanager
def _timed_phases(totals: dict):
    patched = []
    for module_name, name, label in PHASES:
        owner = importlib.import_module(module_name)
        attribute = name
        if "." in name:
            class_name, attribute = name.split(".")
            owner = getattr(owner, class_name)
        original = getattr(owner, attribute)
        setattr(owner, attribute, _timer(original, label, totals))
        patched.append((owner, attribute, original))
    try:
        yield
    finally:
        for owner, attribute, original in patched:
            setattr(owner, attribute, original)


def _timer(function, label: str, totals: dict):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += (time.perf_counter() - started) * 1000
    return wrapper


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="tuchtdossier-documents-") as tmp:
        setup_django(environment(Path(tmp)))
        from benchmarks import data
        from workflows.documents.models import IssuedDocument
        from workflows.documents.services import document_issue

        world = data.build_people(employees=60, users=10)
        data.build_templates(world)
        letter_case = data.convened_case(world)
        small = data.case_with_history(world, data.contractual_employees(world)[1], 20)
        large = world.templates["large"]
        calls = {
            "letter (convocation)": lambda: document_issue(
                case=letter_case, kind="convocation", user=world.officer,
                delivery="registered_letter"),
            "case file (20 events)": lambda: document_issue(
                case=small, kind="case_file", user=world.officer),
            f"case file ({large.events.count()} events)": lambda: document_issue(
                case=large, kind="case_file", user=world.officer),
        }
        for call in calls.values():
            call()
        loads = [load_average()]
        timings = {label: [] for label in calls}
        cpu = {label: [] for label in calls}
        for _ in range(args.rounds):
            for label, call in calls.items():
                started = time.process_time()
                timings[label].append(timed(call))
                cpu[label].append((time.process_time() - started) * 1000)
        loads.append(load_average())
        print(f"load average (1/5/15 min) before and after: {loads[0]}; {loads[1]}")
        for label, values in timings.items():
            sql, queries = sql_time(calls[label])
            print(f"{label}: median {statistics.median(values):.1f} ms, "
                  f"p95 {percentile(values, 95):.1f} ms over {args.rounds} rounds "
                  f"(CPU time of this process: median {statistics.median(cpu[label]):.1f} ms); "
                  f"{queries} queries, {sql:.1f} ms of SQL")
        print(f"events at the end: {small.events.count()} and {large.events.count()}")
        if args.split:
            for label, call in calls.items():
                print(f"\n{label}, median ms of each step over {args.rounds} issues:")
                for part, ms in split(call, args.rounds):
                    print(f"  {part}: {ms:.1f}")
        if args.pdf_dir:
            out = Path(args.pdf_dir)
            out.mkdir(parents=True, exist_ok=True)
            for name, case, kind in (("letter", letter_case, "convocation"),
                                     ("case_file", large, "case_file")):
                document = IssuedDocument.objects.filter(case=case, kind=kind).latest("version")
                with document.file.open("rb") as handle:
                    (out / f"{name}.pdf").write_bytes(handle.read())
            print(f"PDFs written to {out}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    main()
