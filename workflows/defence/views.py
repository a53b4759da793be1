"""Downloading a case attachment: only for someone who may see the case, and always logged."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from core.stored_files import stored_file_response
from workflows.access import log_access
from workflows.defence.models import CaseAttachment
from workflows.models import AccessLog
from workflows.views import visible_case


@require_GET
def attachment_download(request, reference, pk):
    case = visible_case(request, reference)
    attachment = get_object_or_404(CaseAttachment, pk=pk, case=case)
    if not attachment.file:
        raise Http404
    log_access(request=request, case=case, action=AccessLog.Action.DOWNLOAD_EVIDENCE,
               target=f"{attachment.get_kind_display()}: {attachment.original_name} "
                      f"({attachment.sha256[:12]})")
    response = stored_file_response(attachment.file, content_type=attachment.content_type,
                            as_attachment=True, filename=attachment.original_name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
