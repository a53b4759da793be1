"""Thin views: the subject-access export (confirm, then download) and the legal hold button."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from incidents.models import Employee
from workflows.retention.export import EXPORT_NOT_ALLOWED, EXPORT_PERMISSION, subject_access_export
from workflows.retention.forms import LegalHoldForm
from workflows.retention.selectors import export_scope
from workflows.retention.services import HOLD_REASON_REQUIRED, case_set_legal_hold
from workflows.selectors import case_for_user
from workflows.views import kept_input, render_case


def _zip_response(data: bytes, employee: Employee) -> HttpResponse:
    name = get_valid_filename(f"inzage-{employee.personnel_number}-{timezone.localdate():%Y%m%d}")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.zip")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def subject_access_export_view(request, personnel_number: str):
    # The right is checked first, so that no one without it learns which personnel numbers exist.
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied(EXPORT_NOT_ALLOWED)
    employee = get_object_or_404(Employee, personnel_number=personnel_number)
    if request.method == "POST":
        data = subject_access_export(employee=employee, user=request.user, request=request)
        return _zip_response(data, employee)
    return render(request, "retention/export_confirm.html", {
        "employee": employee, "scope": export_scope(user=request.user, employee=employee),
    })


@require_POST
def case_legal_hold_view(request, reference: str):
    case = case_for_user(request.user, reference)
    if case is None:
        raise Http404
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, HOLD_REASON_REQUIRED)
        return redirect(case)
    try:
        case_set_legal_hold(case=case, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        # F7: refused (e.g. someone else placed the hold meanwhile): the case page again, with the
        # reason that was typed, so that it is not lost.
        case.refresh_from_db()
        return render_case(request, case, status=409, error=" ".join(error.messages),
                           kept=kept_input(form))
    messages.success(request, _("Legal hold placed.") if case.legal_hold
                     else _("Legal hold lifted."))
    return redirect(case)
