"""The complete case file for the legal service: one PDF with a cover page, contents, the case's
history, deadlines, steps, evidence index, legal opinions, the register of every document issued,
and then the originals of the issued documents.

The originals are included byte for byte: each as an embedded file of the case file, and each page
as a page of the case file, so the SHA-256 printed for it can be checked from the case file alone
(a document laid out again would paginate differently and match no hash). A superseded version
carries a "VERVANGEN" watermark on each of its pages.
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from incidents.models import Evidence
from workflows.documents import archival, wording
from workflows.documents.markup import flowables
from workflows.documents.models import IssuedDocument
from workflows.documents.pdf import FONT_BOLD, PAGE_HEIGHT, PAGE_WIDTH, pdf_date
from workflows.documents.selectors import documents_of_case
from workflows.documents.tagging import Structure, begin_artifact, elements_of, end_artifact
from workflows.event_notes import attach_notes
from workflows.models import Case, CaseEvent

Kind = IssuedDocument.Kind
ISSUED_SECTION = 8  # the section number of the issued documents in case_file.html
DOCUMENT_EVENTS = {"document_issued", "document_sent", "document_superseded", "document_approved"}
SHORT_HASH = 12


def register(case: Case):
    """Every document issued for the case, earlier case files included, in issue order."""
    return documents_of_case(case).select_related("sent_by", "superseded_by")


def included_documents(case: Case):
    """The originals that follow the register; earlier case files are listed, not nested."""
    return register(case).exclude(kind=Kind.CASE_FILE)


def chain_status(events: list[CaseEvent]) -> dict:
    """Check the hash chain of the case's history, so the reader knows it was not altered."""
    previous = ""
    for event in events:
        if event.previous_hash != previous or event.compute_hash() != event.hash:
            return {"intact": False, "broken_at": event.sequence, "last_hash": ""}
        previous = event.hash
    return {"intact": True, "broken_at": None, "last_hash": previous}


def event_document(event: CaseEvent) -> str:
    """Which document, version and hash a document event is about (L10)."""
    if event.kind not in DOCUMENT_EVENTS:
        return ""
    payload = event.payload or {}
    title = wording.TITLES.get(payload.get("kind"), payload.get("kind", ""))
    digest = str(payload.get("sha256", ""))[:SHORT_HASH]
    return f"{title}, versie {payload.get('version', '?')}, SHA-256 {digest}…"


def opinions_with_questions(case: Case) -> list[tuple]:
    """Each legal opinion with the question it answers: the last question put to its author
    before it was filed."""
    requests = list(case.review_requests.order_by("requested_at"))
    result = []
    for opinion in case.opinions.select_related("author").order_by("filed_at"):
        asked = [r for r in requests
                 if r.reviewer_id == opinion.author_id and r.requested_at <= opinion.filed_at]
        result.append((opinion, asked[-1].question if asked else ""))
    return result


def case_file_context(case: Case) -> dict:
    events = attach_notes(list(case.events.select_related("actor").order_by("sequence")))
    return {
        "events": events,
        "event_rows": [(event, event_document(event)) for event in events],
        "chain": chain_status(events),
        "provisions": case.provisions.order_by("position"),
        "deadlines": case.deadlines.select_related("rule", "overridden_by").order_by(
            "start_date", "id"),
        "hearings": case.hearings.order_by("scheduled_at"),
        "decisions": case.decisions.select_related("decided_by").order_by("decided_on", "id"),
        "notifications": case.notifications.order_by("sent_on", "id"),
        "appeals": case.appeals.order_by("lodged_on"),
        "suspensions": case.suspensions.order_by("starts_on"),
        "criminal_proceedings": case.criminal_proceedings.order_by("known_on", "id"),
        "holds": case.holds.select_related("proceeding", "basis").order_by("starts_on"),
        "evidence": Evidence.objects.filter(incident=case.incident).select_related(
            "added_by", "addendum").order_by("added_at", "id"),
        "opinions": opinions_with_questions(case),
        "register": numbered_register(case),
        "issued": included_documents(case),
        "issued_section": ISSUED_SECTION,
    }


def numbered_register(case: Case) -> list[tuple[str, IssuedDocument]]:
    """The register's rows with the section number of each included original ("8.3"); an
    earlier case file is listed without one."""
    rows, number = [], 0
    for document in register(case):
        if document.kind == Kind.CASE_FILE:
            rows.append(("—", document))
        else:
            number += 1
            rows.append((f"{ISSUED_SECTION}.{number}", document))
    return rows


class OriginalPage(Flowable):
    """Marks the page it lands on as left empty for page `index` of an original document, and
    records which page of the case file that is."""

    structure_role = None  # draws nothing: the original's own structure is carried over

    def __init__(self, pages: dict, key: tuple[int, int]):
        super().__init__()
        self.pages, self.key = pages, key
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv._holds_original = True
        self.pages[self.key] = self.canv.getPageNumber() - 1
        if self.canv.structure is not None:
            self.canv.structure.place(self.key[0])


def original_page_count(document: IssuedDocument) -> int:
    with document.file.open("rb") as handle:
        return len(PdfReader(io.BytesIO(handle.read())).pages)


def issued_documents_story(case: Case, pages: dict) -> list[Flowable]:
    """For each issued document: a page with its heading and status, then one empty page per page
    of its original, filled by `assemble`."""
    story = []
    for number, document in enumerate(included_documents(case), start=1):
        count = original_page_count(document)
        with translation.override("nl-be"):
            header = render_to_string("documents/pdf/_issued_document.html", {
                "document": document, "number": f"{ISSUED_SECTION}.{number}",
                "page_count": count})
        story += [NextPageTemplate("later"), PageBreak(), *flowables(header)]
        for index in range(count):
            story += [NextPageTemplate("original"), PageBreak(),
                      OriginalPage(pages, (document.pk, index))]
    return story


def watermark(document: IssuedDocument) -> PdfReader:
    """A transparent page with "VERVANGEN" across it and the date it was superseded."""
    buffer = io.BytesIO()
    # Its own face from the start: a canvas begins every page in Helvetica, which PDF/A would
    # need embedded.
    sheet = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1,
                          initialFontName=FONT_BOLD)
    begin_artifact(sheet)
    sheet.setFillColor(Color(0.75, 0.1, 0.1, alpha=0.28))
    sheet.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    sheet.rotate(52)
    sheet.setFont(FONT_BOLD, 78)
    sheet.drawCentredString(0, 0, "VERVANGEN")
    sheet.setFont(FONT_BOLD, 13)
    when = timezone.localdate(document.superseded_at).strftime("%d/%m/%Y")
    sheet.drawCentredString(0, -32, f"vervangen op {when}, zie het register van het dossier")
    end_artifact(sheet)
    sheet.save()
    return PdfReader(buffer)


def assemble(pdf: bytes, case: Case, pages: dict, issued_at, structure: Structure) -> bytes:
    """Lay each original page on the page left for it, with its tagged structure, watermark
    superseded versions, embed every original file unchanged, and make the whole a tagged
    PDF/A-3 (archival.py)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # Looked up once: pypdf walks its page tree for every `writer.pages[i]`.
    targets = list(writer.pages)
    for document in included_documents(case):
        with document.file.open("rb") as handle:
            original = handle.read()
        mark = watermark(document).pages[0] if document.is_superseded else None
        reader = PdfReader(io.BytesIO(original))
        for index, page in enumerate(reader.pages):
            target = targets[pages[(document.pk, index)]]
            target.merge_page(page)
            if mark is not None:
                target.merge_page(mark)
        page_map = {index: pages[(document.pk, index)] for index in range(len(reader.pages))}
        structure.place(document.pk).kids += elements_of(reader, page_map)
        archival.attach(writer, document.download_name, original,
                        description=f"{document.title}, versie {document.version}",
                        modified=document.generated_at)
    date = pdf_date(issued_at)()
    writer.add_metadata({"/CreationDate": date, "/ModDate": date})
    archival.conform(writer, part=archival.CASE_FILE_PART, structure=structure)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
