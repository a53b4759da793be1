"""The small template language of the documents: what template authors write, and what can never
come from user text."""

import io

import pytest
from django.template import Context, Template
from pypdf import PdfReader
from reportlab.platypus import CondPageBreak, Paragraph, Table

from workflows.documents.markup import DocumentTemplateError, Heading, flowables
from workflows.documents.pdf import DocumentMeta, organisation, render_pdf


def rendered(source: str, **context) -> str:
    return Template("{% load documents_nl %}" + source).render(Context(context))


def test_user_text_with_markup_reaches_reportlab_escaped():
    markup = rendered("<p>{{ text }}</p>", text="<b>x</b><script>alert(1)</script> & co")
    (paragraph,) = flowables(markup)
    assert paragraph.text == "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"


def test_user_text_cannot_open_a_block_of_its_own():
    markup = rendered("<p>{{ text }}</p>", text="</p><pagebreak/><h1>Vals</h1><p>")
    story = flowables(markup)
    assert len(story) == 1 and isinstance(story[0], Paragraph)


def test_the_lines_filter_keeps_the_line_breaks_of_user_text():
    markup = rendered("<p>{{ text|lines }}</p>", text="eerste regel\ntweede <regel>")
    (paragraph,) = flowables(markup)
    assert paragraph.text == "eerste regel<br/>tweede &lt;regel&gt;"


def test_control_characters_pasted_by_users_do_not_break_the_document():
    markup = rendered("<p>{{ text }}</p>", text="tekst\x0bmet verticale tab\x00")
    (paragraph,) = flowables(markup)
    assert "met verticale tab" in paragraph.text


def test_template_bold_is_kept_and_whitespace_collapses():
    (paragraph,) = flowables("<p>Op   <b>maandag</b>\n   om 10 uur</p>")
    assert paragraph.text == "Op <b>maandag</b> om 10 uur"


def test_rows_become_one_table_and_h1_enters_the_contents_only_when_asked():
    story = flowables("<h1>Titel</h1><table><tr><th>a</th><td>b</td></tr>"
                      "<tr><th>c</th><td>d</td></tr></table>", toc=True)
    heading, table = [item for item in story if not isinstance(item, CondPageBreak)]
    assert isinstance(heading, Heading) and heading.toc_level == 0
    assert isinstance(table, Table) and len(table._cellvalues) == 2
    assert flowables("<h1>Titel</h1>")[-1].toc_level is None
    assert flowables('<h1 toc="no">Titel</h1>', toc=True)[-1].toc_level is None


def test_an_unknown_block_or_broken_template_is_reported_to_the_author():
    with pytest.raises(DocumentTemplateError, match="Unknown block <blink>"):
        flowables("<blink>x</blink>")
    with pytest.raises(DocumentTemplateError, match="not well formed"):
        flowables("<p>Jansen & Zonen</p>")


def test_a_table_cell_longer_than_a_page_flows_onto_the_next_pages():
    """A long written reason in the case file's timeline must not make the file impossible."""
    meta = DocumentMeta(title="t", reference="TD-2026-0001", subject="s", footer="f",
                        organisation=organisation())
    long_reason = "reden " * 6000 + "EINDE"
    pdf = render_pdf(flowables(f"<table><tr class='head'><th>Nr.</th><th>Toelichting</th></tr>"
                               f"<tr><td>1</td><td>{long_reason}</td></tr></table>"), meta)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 5
    assert "EINDE" in pages[-1].extract_text()
