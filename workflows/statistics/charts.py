"""Bar charts drawn on the server as SVG coordinates (no script, no inline style: CSP). The
template draws them; the same figures stand in a table beside each chart."""

from dataclasses import dataclass

from workflows.statistics.tables import ALL, Table

WIDTH = 600
BAR_SPACE = 480
ROW_HEIGHT = 38
LABEL_CHARS = 70


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    display: str
    shown: bool
    width: float
    y: int

    @property
    def bar_y(self) -> int:
        return self.y + 8

    @property
    def value_x(self) -> float:
        return self.width + 6


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    width: int = WIDTH


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(table: Table, column: str = ALL, *, subtotals_only: bool = False,
              items_only: bool = False) -> Chart:
    """One bar per row; a hidden figure gets no bar, only its "< 5"."""
    cells = table.column(column, subtotals_only=subtotals_only)
    if items_only:
        cells = [(row, figure) for row, figure in cells if not row.subtotal]
    largest = max((f.value for _r, f in cells if f.shown), default=0) or 1
    bars = []
    for index, (row, figure) in enumerate(cells):
        width = BAR_SPACE * figure.value / largest if figure.shown else 0
        bars.append(Bar(row.label, shorten(row.label), figure.display, figure.shown,
                        round(width, 1), index * ROW_HEIGHT + 14))
    return Chart(bars, len(bars) * ROW_HEIGHT + 8)
