"""Turning a rendered document template into reportlab flowables.

The templates in templates/documents/pdf/ write a small HTML-like language (see docs/documents.md):
blocks <h1> <h2> <h3> <p class="..."> <li> <table>/<tr>/<th>/<td> <signatures>/<sign>
<lines n="..."/> <hr/> <pagebreak/> <keep/> <toc/> <window>, and inside them only <b>, <code> and
<br/>. Django's
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
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workflows.documents.pdf import (
    FONT,
    FONT_MONO,
    FRAME_WIDTH,
    MARGIN_LEFT,
    PAGE_HEIGHT,
    RULE,
    STYLES,
    WINDOW,
    table_of_contents,
)
from workflows.documents.tagging import tag_table

WHITESPACE = re.compile(r"\s+")
HTML_BREAK = re.compile(r"<br\s*>")  # as Django's linebreaksbr writes it
# A blank line in user text starts a new paragraph (T3: one Paragraph per paragraph, so a long
# text can break between its paragraphs).
BLANK_LINE = re.compile(r"(?:\s*<br/>\s*){2,}")
# No line break right after "€", "§" or "art." (T8): "€ 1.250.000", "§ 2", "art. 35".
UNBREAKABLE_AFTER = re.compile(r"(€|§|\b[Aa]rt\.)[ ]+")
NBSP = "\u00a0"
# Headings stay with the first lines of what follows, not with the whole of it (T3): a heading
# starts a new page unless this much room is left under it.
HEADING_KEEP = {"h1": 45 * mm, "h2": 32 * mm, "h3": 24 * mm}
# A table row is split across pages only when it could not fit on a page of its own (T5).
ROW_SPLIT_HEIGHT = 200 * mm
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


class CellParagraph(Paragraph):
    """A table cell. reportlab measures every cell again each time it measures a table, and a long
    table split at the foot of a page becomes a new table of the rows left, measured anew: the
    case file's timeline broke each cell into lines about four times (#16). The lines depend
    only on the width (Paragraph.wrap ignores the height), so they are kept for that width."""

    _wrapped_width = None

    def wrap(self, available_width, available_height):
        if available_width == self._wrapped_width:
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        self._wrapped_width = available_width
        return size


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
        if element.tag == "signatures":
            story = keep_closing_together(story, block(element, toc=toc))
            continue
        story.extend(block(element, toc=toc))
        if (element.tail or "").strip():
            story.append(Paragraph(inline_text(element.tail), STYLES["p"]))
    return story


def keep_closing_together(story: list[Flowable], signature: list[Flowable]) -> list[Flowable]:
    """The last paragraph, the closing formula and the signatures share a page (T2)."""
    closing = []
    while story and len(closing) < 2 and isinstance(story[-1], Paragraph) \
            and not isinstance(story[-1], Heading):
        closing.insert(0, story.pop())
    return [*story, KeepTogether([*closing, *signature])]


def block(element: ET.Element, *, toc: bool) -> list[Flowable]:
    tag = element.tag
    if tag in ("h1", "h2", "h3"):
        heading = Heading(inline(element), STYLES[tag], toc_level=toc_level(element, toc=toc))
        return [CondPageBreak(HEADING_KEEP[tag]), heading]
    if tag == "p":
        style = element.get("class", "")
        style = STYLES[style if style in PARAGRAPH_CLASSES else "p"]
        return [Paragraph(text, style) for text in BLANK_LINE.split(inline(element)) if text]
    if tag == "li":
        return [Paragraph(inline(element), STYLES["li"], bulletText="•")]
    if tag in ("ul", "ol", "section", "div"):
        return [item for child in element for item in block(child, toc=toc)]
    if tag == "table":
        return [table(element)]
    if tag == "signatures":
        on_behalf = element.find("onbehalf")
        intro = [Paragraph(inline(on_behalf), STYLES["p"])] if on_behalf is not None else []
        return [*intro, signatures(element)]
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
    if tag == "window":
        return [AddressWindow(element)]
    raise DocumentTemplateError(f"Unknown block <{tag}> in a document template.")


def toc_level(element: ET.Element, *, toc: bool) -> int | None:
    """<h2 toc="1"> enters the contents at level 1, <h1 toc="no"> stays out; with `toc`, every
    other <h1> enters at level 0."""
    value = element.get("toc")
    if value is not None:
        return int(value) if value.isdigit() else None
    return 0 if (toc and element.tag == "h1") else None


def inline_text(text: str | None) -> str:
    return UNBREAKABLE_AFTER.sub(lambda match: match.group(1) + NBSP,
                                 escape(WHITESPACE.sub(" ", text or "")))


def inline(element: ET.Element) -> str:
    """The element's content as Paragraph markup: escaped text, <b> and <br/> only."""
    parts = [inline_text(element.text)]
    for child in element:
        if child.tag == "br":
            parts.append("<br/>")
        elif child.tag in ("b", "strong"):
            parts.append(f"<b>{inline(child)}</b>")
        elif child.tag == "code":
            parts.append(f'<font face="{FONT_MONO}">{inline(child)}</font>')
        else:
            parts.append(inline(child))
        parts.append(inline_text(child.tail))
    return "".join(parts).strip()


def table(element: ET.Element) -> Table:
    rows, head_rows = [], 0
    for index, tr in enumerate(element.iter("tr")):
        cells = [CellParagraph(inline(cell), STYLES["cell_head" if cell.tag == "th" else "cell"])
                 for cell in tr if cell.tag in ("th", "td")]
        rows.append(cells)
        if tr.get("class") == "head" and index == head_rows:
            head_rows += 1
    if not rows:
        return Spacer(1, 0)
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = column_widths(element.get("widths"), columns)
    result = Table(rows, colWidths=widths, repeatRows=head_rows, hAlign="LEFT",
                   splitInRow=int(has_giant_row(rows, widths)), spaceAfter=6,
                   renderCB=tag_table)
    result.setStyle(table_style(plain=element.get("class") == "plain", head_rows=head_rows))
    return result


def has_giant_row(rows: list[list], widths: list[float]) -> bool:
    """True when a row is taller than a page can hold: only such a row is split."""
    for row in rows:
        for cell, width in zip(row, widths):
            if isinstance(cell, Paragraph) and cell.wrap(width - 8, 10**6)[1] > ROW_SPLIT_HEIGHT:
                return True
    return False


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
    result = Table(rows, colWidths=[FRAME_WIDTH / 2] * 2, hAlign="LEFT", renderCB=tag_table)
    result.setStyle(TableStyle([
        FONT_COMMAND, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return result


def writing_lines(count: int) -> list[Flowable]:
    """Ruled lines for handwriting (remarks at the hearing)."""
    return [HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=7 * mm, spaceAfter=0)
            for _ in range(max(count, 0))]


class AddressWindow(Flowable):
    """The top of page 1 of a letter, at fixed places: the references on the left, and in the
    envelope window (pdf.WINDOW) the delivery mention above the addressee. It takes no room in
    the text, which starts below the window."""

    structure_role = "Div"

    def __init__(self, element: ET.Element):
        super().__init__()
        self.delivery = element.get("delivery", "")
        self.references = [(ref.get("label", ""), inline(ref)) for ref in element.iter("ref")]
        self.addressee = inline(element.find("to")) if element.find("to") is not None else ""
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        # Absolute positions on the page, whatever the frame: the window is where it is.
        canvas.saveState()
        top = PAGE_HEIGHT - WINDOW.top
        self._draw_references(canvas, top)
        parts = []
        if self.delivery:
            parts.append(Paragraph(escape(self.delivery), STYLES["delivery"]))
        parts.append(Paragraph(self.addressee, STYLES["address"]))
        for part in parts:
            _, height = part.wrap(WINDOW.width, WINDOW.height)
            part.drawOn(canvas, WINDOW.left, top - height)
            top -= height + part.style.spaceAfter
        canvas.restoreState()

    def _draw_references(self, canvas, top: float) -> None:
        width = WINDOW.left - MARGIN_LEFT - 8 * mm
        label_width = 25 * mm
        for label, value in self.references:
            label_paragraph = Paragraph(escape(label), STYLES["ref"])
            value_paragraph = Paragraph(value, STYLES["ref"])
            _, label_height = label_paragraph.wrap(label_width, WINDOW.height)
            _, value_height = value_paragraph.wrap(width - label_width, WINDOW.height)
            label_paragraph.drawOn(canvas, MARGIN_LEFT, top - label_height)
            value_paragraph.drawOn(canvas, MARGIN_LEFT + label_width, top - value_height)
            top -= max(label_height, value_height) + 1.5 * mm
