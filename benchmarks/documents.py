"""The letter and case-file budgets of issue #16, measured alone and split by where the time goes.

    python -m benchmarks.documents [--rounds 15] [--profile] [--pdf-dir DIR]

Builds the benchmark's template cases (benchmarks/data.py) on a throw-away SQLite database with
production settings, then issues, through `document_issue`, the convocation of a case whose
hearing is ten days ahead and the case file of the 200-event case, interleaved, and prints the
median and p95 of each, with the queries and the time spent in SQL. With
--profile, one more issue of each runs under cProfile and the time is split into SQL, templates,
markup, reportlab layout, the originals (pypdf), seal and storage. With --pdf-dir, the last PDF of
each is written there, to compare the pages before and after a change.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.__main__ import environment, load_average, percentile, setup_django

# Where the time of one issue goes: a label and the functions whose cumulative time it is.
SPLIT = (
    ("templates (render_to_string, SQL included)", ("render_to_string",)),
    ("markup to flowables", ("flowables",)),
    ("reportlab layout and PDF (build / multiBuild)", ("build", "multiBuild")),
    ("originals laid on their pages (assemble)", ("assemble",)),
    ("seal", ("seal",)),
    ("storage write", ("_save",)),
)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.documents")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
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


def split(call) -> list[tuple[str, float]]:
    profile = cProfile.Profile()
    profile.runcall(call)
    stats = pstats.Stats(profile).stats
    total = max(entry[3] for entry in stats.values()) * 1000
    rows = [("whole issue", total)]
    for label, names in SPLIT:
        seconds = max((entry[3] for (path, _, name), entry in stats.items()
                       if name in names and _ours_or_reportlab(path, name)), default=0.0)
        rows.append((label, seconds * 1000))
    return rows


def _ours_or_reportlab(path: str, name: str) -> bool:
    if name in ("build", "multiBuild"):
        return "reportlab/platypus/doctemplate" in path
    if name == "_save":
        return "django/core/files/storage" in path
    return "workflows/documents" in path or "django/template/loader" in path


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="tuchtdossier-documents-") as tmp:
        setup_django(environment(Path(tmp)))
        from benchmarks import data
        from workflows.documents.models import IssuedDocument
        from workflows.documents.services import document_issue

        world = data.build_people(employees=60, users=10)
        data.build_templates(world)
        letter_case, large = data.convened_case(world), world.templates["large"]
        calls = {
            "letter (convocation)": lambda: document_issue(
                case=letter_case, kind="convocation", user=world.officer,
                delivery="registered_letter"),
            f"case file ({large.events.count()} events)": lambda: document_issue(
                case=large, kind="case_file", user=world.officer),
        }
        for call in calls.values():
            call()
        loads = [load_average()]
        timings = {label: [] for label in calls}
        for _ in range(args.rounds):
            for label, call in calls.items():
                timings[label].append(timed(call))
        loads.append(load_average())
        print(f"load average (1/5/15 min) before and after: {loads[0]}; {loads[1]}")
        for label, values in timings.items():
            sql, queries = sql_time(calls[label])
            print(f"{label}: median {statistics.median(values):.1f} ms, "
                  f"p95 {percentile(values, 95):.1f} ms over {args.rounds} rounds; "
                  f"{queries} queries, {sql:.1f} ms of SQL")
        if args.profile:
            for label, call in calls.items():
                print(f"\n{label}, one issue under cProfile (ms, cumulative):")
                for part, ms in split(call):
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
