"""Count every year's statistics again (for cron, every 15 minutes): the statistics page then
reads one row per year instead of counting the year's cases (statistics/snapshots.py)."""

from django.core.management.base import BaseCommand

from core.operations.cron_lock import runs_alone
from workflows.statistics.snapshots import snapshots_refresh_all


class Command(BaseCommand):
    help = "Count the statistics of every year again, for the statistics page."

    @runs_alone
    def handle(self, *args, **options):
        years = snapshots_refresh_all()
        self.stdout.write(f"Statistics counted for {len(years)} year(s): "
                          f"{', '.join(map(str, years)) or '-'}.")
