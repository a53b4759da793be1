"""docs/workflow.md is what the code draws, and shows the steps the legal review added with their
sources: the sanction proposal, the lapse of a time limit, a summoned employee who did not appear."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from workflows.diagram import track_diagrams
from workflows.management.commands.workflow_diagram import render_markdown

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "workflow.md"


def drawn() -> str:
    with translation.override("en"):
        return render_markdown(track_diagrams())


def test_docs_workflow_md_is_the_diagram_the_code_draws_today():
    assert DOCUMENT.read_text(encoding="utf-8") == drawn(), (
        "docs/workflow.md is stale: run `python manage.py workflow_diagram`")


def row(text: str, step: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {step} |"))


def test_the_proposal_lapse_and_non_appearance_are_shown_with_their_sources():
    text = DOCUMENT.read_text(encoding="utf-8")
    assert "art. VIII 7" in row(text, "Record the sanction proposal")
    assert "BVR 20 juli 2018 (60 dagen" in row(text, "Close: time limit lapsed")
    outcomes = next(line for line in text.splitlines()
                    if line.startswith("Hearing outcomes in this track (BVR"))
    assert "Did not appear although duly summoned" in outcomes
    assert "Hearing impossible" not in outcomes
