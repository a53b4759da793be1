"""The annual report for the council: the year's protected figures, charts and the trend against
the year before, as a PDF in the house style of the case documents (workflows/documents/)."""

from dataclasses import replace

from django.template.loader import render_to_string
from django.utils import timezone, translation
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import KeepTogether

from incidents.models import EmployingEntity
from workflows.documents.markup import flowables
from workflows.documents.pdf import (
    FONT,
    FRAME_WIDTH,
    GREY,
    DocumentMeta,
    organisation,
    render_pdf,
)
from workflows.statistics.charts import ROW_HEIGHT, WIDTH, Chart, bar_chart
from workflows.statistics.figures import YearStatistics
from workflows.statistics.snapshots import year_statistics
from workflows.statistics.tables import ALL

LANGUAGE = "nl-be"
BAR = colors.HexColor("#2f5f8f")
BARS_PER_DRAWING = 20
CHART_TABLES = ("months", "provisions", "platforms", "accounts", "departments", "appeals")


def chart_drawings(chart: Chart) -> list[Drawing]:
    """The chart in pieces of at most BARS_PER_DRAWING bars: a drawing cannot break across pages."""
    pieces = [chart.bars[i:i + BARS_PER_DRAWING]
              for i in range(0, len(chart.bars), BARS_PER_DRAWING)]
    return [chart_drawing(Chart([replace(bar, y=bar.y - piece[0].y + 14) for bar in piece],
                                piece[-1].y - piece[0].y + ROW_HEIGHT + 8))
            for piece in pieces]


def chart_drawing(chart: Chart) -> Drawing:
    """The page's SVG chart, scaled to the text width (the y axis of a PDF points up)."""
    scale = FRAME_WIDTH / WIDTH
    height = chart.height * scale
    drawing = Drawing(FRAME_WIDTH, height)
    # Without it the drawing sets Helvetica on the canvas, an unembedded font.
    drawing.initialFontName, drawing.initialFontSize = FONT, 7.5
    for bar in chart.bars:
        top = height - bar.y * scale
        drawing.add(String(0, top, bar.short_label, fontName=FONT, fontSize=7.5))
        bar_top = height - bar.bar_y * scale
        if bar.shown and bar.width:
            drawing.add(Rect(0, bar_top - 12 * scale, bar.width * scale, 12 * scale,
                             fillColor=BAR, strokeColor=None))
        drawing.add(String(bar.value_x * scale, bar_top - 10 * scale, bar.display,
                           fontName=FONT, fontSize=7.5, fillColor=colors.black if bar.shown
                           else GREY))
    return drawing


def entity_label(column: str) -> str:
    return "alle entiteiten" if column == ALL else str(EmployingEntity(column).label)


def annual_report_pdf(year: int, column: str = ALL) -> bytes:
    with translation.override(LANGUAGE):
        stats = year_statistics(year)
        previous = year_statistics(year - 1)
        story = flowables(render_to_string("documents/pdf/annual_report.html", {
            "year": year, "entity": entity_label(column), "org": organisation(),
            "stats": stats, "minimum": stats.minimum, "column": column,
            "cases_total": stats.cases.figure("cases", column),
            "trend": trend(stats, previous, column),
            "today": timezone.localdate(), "held_back": stats.held_back(column),
        }))
        for key in CHART_TABLES:
            table = stats.tables[key]
            heading = flowables(render_to_string("documents/pdf/_statistics_heading.html",
                                                 {"table": table}))
            drawings = chart_drawings(bar_chart(table, column))
            # A heading never ends a page without its chart.
            story.extend([KeepTogether([*heading, *drawings[:1]]), *drawings[1:]])
        story.extend(flowables(render_to_string("documents/pdf/annual_report_closing.html", {
            "stats": stats, "column": column, "minimum": stats.minimum,
            "outcomes": stats.tables["outcomes"].column(column),
            "durations": stats.durations(column), "deadline_shares": stats.deadline_shares(column),
        })))
        title, entity = f"Jaarverslag tuchtdossiers {year}", entity_label(column)
        meta = DocumentMeta(title=title, reference=str(year), subject=f"{title} — {entity}",
                            footer=f"{title} · {entity}", organisation=organisation(),
                            header=f"Jaarverslag {year} — kleine aantallen afgeschermd")
    return render_pdf(story, meta)


def trend(stats: YearStatistics, previous: YearStatistics, column: str) -> list[dict]:
    """Per procedure: this year against the year before, each year protected on its own."""
    now = stats.tables["outcomes"].column(column, subtotals_only=True)
    before = dict((row.key, figure) for row, figure in
                  previous.tables["outcomes"].column(column, subtotals_only=True))
    rows = [{"label": str(stats.cases.title), "now": stats.cases.figure("cases", column),
             "before": previous.cases.figure("cases", column)}]
    rows.extend({"label": row.label, "now": figure, "before": before[row.key]}
                for row, figure in now)
    return rows
