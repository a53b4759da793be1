"""Each year's counts, precomputed: the statistics page reads one row, whatever the number of
cases (issue #16's budgets at 100,000 cases), and says as of when the figures were counted. It
shows the figures published from them in steps (statistics/release.py), never the counts as such.

`refresh_statistics` (a cron job, every 15 minutes) counts every year again. A page that finds
no snapshot of its year, or one older than STATISTICS_SNAPSHOT_SECONDS (the timer stopped),
counts the year itself and keeps the result, so it never shows figures older than that.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from workflows.models import StatisticsSnapshot
from workflows.statistics import selectors
from workflows.statistics.figures import YearStatistics, outcome_groups, summarise
from workflows.statistics.knowledge import Equations, safeguarded
from workflows.statistics.protection import threshold
from workflows.statistics.release import Release, release
from workflows.statistics.tables import seen_from_json, seen_from_pattern


def snapshot_refresh(year: int) -> StatisticsSnapshot:
    """Count `year` now and keep it, with the figures it lets the page publish and their
    protection (eleven grouped queries, one read, the sanction catalogue and one write)."""
    summary = summarise(selectors.year_counts(year))
    now = timezone.now()
    snapshot = StatisticsSnapshot.objects.filter(year=year).first() or StatisticsSnapshot(
        year=year)
    published, stats, equations = protected_release(year, summary, snapshot.release or None,
                                                    snapshot.knowledge or {}, now)
    snapshot.summary, snapshot.computed_at = summary, now
    snapshot.release = published.as_json() | {"pattern": stats.pattern()}
    snapshot.knowledge = {"seen": stats.seen(), "equations": equations.as_json()}
    snapshot.save()
    return snapshot


def protected_release(year: int, summary: dict, previous: dict | None, knowledge: dict,
                      now: datetime) -> tuple[Release, YearStatistics, Equations]:
    """The figures to publish, their protection, and the reader's equations with them, given
    what every earlier release published. Where combining lines of every release so far would
    let a reader work out a hidden figure (of this release or an earlier one), more cells are
    hidden, or a complement worked out anyway is shown and replaced (knowledge.safeguarded);
    where that cannot help (a line whose other cells are all known from earlier releases), the
    parts concerned are held back, as if their changes were still too few. Holding every part
    back publishes the previous release again, which adds nothing to what readers know, so this
    ends."""
    groups = outcome_groups()
    seen = knowledge.get("seen") or _seen_of(previous)
    before = (Equations.from_json(knowledge["equations"]) if "equations" in knowledge
              else _equations_of(year, previous, groups))
    known = {table: seen_from_json(cells) for table, cells in seen.items()}
    hold = frozenset()
    while True:
        published = release(summary, previous, now, threshold(), hold)

        def build(remedies):
            stats = YearStatistics(year, summary=published.summary, seen=seen,
                                   remedies=remedies, groups=groups)
            return stats, stats.all_tables()

        stats, equations, given = safeguarded(build, before, known)
        more = set().union(*(published.parts_to_hold(table, column)
                             for table, _row, column, _value in given)) - hold
        if given and not more:
            more = published.fresh - hold
        if not more:
            return published, stats, equations
        hold |= more


def _seen_of(previous: dict | None) -> dict:
    """What a release stored before every release's knowledge was kept published: its cells."""
    cells = (previous or {}).get("pattern", {})
    return {table: seen_from_pattern(pattern) for table, pattern in cells.items()}


def _equations_of(year: int, previous: dict | None, groups: dict) -> Equations:
    """The reader's equations of a release stored before they were kept: its own lines."""
    if not previous or "pattern" not in previous:
        return Equations()
    stats = YearStatistics(year, summary=previous["summary"], pattern=previous["pattern"],
                           groups=groups)
    return Equations().extended(stats.equations())


def snapshots_refresh_all() -> list[int]:
    """Every year that has cases, and no snapshot of a year that has none left (retention)."""
    years = selectors.statistics_years()
    for year in years:
        snapshot_refresh(year)
    StatisticsSnapshot.objects.exclude(year__in=years).delete()
    return years


def year_release(year: int) -> tuple[dict | None, datetime | None]:
    """The year's published figures (`Release.as_json`) and when they were last counted; (None,
    None) when the page must count the year itself (snapshots switched off with
    STATISTICS_SNAPSHOT_SECONDS = 0, as the tests of the figures do: nothing is then published
    in steps)."""
    max_age = settings.STATISTICS_SNAPSHOT_SECONDS
    if max_age <= 0:
        return None, None
    snapshot = StatisticsSnapshot.objects.defer("knowledge").filter(year=year).first()
    if (snapshot is None or not snapshot.release
            or snapshot.computed_at < timezone.now() - timedelta(seconds=max_age)):
        snapshot = snapshot_refresh(year)
    return snapshot.release, snapshot.computed_at


def year_statistics(year: int) -> YearStatistics:
    """The year's figures, kept for STATISTICS_CACHE_SECONDS: every view (an entity, or all) and
    every export of the year is a column of the same tables, so switching costs no query. Built
    from the year's precomputed counts, not by counting its cases."""
    key = f"statistics:{year}:{threshold()}:{get_language()}"
    stats = cache.get(key)
    if stats is None:
        published, as_of = year_release(year)
        stats = YearStatistics(year, summary=published and published["summary"], as_of=as_of,
                               held=published and published["held"],
                               pattern=published and published["pattern"])
        cache.set(key, stats, settings.STATISTICS_CACHE_SECONDS)
    return stats
