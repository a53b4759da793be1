from django.core.management.base import BaseCommand, CommandError

from core.operations.cron_lock import runs_alone
from workflows.checkpoints import (
    CheckpointError,
    checkpoint_problems,
    checkpoint_write,
    latest_checkpoint,
)
from workflows.integrity import Finding, check_case
from workflows.models import Case


class Command(BaseCommand):
    help = ("Recompute every case's chain of event hashes, the content each event sealed (report, "
            "evidence, opinions, hearings, decisions, documents...) and the files' SHA-256; compare "
            "each case's last event with the latest signed checkpoint. List every case whose "
            "history, content or files were altered. Exit code 1 if any. With --checkpoint, then "
            "append a new signed checkpoint of every case's head.")

    def add_arguments(self, parser):
        parser.add_argument("references", nargs="*", metavar="CASE",
                            help="case references (default: every case)")
        parser.add_argument("--checkpoint", action="store_true",
                            help="after a clean check, sign and record every case's head "
                                 "(INTEGRITY_CHECKPOINT_KEY, _FILE, _EMAIL)")

    # Only a run that appends a checkpoint takes the lock: two servers' timers must not both
    # sign one, while a plain check (as `restore` runs) may always run.
    @runs_alone(only_with="checkpoint")
    def handle(self, *args, references, checkpoint, **options):
        cases = self._cases(references)
        findings, checked = [], 0
        for case in cases.iterator():
            checked += 1
            findings.extend(check_case(case))
        findings.extend(self._checkpoint_findings(set(references) if references else None))
        for finding in findings:
            self.stdout.write(f"{finding.case}: {finding.problem}")
        if findings:
            self.stderr.write(f"{len(findings)} problem(s) in {checked} case(s) checked.")
            raise SystemExit(1)
        self.stdout.write(f"All {checked} case(s) intact.")
        if checkpoint:
            self._write_checkpoint()

    def _cases(self, references):
        cases = Case.objects.select_related("incident").order_by("pk")
        if not references:
            return cases
        cases = cases.filter(reference__in=references)
        missing = set(references) - set(cases.values_list("reference", flat=True))
        for reference in sorted(missing):
            self.stderr.write(f"{reference}: no such case")
        if missing:
            raise SystemExit(2)
        return cases

    def _checkpoint_findings(self, references) -> list[Finding]:
        try:
            latest = latest_checkpoint()
        except CheckpointError as error:
            return [Finding("checkpoint", str(error))]
        if latest is None:
            return []
        return [Finding(case, problem) for case, problem in checkpoint_problems(latest, references)]

    def _write_checkpoint(self) -> None:
        try:
            body = checkpoint_write()
        except CheckpointError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Checkpoint of {len(body['heads'])} case head(s) at {body['at']}.")
