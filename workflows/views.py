from django.http import Http404


def _pending(request, *args, **kwargs):
    raise Http404


case_list = deadline_dashboard = case_detail = case_step = _pending
