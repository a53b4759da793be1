"""Mail every user who chose the daily digest everything held back for them (for cron, daily)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from core.operations.cron_lock import runs_alone
from workflows.models import DigestEntry
from workflows.services.preferences import digest_send


class Command(BaseCommand):
    help = "Send each user who chose the daily digest one mail with what waited for them."

    @runs_alone
    def handle(self, *args, **options):
        waiting = DigestEntry.objects.filter(sent_at__isnull=True).values("user")
        mails = items = 0
        for user in get_user_model().objects.filter(pk__in=waiting).order_by("pk"):
            sent = digest_send(user=user)
            mails += bool(sent)
            items += sent
        self.stdout.write(f"Digests sent: {mails} ({items} notification(s)).")
