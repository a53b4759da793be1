"""Page layout of every issued document: embedded fonts, letterhead, running header with the case
reference, "Pagina X van Y" footer, PDF metadata, and the address window of letters.

The fonts are embedded (DejaVu Sans, shipped in fonts/ with its licence): a PDF that refers to an
unembedded Helvetica shows other glyphs on other machines, and Helvetica lacks ĳ.
"""

import io
import struct
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from functools import partial
from pathlib import Path

from django.conf import settings
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, TableStyle

from workflows.documents.archival import archival
from workflows.documents.contents import ContentsTable
from workflows.documents.tagging import Structure, TaggedFrame, begin_artifact, end_artifact

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_MONO = "DejaVuSansMono"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 24 * mm
LETTERHEAD_HEIGHT = 30 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# Room kept at the right of the letterhead for "Vertrouwelijk — dossier …"; the organisation's
# name wraps or shrinks to the rest, so the two never overlap.
CONFIDENTIAL_WIDTH = 62 * mm
LETTERHEAD_NAME_SIZES = (13, 12, 11, 10)


@dataclass(frozen=True)
class Window:
    """The address field of a letter, measured from the top left corner of the A4 page.

    DL and C5/6 envelopes with the window on the right (ISO 269, as bpost's window envelopes):
    window 90 x 45 mm, 20 mm from the right and 15 mm from the bottom edge of the 220 x 110 mm
    envelope. An A4 folded in three (99 mm panels) sits in it with up to 11 mm of play, so the
    field keeps 2.5 mm inside the window on each side and 5 mm from its top and bottom:
    85 x 40 mm starting 105 mm from the left and 50 mm from the top of the page. Its first lines
    carry the delivery mention ("AANGETEKEND"), as the postal endorsement zone of a window field.
    """

    left: float = 105 * mm
    top: float = 50 * mm
    width: float = 85 * mm
    height: float = 40 * mm


WINDOW = Window()
# Letters start their text below the window; the references sit left of it.
LETTER_BODY_TOP = WINDOW.top + WINDOW.height + 6 * mm
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")


def _with_true_widths(font: TTFont) -> TTFont:
    """reportlab keeps the advance width of the glyphs after hhea's numberOfHMetrics already
    scaled to thousandths of an em, and writes that value into the embedded subset: in DejaVu
    Sans Mono, whose glyphs share one metric, every embedded glyph was 602 font units wide
    instead of 1233, contradicting the /Widths of the PDF (ISO 19005-1 6.3.6). The width in
    font units is put back."""
    face = font.face
    (count,) = struct.unpack(">H", face.get_table("hhea")[34:36])
    width = face.hmetrics[count - 1][0]
    face.hmetrics[count:] = [(width, bearing) for _scaled, bearing in face.hmetrics[count:]]
    return font


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                       (FONT_MONO, "DejaVuSansMono.ttf")):
        pdfmetrics.registerFont(_with_true_widths(TTFont(name, FONT_DIR / file)))
    # No oblique face is shipped: <i> falls back to the regular face instead of a Helvetica.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


register_fonts()


def _style(name: str, **kwargs) -> ParagraphStyle:
    # No widows or orphans: a paragraph never leaves one line alone at the foot or head of a page.
    base = {"fontName": FONT, "fontSize": 10, "leading": 14, "bulletFontName": FONT,
            "spaceAfter": 5, "allowWidows": 0, "allowOrphans": 0}
    return ParagraphStyle(name, **{**base, **kwargs})


STYLES = {
    "p": _style("p"),
    "h1": _style("h1", fontName=FONT_BOLD, fontSize=15, leading=19, spaceBefore=4, spaceAfter=10),
    "h2": _style("h2", fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10,
                 spaceAfter=4),
    "h3": _style("h3", fontName=FONT_BOLD, fontSize=10, leading=14, spaceBefore=6, spaceAfter=2),
    "small": _style("small", fontSize=8, leading=10.5, textColor=GREY),
    "right": _style("right", alignment=TA_RIGHT),
    "address": _style("address", fontSize=10, leading=12.5, spaceAfter=0),
    "delivery": _style("delivery", fontName=FONT_BOLD, fontSize=9, leading=11, spaceAfter=3),
    "ref": _style("ref", fontSize=8, leading=10.5, spaceAfter=0),
    "watermark": _style("watermark", fontName=FONT_BOLD, fontSize=9, leading=11),
    # The frame of a box lies on the text column: its padding is taken inside (T6).
    "box": _style("box", borderWidth=0.6, borderColor=RULE, borderPadding=6, leftIndent=6,
                  rightIndent=6, backColor=colors.HexColor("#f3f3f3"), spaceBefore=12,
                  spaceAfter=14),
    "li": _style("li", leftIndent=12, bulletIndent=2, spaceAfter=3),
    "cell": _style("cell", fontSize=9, leading=12, spaceAfter=0),
    "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=9, leading=12, spaceAfter=0),
    "sign": _style("sign", fontSize=9, leading=12, spaceAfter=0),
}


def table_of_contents() -> ContentsTable:
    toc = ContentsTable()
    toc.levelStyles = [
        _style("toc0", fontName=FONT_BOLD, leftIndent=0, firstLineIndent=0, spaceBefore=4),
        _style("toc1", leftIndent=14, firstLineIndent=0, spaceAfter=2),
    ]
    toc.dotsMinLevel = 0
    # Its entries sit in a table, which would otherwise set Helvetica on the canvas.
    toc.tableStyle = TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ])
    return toc


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    reference: str
    subject: str
    footer: str
    organisation: dict
    # What the top right corner says; a case document names its case file.
    header: str = ""
    issued_at: datetime | None = None
    # Letters leave the top of page 1 to the address window; other documents start below the
    # letterhead.
    is_letter: bool = False
    # Multi-page minutes carry a box for the initials of those who sign on every page.
    initials: tuple[str, ...] = ()

    @property
    def header_text(self) -> str:
        return self.header or f"Vertrouwelijk — dossier {self.reference}"


def organisation() -> dict:
    """settings.ORGANISATION with its optional keys filled in (see docs/documents.md)."""
    configured = getattr(settings, "ORGANISATION", {}) or {}
    keys = ("name", "address", "place", "logo", "contact", "inspection")
    return {key: configured.get(key, "") for key in keys}


def pdf_date(moment: datetime | None):
    """The PDF's CreationDate and ModDate: the issue date, so the file stays deterministic."""
    def formatter(*_ignored) -> str:
        if moment is None:
            return "D:20000101000000+00'00'"
        utc = moment.astimezone(dt_timezone.utc)
        return utc.strftime("D:%Y%m%d%H%M%S+00'00'")
    return formatter


class NumberedCanvas(canvas.Canvas):
    """Keeps every page until the end, then stamps "Pagina X van Y" once Y is known."""

    def __init__(self, *args, meta: DocumentMeta, structure: Structure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The tagged structure of the pages (tagging.py); each pass of a layout starts it anew.
        self.structure = structure
        if structure is not None:
            structure.reset()
        self._page_states = []
        self._holds_original = False
        self._after_layout = []
        self._forms_at_end = []
        self._meta = meta
        self.setDateFormatter(pdf_date(meta.issued_at))

    def after_layout(self, draw) -> None:
        """Have `draw(canvas)` run on this page once every page is laid out."""
        self._after_layout.append(draw)

    def form_at_end(self, name: str, draw) -> None:
        """Show the form `name` here, in the current coordinates; `draw(canvas)` draws its content
        once every page is laid out. The stream keeps its order: a reader of the text finds the
        form where it is shown."""
        self.doForm(name)
        self._forms_at_end.append((name, draw))

    def showPage(self):
        self._page_states.append(dict(self.__dict__))
        self._holds_original = False
        self._after_layout = []
        self._startPage()

    def save(self):
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            for draw in state["_after_layout"]:
                draw(self)
            if state.get("_holds_original"):
                # Left empty: an issued document's original page is laid on it (casefile.py).
                super().showPage()
                continue
            begin_artifact(self)
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, 12 * mm, f"Pagina {number} van {total}")
            if self._meta.initials and total > 1:
                _draw_initials(self, self._meta.initials)
            end_artifact(self)
            super().showPage()
        for name, draw in self._forms_at_end:
            self.beginForm(name, -PAGE_WIDTH, -PAGE_HEIGHT, 2 * PAGE_WIDTH, 2 * PAGE_HEIGHT)
            draw(self)
            self.endForm()
        super().save()


def _draw_initials(canv, signers: tuple[str, ...]) -> None:
    """Boxes for the initials of the signatories under the footer of every page of the minutes,
    so that no page can be swapped afterwards (L7)."""
    canv.setFont(FONT, 7)
    canv.setStrokeColor(RULE)
    canv.drawString(MARGIN_LEFT, 6 * mm, "Paraaf:")
    box_width, left = 30 * mm, MARGIN_LEFT + 12 * mm
    for index, signer in enumerate(signers):
        x = left + index * (box_width + 2 * mm)
        canv.rect(x, 3.5 * mm, box_width, 6.5 * mm, stroke=1, fill=0)
        canv.setFont(FONT, 5.5)
        canv.drawString(x + 1 * mm, 8 * mm, signer)


def _draw_running_header(canv, meta: DocumentMeta) -> None:
    canv.setFont(FONT, 8)
    canv.setFillColor(GREY)
    top = PAGE_HEIGHT - 13 * mm
    name = simpleSplit(meta.organisation["name"], FONT, 8, FRAME_WIDTH - CONFIDENTIAL_WIDTH)
    canv.drawString(MARGIN_LEFT, top, name[0] if name else "")
    canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top,
                         meta.header_text)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.4)
    canv.line(MARGIN_LEFT, top - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.5 * mm)


def _draw_footer(canv, meta: DocumentMeta) -> None:
    canv.setFont(FONT, 8)
    canv.setFillColor(GREY)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.4)
    canv.line(MARGIN_LEFT, 16 * mm, PAGE_WIDTH - MARGIN_RIGHT, 16 * mm)
    footer = simpleSplit(meta.footer, FONT, 8, FRAME_WIDTH - 30 * mm)
    canv.drawString(MARGIN_LEFT, 12 * mm, footer[0] if footer else "")


def letterhead_name_lines(name: str, width: float) -> tuple[int, list[str]]:
    """The organisation's name at the largest size that fits on one line, else wrapped in two
    lines at the smallest size (T1: it never runs into the confidentiality mark)."""
    for size in LETTERHEAD_NAME_SIZES:
        lines = simpleSplit(name, FONT_BOLD, size, width)
        if len(lines) <= 1:
            return size, lines
    size = LETTERHEAD_NAME_SIZES[-1]
    return size, simpleSplit(name, FONT_BOLD, size, width)[:2]


def on_white(path: Path) -> str | ImageReader:
    """The logo laid on the white of the paper: a PDF/A-1 has no transparency (ISO 19005-1 6.4),
    so a transparent background cannot be kept as a mask. A logo without one is drawn from its
    file as it is (a JPEG stays a JPEG)."""
    with Image.open(path) as image:
        if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
            return str(path)
        image = image.convert("RGBA")
        paper = Image.new("RGB", image.size, "white")
        paper.paste(image, mask=image.getchannel("A"))
        return ImageReader(paper)


def _draw_letterhead(canv, meta: DocumentMeta) -> None:
    org = meta.organisation
    text_left = MARGIN_LEFT
    logo = Path(org["logo"]) if org["logo"] else None
    if logo is not None and logo.is_file():
        size = 20 * mm
        canv.drawImage(on_white(logo), MARGIN_LEFT, PAGE_HEIGHT - 12 * mm - size, size, size,
                       preserveAspectRatio=True, anchor="nw")
        text_left += size + 5 * mm
    width = PAGE_WIDTH - MARGIN_RIGHT - CONFIDENTIAL_WIDTH - text_left
    size, name_lines = letterhead_name_lines(org["name"], width)
    canv.setFillColor(colors.black)
    canv.setFont(FONT_BOLD, size)
    y = PAGE_HEIGHT - 18 * mm
    for line in name_lines:
        canv.drawString(text_left, y, line)
        y -= size * 1.2
    canv.setFont(FONT, 9)
    y -= 1.5 * mm
    for line in [org["address"], org["contact"]]:
        for part in simpleSplit(line, FONT, 9, width)[:1]:
            canv.drawString(text_left, y, part)
            y -= 4.5 * mm
    canv.setFont(FONT, 8)
    canv.setFillColor(GREY)
    canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 18 * mm,
                         meta.header_text)


def _first_page(canv, doc, *, meta: DocumentMeta) -> None:
    begin_artifact(canv)
    canv.saveState()
    _draw_letterhead(canv, meta)
    _draw_footer(canv, meta)
    canv.restoreState()
    end_artifact(canv)


def _later_page(canv, doc, *, meta: DocumentMeta) -> None:
    begin_artifact(canv)
    canv.saveState()
    _draw_running_header(canv, meta)
    _draw_footer(canv, meta)
    canv.restoreState()
    end_artifact(canv)


def _frame(top_from_page_top: float, frame_id: str) -> Frame:
    # No padding: text, tables, header and footer share the same left and right edges (T6).
    return TaggedFrame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH,
                 PAGE_HEIGHT - top_from_page_top - MARGIN_BOTTOM, id=frame_id,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _bookmark(key: str, canv) -> None:
    canv.bookmarkPage(key)


class CaseDocTemplate(BaseDocTemplate):
    def __init__(self, target, *, meta: DocumentMeta):
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title,
            author=meta.organisation["name"], subject=meta.subject, creator="Tuchtdossier",
            keywords=[meta.reference], lang="nl-BE", invariant=1, initialFontName=FONT,
            initialFontSize=10, displayDocTitle=1,
        )
        first_top = LETTER_BODY_TOP if meta.is_letter else LETTERHEAD_HEIGHT + 14 * mm
        self.addPageTemplates([
            PageTemplate(id="first", frames=[_frame(first_top, "first")],
                         onPage=partial(_first_page, meta=meta), autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[_frame(MARGIN_TOP, "later")],
                         onPage=partial(_later_page, meta=meta)),
            # A page left empty for an original issued document (the case file).
            PageTemplate(id="original", frames=[_frame(MARGIN_TOP, "original")]),
        ])

    def afterFlowable(self, flowable):
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            text = flowable.getPlainText()
            key = f"section-{len(self._bookmarks)}"
            # NumberedCanvas adds the pages to the PDF only at the end: a bookmark made now
            # would lead to the first page, so it is made on its page when that page is added.
            self.canv.after_layout(partial(_bookmark, key))
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self._bookmarks.append(key)
            self.notify("TOCEntry", (level, text, self.page))

    def handle_documentBegin(self):
        self._bookmarks = []
        self.canv.showOutline()
        super().handle_documentBegin()


def render_pdf(story: list, meta: DocumentMeta, *, structure: Structure | None = None) -> bytes:
    """The story laid out on the house style's pages, as a tagged PDF/A (archival.py); given a
    `structure`, the PDF is left as laid out, for the caller to add to it (the case file) and
    make it one."""
    if structure is not None:
        return _laid_out(story, meta, structure)
    structure = Structure()
    return archival(_laid_out(story, meta, structure), structure=structure)


def _laid_out(story: list, meta: DocumentMeta, structure: Structure) -> bytes:
    contents = next((f for f in story if isinstance(f, ContentsTable)), None)
    if contents is None:
        return _build(story, meta, structure)
    contents.expect([(flowable.toc_level, flowable.getPlainText()) for flowable in story
                     if getattr(flowable, "toc_level", None) is not None])
    pdf = _build(story, meta, structure, contents=contents)
    if contents.laid_out_as_expected():
        return pdf
    # A heading the story did not show before the layout (e.g. inside another flowable): the
    # passes of multiBuild find the contents' room and page numbers.
    contents.forget()
    return _build(story, meta, structure, multi=True)


def _build(story: list, meta: DocumentMeta, structure: Structure, *,
           contents: ContentsTable | None = None, multi: bool = False) -> bytes:
    buffer = io.BytesIO()
    doc = CaseDocTemplate(buffer, meta=meta)
    maker = partial(NumberedCanvas, meta=meta, structure=structure)
    if multi:
        doc.multiBuild(story, canvasmaker=maker)
    else:
        # build() itself does not look for indexing flowables; the contents hear of every
        # heading through the template's notify (afterFlowable).
        doc._indexingFlowables = [contents] if contents is not None else []
        # build() consumes the list it is given; a fallback lays out the same story again.
        doc.build(list(story), canvasmaker=maker)
    return buffer.getvalue()
