from django.core.management.base import BaseCommand

from workflows.integrity import check_case
from workflows.models import Case


class Command(BaseCommand):
    help = ("Recompute every case's chain of event hashes and re-hash its evidence and issued "
            "documents; list every case whose history or files were altered. Exit code 1 if any.")

    def add_arguments(self, parser):
        parser.add_argument("references", nargs="*", metavar="CASE",
                            help="case references (default: every case)")

    def handle(self, *args, references, **options):
        cases = Case.objects.select_related("incident").order_by("pk")
        if references:
            cases = cases.filter(reference__in=references)
            missing = set(references) - set(cases.values_list("reference", flat=True))
            for reference in sorted(missing):
                self.stderr.write(f"{reference}: no such case")
            if missing:
                raise SystemExit(2)
        findings, checked = [], 0
        for case in cases.iterator():
            checked += 1
            findings.extend(check_case(case))
        for finding in findings:
            self.stdout.write(f"{finding.case}: {finding.problem}")
        if findings:
            self.stderr.write(f"{len(findings)} problem(s) in {checked} case(s) checked.")
            raise SystemExit(1)
        self.stdout.write(f"All {checked} case(s) intact.")
