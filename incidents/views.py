"""The manager's side: write a report, add evidence, submit it, follow it, add addenda."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors
from core.pagination import page_of
from incidents import selectors
from incidents.forms import MAX_FILES, AddendumForm, IncidentForm, PeopleFormSet
from incidents.models import PROVISION_REQUIRED, REQUIRED_TO_SUBMIT, Incident, ReportLocked
from incidents.services import (
    addendum_add,
    draft_upload_keep,
    evidence_add_draft_upload,
    evidence_add_file,
    evidence_add_url,
    incident_delete_draft,
    incident_save_draft,
    incident_submit,
)
from workflows.access import log_access
from workflows.models import AccessLog
from workflows.states import plain_status

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def own_report(request, pk) -> Incident:
    return get_object_or_404(selectors.reports_of(request.user), pk=pk)


@require_GET
@permission_required("incidents.add_incident", raise_exception=True)
def my_reports(request):
    query = request.GET.get("q", "").strip()[:100]
    reports = selectors.reports_matching(request.user, query).select_related("case").order_by(
        "-created_at", "-pk")
    page = page_of(request, reports)
    rows = [(r, plain_status(r.case.state) if hasattr(r, "case") else _("Draft")) for r in page]
    return render(request, "incidents/my_reports.html",
                  {"rows": rows, "page": page, "query": query})


def _people(formset) -> list[dict]:
    """The people typed in, without the formset's own id and report fields."""
    fields = ("name", "role", "details")
    return [{name: form.cleaned_data[name] for name in fields}
            for form in formset.forms if form.cleaned_data.get("name")]


def _save_report(request, form, people, incident=None):
    """Save the draft first so nothing typed is lost; then attach evidence, file by file."""
    try:
        incident = incident_save_draft(
            reporter=request.user, fields=form.report_fields(),
            provisions=list(form.cleaned_data["provisions"]), people=_people(people),
            incident=incident,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None, False
    refused = []
    for uploaded in form.cleaned_data["files"]:
        try:
            evidence_add_file(incident=incident, uploaded=uploaded, user=request.user)
        except ValidationError as error:
            refused.extend(error.messages)
    for draft in form.cleaned_data["kept_uploads"]:
        try:
            evidence_add_draft_upload(incident=incident, draft=draft, user=request.user)
        except ValidationError as error:
            refused.extend(error.messages)
    for url in form.cleaned_data["evidence_urls"]:
        try:
            evidence_add_url(incident=incident, url=url, captured_at=timezone.now(),
                             user=request.user)
        except ValidationError as error:
            refused.extend(error.messages)
    for message in refused:
        messages.error(request, message)
    return incident, not refused


@require_http_methods(["GET", "POST"])
@permission_required("incidents.add_incident", raise_exception=True)
def report_create(request, incident=None):
    # "Save as draft" keeps whatever is filled in; only submitting needs every required field.
    draft = request.method == "POST" and "submit" not in request.POST
    form = IncidentForm(request.POST or None, request.FILES or None, instance=incident,
                        owner=request.user, draft=draft)
    people = PeopleFormSet(request.POST or None, instance=incident or Incident(), prefix="people")
    kept = []
    if request.method == "POST" and form.is_valid() and people.is_valid():
        saved, files_ok = _save_report(request, form, people, incident)
        if saved is not None:
            if "submit" in request.POST and files_ok:
                return _submit(request, saved)
            if not files_ok:
                messages.warning(request, _("The report was saved as a draft. Add the refused "
                                            "files again, or submit without them."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect("incidents:report_edit", pk=saved.pk)
    if request.method == "POST":
        kept = _keep_chosen_files(request, form)
    status = 400 if request.method == "POST" else 200
    return render(request, "incidents/report_form.html", {
        "form": form, "people": people, "incident": incident, "kept_uploads": kept,
    }, status=status)


def _keep_chosen_files(request, form) -> list:
    """The form came back with errors: keep the files chosen so far (a browser forgets them), so
    the reporter does not have to choose them again."""
    kept = list(getattr(form, "cleaned_data", {}).get("kept_uploads") or [])
    chosen = request.FILES.getlist("files")
    if len(chosen) > MAX_FILES:
        return kept  # refused as a whole by the form, with its message
    for uploaded in chosen:
        try:
            kept.append(draft_upload_keep(user=request.user, uploaded=uploaded))
        except ValidationError as error:
            form.add_error("files", error.messages)
    return kept


@require_http_methods(["GET", "POST"])
@permission_required("incidents.add_incident", raise_exception=True)
def report_edit(request, pk):
    incident = own_report(request, pk)
    if incident.is_submitted:
        if request.method == "POST":
            raise PermissionDenied(_("A submitted report cannot be changed; add an addendum instead."))
        return redirect("incidents:report_detail", pk=pk)
    return report_create(request, incident=incident)


def _submit(request, incident):
    try:
        incident_submit(incident=incident, user=request.user)
    except ValidationError as error:
        messages.error(request, _incomplete_message(error))
        return redirect("incidents:report_edit", pk=incident.pk)
    except ReportLocked as error:
        messages.error(request, str(error))
        return redirect("incidents:report_detail", pk=incident.pk)
    messages.success(request, _("Your report was submitted. HR has been notified."))
    return redirect("incidents:report_detail", pk=incident.pk)


def _incomplete_message(error: ValidationError) -> str:
    """Name the fields still to fill in, then any other reason, as the reporter reads them."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    empty = {str(REQUIRED_TO_SUBMIT), str(PROVISION_REQUIRED)}
    missing, reasons = [], []
    for name, errors in error.message_dict.items():
        if set(errors) <= empty and name != "__all__":
            missing.append(str(Incident._meta.get_field(name).verbose_name))
        else:
            reasons.extend(errors)
    if missing:
        reasons.insert(0, _("The report was not submitted: fill in %(fields)s first.") % {
            "fields": ", ".join(missing)})
    return " ".join(reasons)


@require_POST
@permission_required("incidents.add_incident", raise_exception=True)
def report_delete(request, pk):
    incident = own_report(request, pk)
    try:
        incident_delete_draft(incident=incident, user=request.user)
    except ReportLocked as error:
        messages.error(request, str(error))
        return redirect("incidents:report_detail", pk=pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("incidents:my_reports")


@require_POST
@permission_required("incidents.add_incident", raise_exception=True)
def report_submit(request, pk):
    return _submit(request, own_report(request, pk))


@require_GET
def report_detail(request, pk):
    return _detail(request, own_report(request, pk), AddendumForm())


def _detail(request, incident, addendum_form, status: int = 200):
    case = getattr(incident, "case", None)
    return render(request, "incidents/report_detail.html", {
        "incident": incident, "case": case,
        "status": plain_status(case.state) if case else _("Draft"),
        "provisions": incident.provisions.select_related("code_version"),
        "people": incident.people.all(),
        "evidence": incident.evidence.select_related("added_by", "addendum"),
        "addenda": incident.addenda.select_related("author"),
        "addendum_form": addendum_form,
    }, status=status)


@require_POST
def addendum_create(request, pk):
    incident = own_report(request, pk)
    form = AddendumForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                addendum_add(incident=incident, user=request.user, text=form.cleaned_data["text"],
                             files=form.cleaned_data["files"], urls=form.cleaned_data["evidence_urls"])
        except ValidationError as error:
            add_service_errors(form, error)
        except ReportLocked as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your addendum was added to the report."))
            return redirect("incidents:report_detail", pk=pk)
    case = getattr(incident, "case", None)
    if case is not None and not case.is_closed:
        # F4: the form comes back with what was typed and the reason next to it (a browser never
        # keeps chosen files, so the message asks to choose them again).
        return _detail(request, incident, form, status=400)
    for error in form.non_field_errors() + [e for f in form for e in f.errors]:
        messages.error(request, error)
    return redirect("incidents:report_detail", pk=pk)


@require_GET
def evidence_download(request, pk, evidence_pk):
    evidence = selectors.evidence_visible_to(request.user, incident_pk=pk, evidence_pk=evidence_pk)
    if evidence is None or not evidence.file:
        raise Http404
    case = getattr(evidence.incident, "case", None)
    if case is not None:
        log_access(request=request, case=case, action=AccessLog.Action.DOWNLOAD_EVIDENCE,
                   target=f"{evidence.original_name} ({evidence.sha256[:12]})")
    inline = request.GET.get("inline") == "1" and evidence.content_type in INLINE_TYPES
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type,
                            as_attachment=not inline, filename=evidence.original_name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
