"""The case file is laid out in one pass and reads the case in a fixed number of queries (#16):
its table of contents still prints the page each section and document starts on."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader
from reportlab.platypus import BaseDocTemplate, KeepTogether

from incidents.services import addendum_add
from tests.documents.conftest import LETTER_DELIVERY, pdf_reader
from workflows.documents.builders import document_meta
from workflows.documents.markup import flowables
from workflows.documents.models import IssuedDocument
from workflows.documents.pdf import ContentsTable, render_pdf
from workflows.documents.services import document_issue

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


def outline_pages(reader: PdfReader) -> dict[str, int]:
    """Each bookmark's title and the number of the page it leads to."""
    found = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found[item.title] = reader.get_destination_page_number(item) + 1
    walk(reader.outline)
    return found


def contents_pages(reader: PdfReader, titles, *, page: int = 2) -> dict[str, int]:
    """The page number the table of contents (on `page`) prints for each title. The dots and
    number at the end of an entry's line come first in the page's text, as reportlab draws them
    while it draws the entry."""
    text = " ".join(reader.pages[page - 1].extract_text().split())
    found = {}
    for title in titles:
        match = re.search(r"\. (\d+) " + re.escape(title), text)
        found[title] = int(match.group(1)) if match else None
    return found


@pytest.fixture
def documents_issued(remedies_confirmed, reviewed_case, hr_user):
    document_issue(case=reviewed_case, kind=Kind.INCIDENT_REPORT, user=hr_user)
    document_issue(case=reviewed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                   delivery=LETTER_DELIVERY)
    return reviewed_case


def add_history(case, count: int) -> None:
    """`count` more events on the case, each an addendum with a link (more evidence rows too)."""
    reporter = case.incident.reporter
    for number in range(count):
        addendum_add(incident=case.incident, user=reporter,
                     text=f"Aanvulling {number}: nog een bericht gevonden.",
                     urls=[f"https://example.org/bericht/{number}"])


def test_the_contents_print_the_page_each_section_and_document_starts_on(documents_issued,
                                                                         legal_user):
    add_history(documents_issued, 40)
    case_file = document_issue(case=documents_issued, kind=Kind.CASE_FILE, user=legal_user)
    reader = pdf_reader(case_file)
    bookmarks = outline_pages(reader)
    printed = contents_pages(reader, bookmarks)
    assert len(bookmarks) >= 10
    assert printed == bookmarks
    # The history of 40 more events pushes the later sections beyond the first pages.
    assert max(bookmarks.values()) > 5


def test_the_case_file_is_laid_out_in_one_pass(documents_issued, legal_user, monkeypatch):
    builds = []
    original = BaseDocTemplate.build

    def counting_build(self, *args, **kwargs):
        builds.append(self)
        return original(self, *args, **kwargs)
    monkeypatch.setattr(BaseDocTemplate, "build", counting_build)
    document_issue(case=documents_issued, kind=Kind.CASE_FILE, user=legal_user)
    assert len(builds) == 1


def test_a_heading_the_story_hides_still_gets_its_page_through_a_second_pass(documents_issued):
    """A heading inside another flowable is not seen before the layout: the one pass does not
    match what was expected, and the passes of multiBuild give every entry its page."""
    markup = ("<h1>Eerste</h1><p>Tekst.</p><pagebreak/><h1>Tweede</h1><p>Meer tekst.</p>")
    story = [*flowables("<toc/>"), *flowables(markup, toc=True)]
    hidden = story.pop()
    story[-1] = KeepTogether([story[-1], hidden])
    meta = document_meta(documents_issued, Kind.CASE_FILE, 1)
    reader = PdfReader(io.BytesIO(render_pdf(story, meta)))
    bookmarks = outline_pages(reader)
    assert bookmarks == {"Eerste": 1, "Tweede": 2}
    assert contents_pages(reader, bookmarks, page=1) == bookmarks
    assert not next(f for f in story if isinstance(f, ContentsTable)).deferred


def test_the_case_file_reads_the_case_in_as_many_queries_for_20_events_as_for_200(
        documents_issued, legal_user):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            document_issue(case=documents_issued, kind=Kind.CASE_FILE, user=legal_user)
        return len(captured)

    add_history(documents_issued, 20 - documents_issued.events.count())
    few = queries()
    add_history(documents_issued, 200 - documents_issued.events.count())
    assert documents_issued.events.count() >= 200
    assert queries() == few
