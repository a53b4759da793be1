from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.second_factor.demo import demo_code


class Command(BaseCommand):
    help = "Print the demo accounts' current second-factor code (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp_code only runs with DJANGO_DEBUG=1, like seed_demo.")
        self.stdout.write(demo_code())
