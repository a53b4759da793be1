"""Issued PDFs are tagged: everything drawn on a page is either the content of a structure
element, reached from it through the parent tree, or an artifact (page furniture), so that a
screen reader reads headings, paragraphs and tables in order and skips the letterhead."""

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

from tests.documents.conftest import LETTER_DELIVERY, TODAY
from tests.documents.test_seal import stored
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue, document_mark_sent, document_supersede

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
SHOWN = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*",
         b"Do", b"sh"}
TEXT = {b"Tj", b"TJ", b"'", b'"'}
WATERMARK = "zie het register van het dossier"  # casefile.watermark


def read(document) -> PdfReader:
    return PdfReader(io.BytesIO(stored(document)))


def marked_content(pdf: PdfReader | PdfWriter, page_index: int):
    """Each operation of the page with the marked-content sequences it lies in, innermost
    last: (operands, operator, [(tag, mcid or None), ...])."""
    page = pdf.pages[page_index]
    open_sequences = []
    for operands, operator in ContentStream(page.get_contents(), pdf).operations:
        if operator == b"BDC":
            properties = operands[1].get_object()
            mcid = properties.get("/MCID") if hasattr(properties, "get") else None
            open_sequences.append((str(operands[0]), None if mcid is None else int(mcid)))
        elif operator == b"BMC":
            open_sequences.append((str(operands[0]), None))
        elif operator == b"EMC":
            open_sequences.pop()
        yield operands, operator, list(open_sequences)


def text_where(pdf: bytes, page_index: int, keep) -> str:
    """The page's text, drawn only where `keep(open sequences)` is true."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    page = writer.pages[page_index]
    content = ContentStream(page.get_contents(), writer)
    content.operations = [
        (operands, operator) for operands, operator, inside in marked_content(writer, page_index)
        if operator not in TEXT or keep(inside)]
    page.replace_contents(content)
    return page.extract_text()


def in_artifact(inside) -> bool:
    return any(tag == "/Artifact" for tag, _mcid in inside)


def structure(reader: PdfReader):
    """(role, [(page index, mcid)], [kids]) of the document's structure tree."""
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}

    def convert(node):
        node = node.get_object()
        contents, kids = [], []
        for kid in node.get("/K", []):
            kid = kid.get_object()
            if isinstance(kid, int):
                contents.append((pages[node.raw_get("/Pg").idnum], int(kid)))
            elif kid.get("/Type") == "/MCR":
                contents.append((pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"])))
            else:
                kids.append(convert(kid))
        return str(node["/S"]), contents, kids

    (document,) = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]
    return convert(document)


def walk(element):
    yield element
    for kid in element[2]:
        yield from walk(kid)


def roles(reader: PdfReader) -> list[str]:
    return [role for role, _contents, _kids in walk(structure(reader))]


def assert_tagged(reader: PdfReader) -> None:
    """Nothing drawn outside a marked sequence; every MCID of a page leads through the parent
    tree to the element that lists it, and every element's content is on its page."""
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "nl-BE"
    parent_tree = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {int(parent_tree[i]): parent_tree[i + 1].get_object()
               for i in range(0, len(parent_tree), 2)}
    listed = {content for element in walk(structure(reader)) for content in element[1]}
    for index, page in enumerate(reader.pages):
        used = set()
        for _operands, operator, inside in marked_content(reader, index):
            if operator in SHOWN:
                assert inside, f"page {index + 1}: {operator!r} outside any marked content"
            used |= {mcid for _tag, mcid in inside if mcid is not None}
        if not used:
            continue
        by_mcid = parents[int(page["/StructParents"])]
        assert len(by_mcid) == len(used) == max(used) + 1
        for mcid in used:
            assert (index, mcid) in listed
            element = by_mcid[mcid].get_object()
            assert any(kid.get_object() == mcid if isinstance(kid.get_object(), int)
                       else kid.get_object().get("/MCID") == mcid for kid in element["/K"])


class TestLetters:
    def test_every_mark_on_every_page_is_tagged_or_an_artifact(
            self, remedies_confirmed, sanctioned_case, hr_user):
        decision = document_issue(case=sanctioned_case, kind=Kind.DISCIPLINARY_DECISION,
                                  user=hr_user, delivery=LETTER_DELIVERY)
        minutes = document_issue(case=sanctioned_case, kind=Kind.HEARING_MINUTES, user=hr_user)
        for document in (decision, minutes):
            assert_tagged(read(document))

    def test_headings_paragraphs_and_tables_have_their_roles_in_reading_order(
            self, remedies_confirmed, sanctioned_case, hr_user):
        decision = read(document_issue(case=sanctioned_case, kind=Kind.DISCIPLINARY_DECISION,
                                       user=hr_user, delivery=LETTER_DELIVERY))
        found = roles(decision)
        assert found[0] == "/Document"
        assert found.index("/H1") < found.index("/H2") < found.index("/Table")
        assert found.count("/P") > 10
        table = next(element for element in walk(structure(decision))
                     if element[0] == "/Table")
        assert {kid[0] for kid in table[2]} == {"/TR"}
        assert {cell[0] for row in table[2] for cell in row[2]} <= {"/TH", "/TD"}

    def test_the_letterhead_and_page_numbers_are_artifacts_and_the_text_is_content(
            self, dismissed_case, hr_user):
        letter = stored(document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER,
                                       user=hr_user, delivery=LETTER_DELIVERY))
        furniture = text_where(letter, 0, in_artifact)
        content = text_where(letter, 0, lambda inside: not in_artifact(inside))
        assert "Pagina 1 van" in furniture and "Gemeente Voorbeeld" in furniture
        assert "Pagina 1 van" not in content
        assert "Ontslag om dringende reden" in content
        assert "Ontslag om dringende reden" not in furniture


class TestTheCaseFile:
    @pytest.fixture
    def case_file(self, remedies_confirmed, reviewed_case, hr_user):
        report = document_issue(case=reviewed_case, kind=Kind.INCIDENT_REPORT, user=hr_user)
        document_supersede(document=report, user=hr_user, reason="Aanvulling ontbrak.")
        letter = document_issue(case=reviewed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                           method="registered_letter")
        return document_issue(case=reviewed_case, kind=Kind.CASE_FILE, user=hr_user)

    def test_its_own_pages_and_the_originals_laid_on_it_are_tagged(self, case_file):
        assert_tagged(read(case_file))

    def test_each_original_keeps_its_structure_as_a_part_in_reading_order(self, case_file):
        reader = read(case_file)
        document = structure(reader)
        parts = [kid for kid in document[2] if kid[0] == "/Part"]
        assert len(parts) == 2
        for part in parts:
            part_roles = [role for role, _contents, _kids in walk(part)]
            assert "/H1" in part_roles and "/P" in part_roles
        first_pages = [min(page for element in walk(part) for page, _mcid in element[1])
                       for part in parts]
        assert first_pages == sorted(first_pages)
        headings_before = [kid for kid in document[2][:document[2].index(parts[0])]
                           if kid[0] == "/H1"]
        assert headings_before, "the case file's own sections come first"

    def test_the_watermark_of_a_superseded_original_is_an_artifact(self, case_file):
        pdf = stored(case_file)
        reader = PdfReader(io.BytesIO(pdf))
        pages = [index for index, page in enumerate(reader.pages)
                 if WATERMARK in page.extract_text()]
        assert pages
        for index in pages:
            assert WATERMARK in text_where(pdf, index, in_artifact)
            assert WATERMARK not in text_where(pdf, index, lambda inside: not in_artifact(inside))
