"""From a case to PDF bytes: content from the templates, then the shared page layout."""

from datetime import datetime

from workflows.documents.builders import DocumentContent, document_meta, render_content
from workflows.documents.casefile import issued_documents_story
from workflows.documents.markup import flowables
from workflows.documents.models import IssuedDocument
from workflows.documents.pdf import render_pdf
from workflows.models import Case


def render_document(*, case: Case, kind: str, version: int, issued_at: datetime,
                    user) -> tuple[DocumentContent, bytes]:
    content = render_content(case=case, kind=kind, version=version, issued_at=issued_at,
                             user=user)
    is_case_file = kind == IssuedDocument.Kind.CASE_FILE
    story = flowables(content.markup, toc=is_case_file)
    if is_case_file:
        story += issued_documents_story(case)
    return content, render_pdf(story, document_meta(case, kind, version))
