from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.operations.backup import backup_create


class Command(BaseCommand):
    help = ("Write the database and every stored file (evidence, attachments, issued documents) "
            "into one archive (.tar.gz) with a manifest of their SHA-256. Restore it with "
            "`manage.py restore`.")

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="the archive to write, e.g. "
                                                         "/srv/backup/tucht-2026-11-30.tar.gz")

    def handle(self, *args, destination, **options):
        if destination.exists():
            raise CommandError(f"{destination} already exists; a backup never overwrites one.")
        if not destination.parent.is_dir():
            raise CommandError(f"{destination.parent} is not a folder.")
        manifest = backup_create(destination)
        media = len(manifest["files"]) - 1
        self.stdout.write(f"Backup written to {destination}: the database and {media} file(s).")
