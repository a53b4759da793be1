"""Remove stored evidence and issued documents that no database row points to (for cron).

A file is written before the row that points to it commits (`incidents.services.evidence_add_file`,
the document services). When that transaction rolls back, the file stays behind: it proves nothing,
no page can reach it, and it may hold personal data that must not be kept without a purpose
(GDPR art. 5.1.e). Files younger than the grace period are left alone, because their row may still
be on its way. Symbolic links are never followed nor removed.
"""

import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core.operations.cron_lock import runs_alone

# Folder under MEDIA_ROOT -> the model whose `file` field points into it. The documents app is
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


def stored_files(folder: Path):
    """Regular files under `folder`, without following or returning symbolic links."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            continue
        if entry.is_dir():
            yield from stored_files(entry)
        elif entry.is_file():
            yield entry


class Command(BaseCommand):
    help = (
        "Remove files under MEDIA_ROOT/evidence, MEDIA_ROOT/documents and MEDIA_ROOT/attachments "
        "that no database row "
        "references and that are older than --min-age-minutes (default 60)."
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
        cutoff = time.time() - min_age_minutes * 60
        count = size = 0
        for folder, label in FOLDERS:
            model = installed_model(label)
            if model is None:
                self.stdout.write(f"Skipped {folder}/: {label} is not installed.")
                continue
            for path, name in self.orphans(model, folder, cutoff):
                file_size = path.stat().st_size
                if not dry_run:
                    path.unlink()
                count, size = count + 1, size + file_size
                self.stdout.write(f"{'Would remove' if dry_run else 'Removed'} {name} "
                                  f"({filesizeformat(file_size)})")
        verb = "found (dry run: nothing removed)" if dry_run else "removed"
        self.stdout.write(f"{count} orphan file(s) {verb}, {filesizeformat(size)}.")

    def orphans(self, model, folder: str, cutoff: float) -> list[tuple[Path, str]]:
        """Old enough files first, references second: a row that commits in between still
        counts, because its file is then in the reference set."""
        storage = model._meta.get_field("file").storage
        try:
            root = Path(storage.path(""))
        except NotImplementedError:
            raise CommandError("Only file system storage can be cleaned.") from None
        candidates = [p for p in stored_files(root / folder) if p.stat().st_mtime < cutoff]
        if not candidates:
            return []
        referenced = set(model._default_manager.exclude(file="").values_list("file", flat=True))
        named = [(path, path.relative_to(root).as_posix()) for path in candidates]
        return [(path, name) for path, name in named if name not in referenced]
