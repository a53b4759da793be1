"""From a case to PDF bytes: content from the templates, then the shared page layout; the case
file then receives the originals of the issued documents; last, the seal when one is configured."""

from datetime import datetime

from workflows.documents.builders import DocumentContent, document_meta, render_content
from workflows.documents.casefile import assemble, issued_documents_story
from workflows.documents.markup import flowables
from workflows.documents.models import IssuedDocument
from workflows.documents.pdf import render_pdf
from workflows.documents.seal import seal
from workflows.documents.tagging import Structure
from workflows.models import Case


def render_document(*, case: Case, kind: str, version: int, issued_at: datetime,
                    user, delivery: str = "") -> tuple[DocumentContent, bytes]:
    content = render_content(case=case, kind=kind, version=version, issued_at=issued_at,
                             user=user, delivery=delivery)
    meta = document_meta(case, kind, version, issued_at)
    story = flowables(content.markup, toc=kind == IssuedDocument.Kind.CASE_FILE)
    if kind != IssuedDocument.Kind.CASE_FILE:
        return content, seal(render_pdf(story, meta), issued_at)
    pages, structure = {}, Structure()
    story += issued_documents_story(case, pages)
    pdf = assemble(render_pdf(story, meta, structure=structure), case, pages, issued_at,
                   structure)
    return content, seal(pdf, issued_at)
