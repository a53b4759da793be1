from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.roles import DECIDING_AUTHORITY, HR, HR_LEADS, LEGAL, REPORTING_MANAGERS, user_roles
from workflows import selectors as case_selectors
from workflows.diagram import track_diagrams
from workflows.forms import BulkAssignForm


# Each list of the home page shows its first rows and links to the whole list.
HOME_ROWS = 10


@require_GET
def home(request):
    """Send each role to the page it works from; a user with several roles sees the links."""
    names = user_roles(request.user)
    context = {"roles": names}
    if REPORTING_MANAGERS in names:
        context["my_reports"] = case_selectors.reports_of_reporter(request.user)[:HOME_ROWS]
    if names & {HR, HR_LEADS}:
        queue = case_selectors.triage_queue(request.user)
        context["triage_queue"] = queue[:HOME_ROWS]
        if request.user.has_perm("workflows.assign_case"):
            # The cases listed, not the whole queue: a large organisation's queue holds thousands.
            shown = [case.pk for case in context["triage_queue"]]
            context["bulk_assign"] = BulkAssignForm(queue=queue.filter(pk__in=shown))
        context["my_cases"] = case_selectors.cases_handled_by(request.user)[:HOME_ROWS]
        context["deadlines"] = case_selectors.urgent_deadlines(request.user)[:HOME_ROWS]
    if LEGAL in names:
        context["review_queue"] = case_selectors.review_queue(request.user)[:HOME_ROWS]
    if DECIDING_AUTHORITY in names:
        context["awaiting_decision"] = case_selectors.awaiting_decision(request.user)[:HOME_ROWS]
    return render(request, "core/home.html", context)


@require_GET
def help_page(request):
    return render(request, "core/help.html", {"diagrams": track_diagrams()})


@login_not_required
def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"message": message}, status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)
