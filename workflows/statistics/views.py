"""The statistics page, its exports and the annual report (permission `view_statistics`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from workflows.access import log_access
from workflows.exports import EXPORT_FORMATS, tabular_response
from workflows.models import AccessLog
from workflows.statistics import selectors
from workflows.statistics.charts import bar_chart
from workflows.statistics.snapshots import year_statistics
from workflows.statistics.forms import StatisticsFilterForm
from workflows.statistics.report import annual_report_pdf
from workflows.statistics.rows import statistics_rows

NOT_ALLOWED = _("The statistics are for HR leads and management.")


def chosen_view(request) -> tuple[StatisticsFilterForm, int, str]:
    if not request.user.has_perm("workflows.view_statistics"):
        raise PermissionDenied(str(NOT_ALLOWED))
    years = selectors.statistics_years() or [timezone.localdate().year]
    form = StatisticsFilterForm(request.GET or None, years=years)
    year, column = form.view(years[0])
    return form, year, column


@require_GET
def statistics_page(request):
    form, year, column = chosen_view(request)
    stats = year_statistics(year)
    tables = stats.tables
    charts = [
        (tables["months"], bar_chart(tables["months"], column)),
        (tables["provisions"], bar_chart(tables["provisions"], column)),
        (tables["platforms"], bar_chart(tables["platforms"], column)),
        (tables["accounts"], bar_chart(tables["accounts"], column)),
        (tables["departments"], bar_chart(tables["departments"], column)),
    ]
    return render(request, "statistics/page.html", {
        "form": form, "year": year, "column": column, "stats": stats,
        "cases_total": stats.cases.figure("cases", column), "charts": charts,
        "outcomes": tables["outcomes"].column(column),
        "tracks_chart": bar_chart(tables["outcomes"], column, subtotals_only=True),
        "appeals": tables["appeals"], "appeals_chart": bar_chart(tables["appeals"], column),
        "durations": stats.durations(column), "deadline_shares": stats.deadline_shares(column),
        "minimum": stats.minimum, "formats": EXPORT_FORMATS,
        "held_back": stats.held_back(column),
    })


@require_GET
def statistics_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, year, column = chosen_view(request)
    header, rows = statistics_rows(year_statistics(year), column)
    log_access(request=request, case=None, action=AccessLog.Action.EXPORT,
               target=f"statistics {year} {column} ({fmt})")
    return tabular_response(f"statistieken-{year}-{column}", fmt, header, rows)


@require_GET
def annual_report(request):
    _form, year, column = chosen_view(request)
    pdf = annual_report_pdf(year, column)
    log_access(request=request, case=None, action=AccessLog.Action.EXPORT,
               target=f"annual report {year} {column} (PDF)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jaarverslag-{year}-{column}.pdf"'
    return response
