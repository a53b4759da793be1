from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management.base import BaseCommand

from core.operations import restore


class Command(BaseCommand):
    help = ("Restore an archive written by `manage.py backup` into an empty, migrated database "
            "and an empty media storage, then run verify_case_history (exit code 1 if it fails).")

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the archive written by `manage.py backup`")

    def handle(self, *args, source, **options):
        with TemporaryDirectory(prefix="tuchtdossier-restore-") as scratch:
            restore.refuse_unless_empty()
            manifest = restore.unpack(source, Path(scratch))
            restore.refuse_other_schema(manifest)
            files = restore.load(Path(scratch), manifest)
        self.stdout.write(f"Restored the database and {files} file(s) from {source} "
                          f"(made {manifest.get('created_at', '?')}).")
        restore.verify(self.stdout)
