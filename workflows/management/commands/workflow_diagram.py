from django.core.management.base import BaseCommand
from django.utils import translation

from workflows.diagram import track_diagrams


class Command(BaseCommand):
    help = "Write docs/workflow.md: each track's states and transitions, generated from the code."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/workflow.md")

    def handle(self, *args, output, **options):
        with translation.override("en"):
            text = render_markdown(track_diagrams())
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stdout.write(f"Wrote {output}")


def render_markdown(diagrams) -> str:
    parts = [
        "# The procedures as state machines\n",
        "Generated from `workflows/tracks/` by `python manage.py workflow_diagram`; do not edit by "
        "hand. Deadlines are in the rulebook (admin: Procedures › Rulebook), each with its source.\n",
    ]
    for track in diagrams:
        parts.append(f"\n## {track['title']}\n\n```mermaid\n{track['mermaid']}\n```\n")
        parts.append("\n| step | from | to | permission | conditions | legal source |\n"
                     "|---|---|---|---|---|---|\n")
        for step in track["steps"]:
            parts.append(
                f"| {step['label']} | {step['source']} | {' / '.join(map(str, step['targets']))} "
                f"| `{step['permission']}` | {' '.join(step['conditions']) or '—'} "
                f"| {step['legal_source']} |\n"
            )
        outcomes = track.get("hearing_outcomes") or {}
        if outcomes.get("labels"):
            parts.append(f"\nHearing outcomes in this track ({outcomes['source']}): "
                         + "; ".join(str(label) for label in outcomes["labels"]) + ".\n")
    return "".join(parts)
