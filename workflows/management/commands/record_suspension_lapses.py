"""Record, each day, the lapse of every preventive suspension whose term passed while its case ran
on (art. 209 DLB: it lapses when its time limits are not respected), with the consequence the
rulebook attaches to it (for cron; a step on the case records it too)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.operations.cron_lock import runs_alone
from workflows.models import Case
from workflows.services.suspensions import suspensions_lapse


class Command(BaseCommand):
    help = "Record the lapse of preventive suspensions whose term passed."

    @runs_alone
    def handle(self, *args, **options):
        today = timezone.localdate()
        cases = Case.objects.filter(suspensions__ended_on__isnull=True,
                                    suspensions__ends_on__lt=today).distinct()
        for case in cases:
            with transaction.atomic():
                suspensions_lapse(case=case, on=today, actor=None)
        self.stdout.write(f"Cases with a lapsed suspension recorded: {len(cases)}.")
