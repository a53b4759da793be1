"""Page layout of every issued document: embedded fonts, letterhead, running header with the case
reference, "Pagina X van Y" footer, PDF metadata.

The fonts are embedded (DejaVu Sans, shipped in fonts/ with its licence): a PDF that refers to an
unembedded Helvetica shows other glyphs on other machines, and Helvetica lacks ĳ.
"""

import io
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 24 * mm
LETTERHEAD_HEIGHT = 30 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))
    # No oblique face is shipped: <i> falls back to the regular face instead of a Helvetica.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


register_fonts()


def _style(name: str, **kwargs) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 10, "leading": 14, "bulletFontName": FONT,
            "spaceAfter": 5}
    return ParagraphStyle(name, **{**base, **kwargs})


STYLES = {
    "p": _style("p"),
    "h1": _style("h1", fontName=FONT_BOLD, fontSize=15, leading=19, spaceBefore=4, spaceAfter=10),
    "h2": _style("h2", fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10,
                 spaceAfter=4, keepWithNext=1),
    "h3": _style("h3", fontName=FONT_BOLD, fontSize=10, leading=14, spaceBefore=6, spaceAfter=2,
                 keepWithNext=1),
    "small": _style("small", fontSize=8, leading=10.5, textColor=GREY),
    "right": _style("right", alignment=TA_RIGHT),
    "address": _style("address", leftIndent=90 * mm, spaceBefore=4, spaceAfter=14),
    "box": _style("box", borderWidth=0.6, borderColor=RULE, borderPadding=6,
                  backColor=colors.HexColor("#f3f3f3"), spaceBefore=8, spaceAfter=12),
    "li": _style("li", leftIndent=12, bulletIndent=2, spaceAfter=3),
    "cell": _style("cell", fontSize=9, leading=12, spaceAfter=0),
    "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=9, leading=12, spaceAfter=0),
    "sign": _style("sign", fontSize=9, leading=12, spaceAfter=0),
}


def table_of_contents() -> TableOfContents:
    toc = TableOfContents()
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

    @property
    def header_text(self) -> str:
        return self.header or f"Vertrouwelijk — dossier {self.reference}"


def organisation() -> dict:
    """settings.ORGANISATION with its optional keys filled in (see docs/documents.md)."""
    configured = getattr(settings, "ORGANISATION", {}) or {}
    return {
        "name": configured.get("name", ""),
        "address": configured.get("address", ""),
        "place": configured.get("place", ""),
        "logo": configured.get("logo", ""),
        "signatory": configured.get("signatory", ""),
        "contact": configured.get("contact", ""),
    }


class NumberedCanvas(canvas.Canvas):
    """Keeps every page until the end, then stamps "Pagina X van Y" once Y is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_states = []

    def showPage(self):
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, 12 * mm, f"Pagina {number} van {total}")
            super().showPage()
        super().save()


def _draw_running_header(canv, meta: DocumentMeta) -> None:
    canv.setFont(FONT, 8)
    canv.setFillColor(GREY)
    top = PAGE_HEIGHT - 13 * mm
    canv.drawString(MARGIN_LEFT, top, meta.organisation["name"])
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
    canv.drawString(MARGIN_LEFT, 12 * mm, meta.footer[:95])


def _draw_letterhead(canv, meta: DocumentMeta) -> None:
    org = meta.organisation
    text_left = MARGIN_LEFT
    logo = Path(org["logo"]) if org["logo"] else None
    if logo is not None and logo.is_file():
        size = 20 * mm
        canv.drawImage(str(logo), MARGIN_LEFT, PAGE_HEIGHT - 12 * mm - size, size, size,
                       preserveAspectRatio=True, anchor="nw", mask="auto")
        text_left += size + 5 * mm
    canv.setFillColor(colors.black)
    canv.setFont(FONT_BOLD, 13)
    canv.drawString(text_left, PAGE_HEIGHT - 18 * mm, org["name"])
    canv.setFont(FONT, 9)
    canv.drawString(text_left, PAGE_HEIGHT - 23 * mm, org["address"])
    if org["contact"]:
        canv.drawString(text_left, PAGE_HEIGHT - 27.5 * mm, org["contact"])
    canv.setFont(FONT, 8)
    canv.setFillColor(GREY)
    canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 18 * mm,
                         meta.header_text)


def _first_page(canv, doc, *, meta: DocumentMeta) -> None:
    canv.saveState()
    _draw_letterhead(canv, meta)
    _draw_footer(canv, meta)
    canv.restoreState()


def _later_page(canv, doc, *, meta: DocumentMeta) -> None:
    canv.saveState()
    _draw_running_header(canv, meta)
    _draw_footer(canv, meta)
    canv.restoreState()


class CaseDocTemplate(BaseDocTemplate):
    def __init__(self, target, *, meta: DocumentMeta):
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title,
            author=meta.organisation["name"], subject=meta.subject, creator="Tuchtdossier",
            keywords=[meta.reference], lang="nl-BE", invariant=1, initialFontName=FONT,
            initialFontSize=10, displayDocTitle=1,
        )
        body_height = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
        first = Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH,
                      body_height - (LETTERHEAD_HEIGHT - MARGIN_TOP + 6 * mm), id="first")
        later = Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, body_height, id="later")
        self.addPageTemplates([
            PageTemplate(id="first", frames=[first], onPage=partial(_first_page, meta=meta),
                         autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[later], onPage=partial(_later_page, meta=meta)),
        ])

    def afterFlowable(self, flowable):
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))


def render_pdf(story: list, meta: DocumentMeta) -> bytes:
    buffer = io.BytesIO()
    doc = CaseDocTemplate(buffer, meta=meta)
    if any(isinstance(flowable, TableOfContents) for flowable in story):
        doc.multiBuild(story, canvasmaker=NumberedCanvas)
    else:
        doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
