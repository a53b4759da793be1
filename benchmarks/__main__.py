"""`make bench`: build a large data set in a throw-away SQLite database through the real services,
time the pages people use every day and the full case file PDF, and write docs/performance.md.

Usage: python -m benchmarks [--cases N] [--events N] [--repeat N] [--output docs/performance.md]
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TARGETS_MS = {
    "case list, first page": 500,
    "case list, search by name": 500,
    "deadlines dashboard": 500,
    "case page of the large case": 1000,
    "full case file PDF of the large case": 5000,
}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--events", type=int, default=300, help="addenda on the large case")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", default="docs/performance.md")
    return parser.parse_args(argv)


def setup_django(workdir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}", MEDIA_ROOT=str(workdir / "media"),
        DJANGO_ALLOWED_HOSTS="testserver", DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def measure(label, call, repeat):
    """Median and slowest wall time over `repeat` runs; the heap peak from one more traced run
    (tracing slows Python down, so it is kept out of the timed runs)."""
    call()  # warm-up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    call()
    peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return {"label": label, "median": statistics.median(timings), "max": max(timings),
            "peak_mb": peak_mb, "target": TARGETS_MS.get(label)}


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="tuchtdossier-bench-") as tmp:
        setup_django(Path(tmp))
        from benchmarks.data import build
        from benchmarks.scenarios import scenarios

        started = time.perf_counter()
        world = build(cases=args.cases, events=args.events)
        build_seconds = time.perf_counter() - started
        results = [measure(label, call, args.repeat) for label, call in scenarios(world)]
    write_report(args, results, build_seconds)
    failed = [r for r in results if r["target"] and r["median"] > r["target"]]
    for r in results:
        print(f"{r['label']:<40} median {r['median']:8.1f} ms  max {r['max']:8.1f} ms  "
              f"peak {r['peak_mb']:6.1f} MiB  target {r['target']} ms")
    return 1 if failed else 0


def max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_report(args, results, build_seconds) -> None:
    command = "make bench  # python -m benchmarks " + " ".join(
        f"--{k} {v}" for k, v in (("cases", args.cases), ("events", args.events), ("repeat", args.repeat)))
    lines = [
        "# Performance\n",
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPU cores, SQLite, Django test client "
        "(no network). The data set is built through the real services: "
        f"{args.cases} cases, one of them with {args.events} addenda and their events "
        f"(built in {build_seconds:.0f} s). Times are wall-clock over the timed runs after one warm-up; "
        "peak memory is the Python heap peak of one further run, measured by tracemalloc; the "
        f"process's maximum resident size over the whole benchmark was {max_rss_mb():.0f} MiB.\n",
        "\n| what | median (ms) | slowest (ms) | peak memory (MiB) | target (ms) | met |\n"
        "|---|---|---|---|---|---|\n",
    ]
    for r in results:
        met = "yes" if r["target"] is None or r["median"] <= r["target"] else "**no**"
        lines.append(f"| {r['label']} | {r['median']:.1f} | {r['max']:.1f} | {r['peak_mb']:.1f} "
                     f"| {r['target'] or '—'} | {met} |\n")
    Path(args.output).write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
