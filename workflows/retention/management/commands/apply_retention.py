"""Purge every closed case whose retention period has ended and that is not on legal hold (cron)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.operations.cron_lock import runs_alone
from workflows.retention.selectors import RetentionDecision, Verdict
from workflows.retention.services import retention_apply

RAN_BY = "manage.py apply_retention"


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = ("Purge every closed case whose retention period for its outcome has ended, unless it "
            "is on legal hold. With --dry-run, list what would be purged and change nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="list what would be purged; change nothing")
        parser.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD",
                            help="the date to apply the periods on (default: today)")

    def _line(self, decision: RetentionDecision, action: str) -> str:
        case = decision.case
        return (f"{case.reference}  {case.outcome or '-'}  closed {decision.closed_on:%Y-%m-%d}  "
                f"period {decision.period_label}  -> {action}")

    @runs_alone
    def handle(self, *args, dry_run, today, **options):
        today = today or timezone.localdate()
        result = retention_apply(today=today, dry_run=dry_run, ran_by=RAN_BY)
        for decision in result.with_verdict(Verdict.PURGE):
            reference = decision.case.reference
            if dry_run:
                action = "would purge"
            else:
                action = (f"NOT purged: {result.failures[reference]}"
                          if reference in result.failures else "purged")
            self.stdout.write(self._line(decision, action))
        for verdict in (Verdict.KEEP_LEGAL_HOLD, Verdict.KEEP_NO_POLICY):
            for decision in result.with_verdict(verdict):
                self.stdout.write(self._line(decision, verdict))
        purged = len(result.with_verdict(Verdict.PURGE)) - len(result.failures)
        running = len(result.with_verdict(Verdict.KEEP_RUNNING))
        done = "would be purged" if dry_run else "purged"
        self.stdout.write(f"{today:%Y-%m-%d}: {purged} case(s) {done}, "
                          f"{running} closed case(s) still within their period.")
        if result.failures:
            raise CommandError(f"{len(result.failures)} case(s) could not be purged.")
