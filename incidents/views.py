from django.http import Http404


def _pending(request, *args, **kwargs):
    raise Http404


my_reports = report_create = report_detail = report_edit = report_submit = _pending
addendum_create = evidence_download = _pending
