"""`manage.py import_employees FILE.csv`: the payroll export into the staff register.

The column layout is in docs/employee-import.md. The command exits with status 1 and prints every
bad row when anything is wrong; nothing is imported then.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from incidents.importers import employees_import

CANNOT_OPEN = _("Cannot open %(path)s: %(error)s")
IMPORT_REFUSED = _("Nothing was imported: the file has %(count)s problem(s).")


class Command(BaseCommand):
    help = _(
        "Create and update employees by personnel number from the payroll system's CSV export "
        "(see docs/employee-import.md). All or nothing: one bad row and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("the CSV file to import"))

    def handle(self, *args, file: Path, **options):
        try:
            with file.open("rb") as source:
                summary = employees_import(rows_or_file=source)
        except OSError as error:
            raise CommandError(CANNOT_OPEN % {"path": file, "error": error.strerror}) from None
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(IMPORT_REFUSED % {"count": len(error.messages)}) from None
        self.stdout.write(self.style.SUCCESS(str(summary)))
