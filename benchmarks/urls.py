"""The application's URLs plus the benchmark's floors: bare views running the ideal indexed query
for a page of 25 and its bounded count, with no visibility rule, form or template around it. A
page's time divided by its floor's says what the application adds to the query it cannot avoid."""

from django.http import HttpResponse
from django.urls import include, path

from core.pagination import COUNT_BOUND
from incidents.models import Incident
from workflows.models import Case, CaseDeadline


def _answer(rows, count) -> HttpResponse:
    return HttpResponse(f"{count}\n" + "\n".join(str(row) for row in rows),
                        content_type="text/plain")


def floor_cases(request):
    cases = Case.objects.filter(restricted=False).order_by("-opened_at")
    rows = [(c.reference, c.incident.employee.last_name, c.state)
            for c in cases.select_related("incident__employee")[:25]]
    return _answer(rows, cases[: COUNT_BOUND + 1].count())


def floor_deadlines(request):
    running = CaseDeadline.objects.filter(status=CaseDeadline.Status.RUNNING).order_by("due_date")
    rows = [(d.due_date, d.case.reference) for d in running.select_related("case")[:25]]
    return _answer(rows, running[: COUNT_BOUND + 1].count())


def floor_reports(request):
    reports = Incident.objects.filter(reporter=request.user).order_by("-created_at")
    rows = [(r.pk, r.employee.last_name) for r in reports.select_related("employee")[:25]]
    return _answer(rows, reports[: COUNT_BOUND + 1].count())


urlpatterns = [
    path("bench-floor/cases/", floor_cases),
    path("bench-floor/deadlines/", floor_deadlines),
    path("bench-floor/reports/", floor_reports),
    path("", include("config.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
