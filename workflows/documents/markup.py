"""Turning a rendered document template into reportlab flowables.

The templates in templates/documents/pdf/ write a small HTML-like language (see docs/documents.md):
blocks <h1> <h2> <h3> <p class="..."> <li> <table>/<tr>/<th>/<td> <signatures>/<sign>
<lines n="..."/> <hr/> <pagebreak/> <keep/> <toc/>, and inside them only <b> and <br/>. Django's
autoescaping has already turned every "<" in user text into "&lt;", so the parser below sees user
text only as text. Each text run is then escaped again with xml.sax.saxutils.escape before it
reaches Paragraph, which would otherwise read "<b>" typed by a user as markup.
"""

import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workflows.documents.pdf import FONT, FRAME_WIDTH, RULE, STYLES, table_of_contents

WHITESPACE = re.compile(r"\s+")
HTML_BREAK = re.compile(r"<br\s*>")  # as Django's linebreaksbr writes it
# Control characters XML cannot carry (e.g. a vertical tab pasted from a word processor).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PARAGRAPH_CLASSES = {"small", "right", "address", "box"}
DEFAULT_TWO_COLUMNS = (32, 68)
# A table sets its cells' font even when they hold paragraphs; without this it is Helvetica.
FONT_COMMAND = ("FONT", (0, 0), (-1, -1), FONT, 9)


class DocumentTemplateError(ValueError):
    """A document template produced text that is not the document language."""


class Heading(Paragraph):
    """A heading; `toc_level` makes the case file's table of contents list it."""

    def __init__(self, text, style, toc_level=None):
        super().__init__(text, style)
        self.toc_level = toc_level


def parse(markup: str) -> ET.Element:
    source = NOT_XML.sub(" ", HTML_BREAK.sub("<br/>", markup))
    try:
        return ET.fromstring(f"<document>{source}</document>")
    except ET.ParseError as error:
        line, column = error.position
        raise DocumentTemplateError(
            f"Document template is not well formed at line {line}, column {column}: {error}"
        ) from error


def flowables(markup: str, *, toc: bool = False) -> list[Flowable]:
    """The flowables of a rendered template; with `toc`, its <h1> headings enter the contents."""
    root = parse(markup)
    story = []
    if (root.text or "").strip():
        story.append(Paragraph(inline_text(root.text), STYLES["p"]))
    for element in root:
        story.extend(block(element, toc=toc))
        if (element.tail or "").strip():
            story.append(Paragraph(inline_text(element.tail), STYLES["p"]))
    return story


def block(element: ET.Element, *, toc: bool) -> list[Flowable]:
    tag = element.tag
    if tag in ("h1", "h2", "h3"):
        return [Heading(inline(element), STYLES[tag], toc_level=toc_level(element, toc=toc))]
    if tag == "p":
        style = element.get("class", "")
        return [Paragraph(inline(element), STYLES[style if style in PARAGRAPH_CLASSES else "p"])]
    if tag == "li":
        return [Paragraph(inline(element), STYLES["li"], bulletText="•")]
    if tag in ("ul", "ol", "section", "div"):
        return [item for child in element for item in block(child, toc=toc)]
    if tag == "table":
        return [table(element)]
    if tag == "signatures":
        return [signatures(element)]
    if tag == "lines":
        return writing_lines(int(element.get("n", "4")))
    if tag == "hr":
        return [HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=6)]
    if tag == "pagebreak":
        return [PageBreak()]
    if tag == "toc":
        return [table_of_contents()]
    if tag == "keep":
        return [CondPageBreak(float(element.get("mm", "40")) * mm)]
    raise DocumentTemplateError(f"Unknown block <{tag}> in a document template.")


def toc_level(element: ET.Element, *, toc: bool) -> int | None:
    """<h2 toc="1"> enters the contents at level 1, <h1 toc="no"> stays out; with `toc`, every
    other <h1> enters at level 0."""
    value = element.get("toc")
    if value is not None:
        return int(value) if value.isdigit() else None
    return 0 if (toc and element.tag == "h1") else None


def inline_text(text: str | None) -> str:
    return escape(WHITESPACE.sub(" ", text or ""))


def inline(element: ET.Element) -> str:
    """The element's content as Paragraph markup: escaped text, <b> and <br/> only."""
    parts = [inline_text(element.text)]
    for child in element:
        if child.tag == "br":
            parts.append("<br/>")
        elif child.tag in ("b", "strong"):
            parts.append(f"<b>{inline(child)}</b>")
        else:
            parts.append(inline(child))
        parts.append(inline_text(child.tail))
    return "".join(parts).strip()


def table(element: ET.Element) -> Table:
    rows, head_rows = [], 0
    for index, tr in enumerate(element.iter("tr")):
        cells = [Paragraph(inline(cell), STYLES["cell_head" if cell.tag == "th" else "cell"])
                 for cell in tr if cell.tag in ("th", "td")]
        rows.append(cells)
        if tr.get("class") == "head" and index == head_rows:
            head_rows += 1
    if not rows:
        return Spacer(1, 0)
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    result = Table(rows, colWidths=column_widths(element.get("widths"), columns),
                   repeatRows=head_rows, hAlign="LEFT", splitInRow=1, spaceAfter=6)
    result.setStyle(table_style(plain=element.get("class") == "plain", head_rows=head_rows))
    return result


def column_widths(spec: str | None, columns: int) -> list[float]:
    shares = [float(value) for value in spec.split()] if spec else []
    if len(shares) != columns:
        shares = list(DEFAULT_TWO_COLUMNS) if columns == 2 else [1.0] * columns
    total = sum(shares)
    return [FRAME_WIDTH * share / total for share in shares]


def table_style(*, plain: bool, head_rows: int) -> TableStyle:
    commands = [
        FONT_COMMAND,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if not plain:
        commands.append(("GRID", (0, 0), (-1, -1), 0.4, RULE))
    if head_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, head_rows - 1), colors.HexColor("#e8e8e8")))
    return TableStyle(commands)


def signatures(element: ET.Element) -> Table:
    """Signature boxes, two per row: room to sign, a line, the signer's name below it."""
    boxes = [[Spacer(1, 18 * mm), HRFlowable(width="100%", thickness=0.5, color=RULE),
              Paragraph(inline(sign), STYLES["sign"])]
             for sign in element if sign.tag == "sign"]
    if len(boxes) % 2:
        boxes.append("")
    rows = [boxes[i:i + 2] for i in range(0, len(boxes), 2)]
    result = Table(rows, colWidths=[FRAME_WIDTH / 2] * 2, hAlign="LEFT")
    result.setStyle(TableStyle([
        FONT_COMMAND, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return result


def writing_lines(count: int) -> list[Flowable]:
    """Ruled lines for handwriting (remarks at the hearing)."""
    return [HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=7 * mm, spaceAfter=0)
            for _ in range(max(count, 0))]
