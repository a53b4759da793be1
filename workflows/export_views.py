"""The case list and the deadlines dashboard as CSV or Excel: the same selectors as the pages,
so an export holds exactly the rows its user may see; every export is logged."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.templatetags.people import who
from workflows import selectors
from workflows.access import log_access, require_case_role
from workflows.exports import EXPORT_FORMATS, tabular_response
from workflows.filters import CaseFilterForm
from workflows.models import AccessLog
from workflows.services.deadlines import deadline_sentence


def case_rows(cases) -> tuple[list, list[list]]:
    header = [_("Reference"), _("Employee"), _("Department"), _("State"), _("Track"),
              _("HR handler"), _("Opened on"), _("Next deadline")]
    rows = []
    for case in cases:
        deadlines = [d for d in case.running_deadlines if not d.is_on_hold]
        rows.append([
            case.reference, case.incident.employee.full_name,
            case.incident.employee.department.name, case.get_state_display(),
            case.get_track_display(), who(case.handler, ""), timezone.localdate(case.opened_at),
            deadlines[0].due_date if deadlines else None,
        ])
    return header, rows


def deadline_rows(deadlines) -> tuple[list, list[list]]:
    header = [_("Due on"), _("Reference"), _("Employee"), _("Deadline"), _("Legal source"),
              _("HR handler")]
    return header, [[d.due_date, d.case.reference, d.case.incident.employee.full_name,
                     deadline_sentence(d) + on_hold_note(d), d.rule.legal_source,
                     who(d.case.handler, "")]
                    for d in deadlines]


def on_hold_note(deadline) -> str:
    if not deadline.is_on_hold:
        return ""
    return " " + _("On hold since %(date)s pending the criminal case: the due date moves by the "
                   "days on hold when the procedure resumes.") % {
        "date": deadline.on_hold_since.strftime("%d/%m/%Y")}


@require_GET
def case_list_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    require_case_role(request.user)
    form = CaseFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    header, rows = case_rows(selectors.case_search(request.user, **filters))
    log_access(request=request, case=None, action=AccessLog.Action.EXPORT,
               target=f"case list ({fmt}, {len(rows)} rows)")
    return tabular_response(f"dossiers-{timezone.localdate():%Y-%m-%d}", fmt, header, rows)


@require_GET
def deadlines_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    require_case_role(request.user)
    deadlines = selectors.running_deadlines(request.user, sort=request.GET.get("sort", ""))
    header, rows = deadline_rows(deadlines)
    log_access(request=request, case=None, action=AccessLog.Action.EXPORT,
               target=f"deadlines ({fmt}, {len(rows)} rows)")
    return tabular_response(f"termijnen-{timezone.localdate():%Y-%m-%d}", fmt, header, rows)
