"""Each year's statistics counted in advance (`refresh_statistics`, a cron job), so that the
statistics page reads one row instead of counting a year of cases (issue #17)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticsSnapshot(models.Model):
    """The grouped counts and duration histograms of one year (`statistics.figures.summarise`),
    unprotected: protection is applied when a view is built from them. Never shown as such; the
    page shows `release`, the figures published in steps from these counts."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    computed_at = models.DateTimeField(_("counted at"))
    summary = models.JSONField()
    # What the page shows: the figures published per entity in steps (statistics/release.py).
    release = models.JSONField(default=dict)
    # What every release so far published (statistics/knowledge.py: `seen`, `equations`), read
    # by the next release only: it grows with the releases, the page never loads it.
    knowledge = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")

    def __str__(self) -> str:
        return f"{self.year} ({self.computed_at:%Y-%m-%d %H:%M})"


class ComparisonRelease(models.Model):
    """The consistency panel's published cut-off for one comparison group (the same track,
    regime, seriousness and provisions): comparable cases closed up to `counted_until` are
    counted. It moves only when at least the small-number threshold of new comparable cases has
    closed (statistics/consistency.py), and being a time, not a number of cases, it does not move
    when an old case is purged. `outcomes` holds how the cases counted ended (outcome key: number
    of cases), counted when the cut-off moves and again when a counted case is purged, so that
    the panel reads this row instead of counting the group's closed cases (issue #17)."""

    group = models.CharField(max_length=64, unique=True)  # SHA-256 of the group, see consistency
    counted_until = models.DateTimeField()
    outcomes = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.group[:12]}: {self.counted_until:%Y-%m-%d %H:%M}"
