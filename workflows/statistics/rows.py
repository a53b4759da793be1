"""The statistics of one view as rows for an export: only what the page shows."""

from django.utils.translation import gettext as _

from workflows.statistics.figures import YearStatistics


def statistics_rows(stats: YearStatistics, column: str) -> tuple[list, list[list]]:
    header = [_("Table"), _("Category"), _("Number")]
    rows = [[stats.cases.title, stats.cases.title, stats.cases.figure("cases", column).display]]
    for table in stats.tables.values():
        for row, figure in table.column(column):
            rows.append([table.title, row.label, _cell(figure)])
        total = table.total(column)
        if total is not None:
            rows.append([table.title, table.total_label, _cell(total)])
    for line in stats.durations(column):
        for key, label in (("to_decision", _("days from report to decision")),
                           ("to_dismissal", _("days from knowledge to dismissal"))):
            spread = line[key]
            if spread is None:
                continue
            rows.append([f"{line['label']}: {label}", _("number of cases"), spread.count_display])
            if spread.shown:
                for name, name_label in (("q1", _("first quartile")), ("median", _("median")),
                                         ("q3", _("third quartile"))):
                    rows.append([f"{line['label']}: {label}", name_label, getattr(spread, name)])
    return header, rows


def _cell(figure):
    """A published number stays a number; a hidden one is exported as the page shows it."""
    return figure.value if figure.shown else figure.display
