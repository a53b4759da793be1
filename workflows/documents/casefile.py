"""The complete case file for the legal service: one PDF with a cover page, contents, the case's
history, deadlines, steps, evidence index, legal opinions, and every document issued so far.

The issued documents are laid out again from the text stored when they were issued, by the same
layout code, so the file needs no PDF merging and shows each document exactly as it was issued.
"""

from django.template.loader import render_to_string
from django.utils import translation
from reportlab.platypus import Flowable, PageBreak

from incidents.models import Evidence
from workflows.documents.markup import flowables
from workflows.documents.models import IssuedDocument
from workflows.documents.selectors import documents_of_case
from workflows.models import Case, CaseEvent

Kind = IssuedDocument.Kind
ISSUED_SECTION = 8  # the section number of the issued documents in case_file.html


def included_documents(case: Case):
    """Every issued document in the order it was issued; earlier case files are not nested."""
    return documents_of_case(case).exclude(kind=Kind.CASE_FILE).select_related(
        "sent_by", "superseded_by"
    )


def chain_status(events: list[CaseEvent]) -> dict:
    """Check the hash chain of the case's history, so the reader knows it was not altered."""
    previous = ""
    for event in events:
        if event.previous_hash != previous or event.compute_hash() != event.hash:
            return {"intact": False, "broken_at": event.sequence, "last_hash": ""}
        previous = event.hash
    return {"intact": True, "broken_at": None, "last_hash": previous}


def case_file_context(case: Case) -> dict:
    events = list(case.events.select_related("actor").order_by("sequence"))
    return {
        "events": events,
        "chain": chain_status(events),
        "provisions": case.provisions.order_by("position"),
        "deadlines": case.deadlines.select_related("rule", "overridden_by").order_by(
            "start_date", "id"),
        "hearings": case.hearings.order_by("scheduled_at"),
        "decisions": case.decisions.select_related("decided_by").order_by("decided_on", "id"),
        "notifications": case.notifications.order_by("sent_on", "id"),
        "appeals": case.appeals.order_by("lodged_on"),
        "suspensions": case.suspensions.order_by("starts_on"),
        "evidence": Evidence.objects.filter(incident=case.incident).select_related(
            "added_by", "addendum").order_by("added_at", "id"),
        "opinions": case.opinions.select_related("author").order_by("filed_at"),
        "issued": included_documents(case),
        "issued_section": ISSUED_SECTION,
    }


def issued_documents_story(case: Case) -> list[Flowable]:
    story = []
    for number, document in enumerate(included_documents(case), start=1):
        with translation.override("nl-be"):
            header = render_to_string("documents/pdf/_issued_document.html", {
                "document": document, "number": f"{ISSUED_SECTION}.{number}"})
        story.append(PageBreak())
        story.extend(flowables(header))
        story.extend(flowables(document.content))
    return story
