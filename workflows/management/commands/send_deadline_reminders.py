"""Remind each handler of the running deadlines of their cases that fall due within N days (for
cron): one mail now, or, for a handler who chose the daily digest, entries for `send_digests`.
A deadline on hold pending a criminal case does not run: no reminder until the procedure resumes."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from core.operations.cron_lock import runs_alone
from workflows.models import CaseDeadline
from workflows.notifications import remind_deadlines


class Command(BaseCommand):
    help = "Send handlers a reminder of deadlines due within --days days (default from settings)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.DEADLINE_REMINDER_DAYS)

    # Daily: every server's timer starts it, the handlers get one mail a day.
    @runs_alone(once_a_day=True)
    def handle(self, *args, days, **options):
        if days < 0:
            self.stderr.write("--days cannot be negative.")
            raise SystemExit(2)
        horizon = timezone.localdate() + datetime.timedelta(days=days)
        due = (
            CaseDeadline.objects.filter(status=CaseDeadline.Status.RUNNING, due_date__lte=horizon,
                                        case__handler__isnull=False, on_hold_since__isnull=True)
            .exclude(case__state="closed")
            .select_related("rule", "case__handler", "case__incident__employee")
            .order_by("due_date")
        )
        by_handler = defaultdict(list)
        for deadline in due:
            by_handler[deadline.case.handler].append(deadline)
        with translation.override(settings.LANGUAGE_CODE):
            delivered = remind_deadlines(by_handler)
        self.stdout.write(
            f"Reminders sent: {delivered['mailed']}, held for the digest: {delivered['digest']} "
            f"(deadlines due by {horizon:%d/%m/%Y}).")
