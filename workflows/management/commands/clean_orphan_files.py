"""Remove stored evidence and issued documents that no database row points to (for cron).

A file is written before the row that points to it commits (`incidents.services.evidence_add_file`,
the document services). When that transaction rolls back, the file stays behind: it proves nothing,
no page can reach it, and it may hold personal data that must not be kept without a purpose
(GDPR art. 5.1.e). Files younger than the grace period are left alone, because their row may still
be on its way. Symbolic links are never followed nor removed.
Everything goes through the storage API, so the same command cleans the local disk and the
object storage.
"""

import os
import posixpath
from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from core.operations.cron_lock import runs_alone

# Folder of the storage -> the model whose `file` field points into it. The documents app is
# looked up, not imported: without it, nothing can say which documents are in use, so its folder
# is left untouched.
FOLDERS = [("evidence", "incidents.Evidence"), ("documents", "documents.IssuedDocument"),
           ("drafts", "incidents.DraftUpload"),
           ("attachments", "defence.CaseAttachment")]
DEFAULT_MIN_AGE_MINUTES = 60


def installed_model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def is_link(storage, name: str) -> bool:
    """Only a local disk has symbolic links; an object storage has none."""
    try:
        return os.path.islink(storage.path(name))
    except NotImplementedError:
        return False


def stored_files(storage, folder: str):
    """Names of the files under `folder`, without following or returning symbolic links."""
    if is_link(storage, folder):
        return
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        if not is_link(storage, posixpath.join(folder, name)):
            yield posixpath.join(folder, name)
    for name in sorted(directories):
        yield from stored_files(storage, posixpath.join(folder, name))


class Command(BaseCommand):
    help = (
        "Remove stored files under evidence/, documents/, drafts/ and attachments/ that no "
        "database row references and that are older than --min-age-minutes (default 60)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List the orphan files without removing them.")
        parser.add_argument("--min-age-minutes", type=int, default=DEFAULT_MIN_AGE_MINUTES,
                            help="Leave files younger than this alone: their upload may still "
                                 "be committing.")

    @runs_alone
    def handle(self, *args, dry_run, min_age_minutes, **options):
        if min_age_minutes < 0:
            raise CommandError("--min-age-minutes cannot be negative.")
        cutoff = timezone.now() - timedelta(minutes=min_age_minutes)
        count = size = 0
        for folder, label in FOLDERS:
            model = installed_model(label)
            if model is None:
                self.stdout.write(f"Skipped {folder}/: {label} is not installed.")
                continue
            storage = model._meta.get_field("file").storage
            for name in self.orphans(model, storage, folder, cutoff):
                file_size = storage.size(name)
                if not dry_run:
                    storage.delete(name)
                count, size = count + 1, size + file_size
                self.stdout.write(f"{'Would remove' if dry_run else 'Removed'} {name} "
                                  f"({filesizeformat(file_size)})")
        verb = "found (dry run: nothing removed)" if dry_run else "removed"
        self.stdout.write(f"{count} orphan file(s) {verb}, {filesizeformat(size)}.")

    def orphans(self, model, storage, folder: str, cutoff) -> list[str]:
        """Old enough files first, references second: a row that commits in between still
        counts, because its file is then in the reference set."""
        candidates = [name for name in stored_files(storage, folder)
                      if storage.get_modified_time(name) < cutoff]
        if not candidates:
            return []
        referenced = set(model._default_manager.exclude(file="").values_list("file", flat=True))
        return [name for name in candidates if name not in referenced]
