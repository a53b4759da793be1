"""A case's documents: list and issue, download (logged), mark as sent, supersede.

A case the user cannot see answers 404, as if it did not exist; an action on a visible case that
the user may not take answers 403 with the reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.stored_files import stored_file_response
from workflows.access import log_access
from workflows.documents import services
from workflows.documents.forms import SentForm, SignedCopyForm, SupersedeForm
from workflows.documents.models import IssuedDocument
from workflows.documents.selectors import (
    documents_of_case,
    issue_right,
    kinds_user_may_issue,
    user_may_issue,
)
from workflows.models import AccessLog, NotificationMethod
from workflows.selectors import case_for_user


def _visible_case(request, reference: str):
    case = case_for_user(request.user, reference)
    if case is None:
        raise Http404
    return case


def _document(case, pk: int) -> IssuedDocument:
    return get_object_or_404(IssuedDocument.objects.select_related("case"), case=case, pk=pk)


def _report(request, error: ValidationError, section: str = "") -> None:
    for message in error.messages:
        messages.error(request, message, extra_tags=section)


@require_GET
def document_list(request, reference: str):
    case = _visible_case(request, reference)
    documents = list(documents_of_case(case).select_related("approved_by")
                     .prefetch_related("signed_copies"))
    may_issue = issue_right(request.user, case)
    for document in documents:
        document.may_manage = may_issue(document.kind)
    return render(request, "documents/list.html", {
        "case": case,
        "documents": documents,
        "available_kinds": kinds_user_may_issue(request.user, case),
        "sent_methods": NotificationMethod.choices,
        "may_review": request.user.has_perm("workflows.review_case", case),
    })


@require_POST
def document_issue(request, reference: str, kind: str):
    case = _visible_case(request, reference)
    if kind not in IssuedDocument.Kind.values:
        raise Http404
    from_case_page = request.POST.get("back") == "case"
    # Back on the case page the result is shown in its Documents section (templates/_messages.html).
    section = "documents" if from_case_page else ""
    try:
        document = services.document_issue(case=case, kind=kind, user=request.user,
                                           delivery=request.POST.get("delivery", ""))
    except ValidationError as error:
        _report(request, error, section)
    else:
        messages.success(request, _("%(title)s issued as version %(version)s.") % {
            "title": document.get_kind_display(), "version": document.version},
            extra_tags=section)
    return _back(case, from_case_page)


def _back(case, from_case_page: bool):
    """Issued from the case page: back to its Documents section, where the new version is
    listed; from the documents page: back there."""
    if from_case_page:
        return redirect(f"{case.get_absolute_url()}#documents")
    return redirect("documents:list", reference=case.reference)


@require_GET
def document_download(request, reference: str, pk: int):
    case = _visible_case(request, reference)
    document = _document(case, pk)
    log_access(request=request, case=case, action=AccessLog.Action.DOWNLOAD_DOCUMENT,
               target=f"{document.kind} v{document.version} ({document.sha256})")
    response = stored_file_response(document.file, as_attachment=True,
                            filename=document.download_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _managed_document(request, reference: str, pk: int) -> IssuedDocument:
    case = _visible_case(request, reference)
    document = _document(case, pk)
    if not user_may_issue(request.user, case, document.kind):
        raise PermissionDenied(services.NOT_ALLOWED)
    return document


def _form_errors(form) -> ValidationError:
    return ValidationError([message for errors in form.errors.values() for message in errors])


@require_POST
def document_mark_sent(request, reference: str, pk: int):
    document = _managed_document(request, reference, pk)
    form = SentForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.document_mark_sent(document=document, user=request.user,
                                    sent_on=form.cleaned_data["sent_on"],
                                    method=form.cleaned_data["method"])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The document is marked as sent."))
    return redirect("documents:list", reference=reference)


@require_POST
def document_supersede(request, reference: str, pk: int):
    document = _managed_document(request, reference, pk)
    form = SupersedeForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        services.document_supersede(document=document, user=request.user,
                                    reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The document is superseded; you can issue a new version."))
    return redirect("documents:list", reference=reference)


@require_POST
def document_signed_copy(request, reference: str, pk: int):
    document = _managed_document(request, reference, pk)
    form = SignedCopyForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        copy = services.document_signed_copy_add(document=document, user=request.user,
                                                 uploaded=form.cleaned_data["file"])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The signed copy is kept; signed by: %(signers)s.") % {
            "signers": ", ".join(s["signer"] for s in copy.signatures)})
    return redirect("documents:list", reference=reference)


@require_POST
def document_approve(request, reference: str, pk: int):
    case = _visible_case(request, reference)
    document = _document(case, pk)
    try:
        services.document_approve(document=document, user=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The document is marked as legally approved."))
    return redirect(case)
