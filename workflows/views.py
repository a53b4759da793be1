"""Thin views: find the case the user may see (else 404), call one service, render or redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from core.forms import add_service_errors
from core.pagination import page_of
from workflows import selectors
from workflows.access import log_access, permissions_read_once, require_case_role
from workflows.events import CONTENT_SEALED
from workflows.case_actions import ACTIONS, ActionForms
from workflows.case_page import case_layout, decision_summary, error_summary
from workflows.defence.selectors import defence_page_data
from workflows.documents.selectors import kinds_user_may_issue
from workflows.exports import EXPORT_FORMATS
from workflows.filters import CaseFilterForm
from workflows.forms import BulkAssignForm, CorrectStartForm, OverrideForm
from workflows.integrity import chain_is_intact
from workflows.models import AccessLog, CaseDeadline
from workflows.services import assignment, errors
from workflows.services.assignment import co_handlers
from workflows.services.disciplinary import suspension_allowed
from workflows.services.cases import (
    available_steps,
    check_step,
    transition_custom,
)
from workflows.services.deadlines import (
    deadline_correct_start,
    deadline_proceed_late,
    deadline_sentence,
)
from workflows.states import STATE_HELP
from workflows.statistics.consistency import panel_for
from workflows.step_registry import STEPS, form_for, service_for

def visible_case(request, reference, find=selectors.case_for_user):
    case = find(request.user, reference)
    if case is None:
        raise Http404
    return case


@require_GET
def case_list(request):
    require_case_role(request.user)
    form = CaseFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "")
    cases = selectors.case_search(request.user, **filters, sort=sort)
    return render(request, "workflows/case_list.html",
                  {"form": form, "page": page_of(request, cases), "columns": sort_columns(sort),
                   "export_formats": EXPORT_FORMATS})


CASE_COLUMNS = [("reference", _lazy("Reference")), ("employee", _lazy("Employee")),
                ("department", _lazy("Department")), ("state", _lazy("State")),
                ("handler", _lazy("Handler")), ("deadline", _lazy("Next deadline"))]


# The deadlines list's columns; those without a key are not sortable (the days left follow the
# due date; a deadline's name reads differently in each language).
DEADLINE_COLUMNS = [("due", _lazy("Due on")), (None, _lazy("Days left")), ("case", _lazy("Case")),
                    (None, _lazy("Deadline")), ("handler", _lazy("Handler"))]


def sort_columns(sort: str, columns=CASE_COLUMNS) -> list[dict]:
    """Each column header: its label, the sort its link asks for (the reverse when it is the
    current one) and the aria-sort state announced to screen readers."""
    headers = []
    for key, label in columns:
        if key is None:
            headers.append({"label": label, "next": None, "aria": None})
            continue
        current = sort.lstrip("-") == key
        descending = current and sort.startswith("-")
        headers.append({
            "label": label, "next": key if descending or not current else f"-{key}",
            "aria": ("descending" if descending else "ascending") if current else "none",
        })
    return headers


@require_GET
def deadline_dashboard(request):
    # Everyone who works on cases sees the deadlines of the cases they may see (the selector).
    require_case_role(request.user)
    sort = request.GET.get("sort", "")
    page = page_of(request, selectors.running_deadlines(request.user, sort=sort))
    for deadline in page:
        deadline.sentence = deadline_sentence(deadline)
    return render(request, "workflows/deadlines.html", {
        "page": page, "columns": sort_columns(sort, DEADLINE_COLUMNS),
        "export_formats": EXPORT_FORMATS})


def step_form(name, case, data=None):
    """Several steps share field names: give each form its own ids so every label finds its field."""
    return form_for(name)(data, case=case, auto_id=f"id_{name}_%s")


def kept_input(form) -> list[tuple[str, str]]:
    """The text a person typed in `form`, to show again when their step was refused."""
    return [(str(form[name].label), str(form[name].value())) for name, field in form.fields.items()
            if not field.widget.is_hidden and isinstance(form[name].value(), str)
            and form[name].value().strip()]


def render_case(request, case, *, bound=None, status=200, error=None, kept=()):
    """The case page; `bound` is a (step name, form) pair to show again with its errors, `kept`
    the (label, text) pairs of a refused step's input (F6: nothing typed is lost)."""
    with permissions_read_once(request.user, [case]):
        return _render_case(request, case, bound=bound, status=status, error=error, kept=kept)


def _render_case(request, case, *, bound, status, error, kept):
    user = request.user
    data = selectors.case_page_data(case)
    step_forms = []
    for name in available_steps(case=case, user=user):
        form = bound[1] if bound and bound[0] == name else step_form(name, case)
        step_forms.append({"name": name, "label": transition_custom(name)["label"], "form": form,
                           "decision": transition_custom(name).get("decision", False)})
    for deadline in data["deadlines"]:
        deadline.sentence = deadline_sentence(deadline)
        deadline.late_form = _bound_or_new(bound, f"late-{deadline.pk}", OverrideForm)
        deadline.correction_form = _bound_or_new(bound, f"start-{deadline.pk}", CorrectStartForm)
    context = {
        "case": case, **data, "step_forms": step_forms, "error": error, "kept_input": kept,
        "error_summary": error_summary(bound),
        "state_help": STATE_HELP.get(case.state, ""),
        "may_handle": user.has_perm("workflows.handle_case", case),
        "may_assign": user.has_perm("workflows.assign_case"),
        "may_override": user.has_perm("workflows.override_deadline"),
        "may_review": user.has_perm("workflows.review_case", case),
        # The opinion form answers the reader's open requests; once answered it is not offered.
        "may_answer": user.has_perm("workflows.review_case", case) and any(
            r.reviewer_id == user.pk and not r.answered_at for r in data["review_requests"]),
        "may_decide": user.has_perm("workflows.decide_case", case),
        "may_suspend": suspension_allowed(case),
        "may_read_access_log": user.has_perm("workflows.view_access_log"),
        "chain_intact": (chain_is_intact(case, data["events"])
                         if user.has_perm("workflows.view_access_log") else None),
        "action_forms": ActionForms(case, bound),
        "co_handlers": co_handlers(case),
        "available_kinds": kinds_user_may_issue(user, case),
        "consistency": panel_for(case, user, data["provisions"]),
        **defence_page_data(case, user),
    }
    context.update(case_layout(context))
    return render(request, "workflows/case_detail.html", context, status=status)


def _bound_or_new(bound, key, form_class):
    if bound and bound[0] == key:
        return bound[1]
    return form_class(auto_id=f"id_{key}_%s")


@require_GET
def case_detail(request, reference):
    case = visible_case(request, reference, find=selectors.case_for_page)
    log_access(request=request, case=case, action=AccessLog.Action.VIEW_CASE, target=reference)
    return render_case(request, case)


def run_service(request, case, key, form, call):
    """Validate `form`, run `call(**cleaned_data)`, and answer as a person expects: back to the case
    with a message, the form again with its errors (400), or the reason a step is refused (4xx)."""
    if not form.is_valid():
        return render_case(request, case, bound=(key, form), status=400)
    last = case.events.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    try:
        call(**form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return render_case(request, case, bound=(key, form), status=400)
    except (errors.StepNotAllowed, PermissionDenied) as error:
        raise PermissionDenied(str(error)) from None
    except errors.WorkflowError as error:
        case.refresh_from_db()
        return render_case(request, case, status=error.status, error=error.message,
                           kept=kept_input(form))
    messages.success(request, saved_message(case, after=last))
    return redirect(case)


def saved_message(case, *, after: int) -> str:
    """Say what was recorded, by the label of the event the step or action wrote; "Saved." only
    says that something was."""
    event = (case.events.filter(sequence__gt=after).exclude(kind=CONTENT_SEALED)
             .order_by("sequence").first())
    if event is None:
        return _("Saved.")
    return _("Recorded: %(what)s.") % {"what": event.display_label}


@require_POST
def case_step(request, reference, transition):
    case = visible_case(request, reference)
    if transition not in STEPS:
        raise Http404
    try:
        check_step(case=case, user=request.user, name=transition)
    except errors.StepNotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except errors.WorkflowError as error:
        return render_case(request, case, status=error.status, error=error.message,
                           kept=kept_input(step_form(transition, case, request.POST)))
    form = step_form(transition, case, request.POST)
    if transition_custom(transition).get("decision") and "confirmed" not in request.POST:
        return confirm_decision(request, case, transition, form)
    service = service_for(transition)
    return run_service(request, case, transition, form,
                       lambda **data: service(case=case, user=request.user, **data))


def confirm_decision(request, case, transition, form):
    """A decision is recorded only after its summary (what is recorded, its legal consequences, the
    deadlines it starts) was read and confirmed; "change" goes back to the filled-in form."""
    if not form.is_valid() or "change" in request.POST:
        return render_case(request, case, bound=(transition, form),
                           status=200 if form.is_valid() else 400)
    return render(request, "workflows/decision_confirm.html",
                  decision_summary(case, transition, form))


@require_POST
def case_action(request, reference, action):
    case = visible_case(request, reference)
    if action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = form_class(request.POST, request.FILES, case=case, auto_id=f"id_{action}_%s")
    return run_service(request, case, action, form,
                       lambda **data: perform(case, request.user, data))


@require_POST
def deadline_proceed_late_view(request, reference, pk):
    case = visible_case(request, reference)
    deadline = get_object_or_404(CaseDeadline, pk=pk, case=case)
    form = OverrideForm(request.POST, auto_id=f"id_late-{pk}_%s")
    return run_service(request, case, f"late-{pk}", form, lambda **data: deadline_proceed_late(
        deadline=deadline, user=request.user, **data))


@require_POST
def deadline_correct_start_view(request, reference, pk):
    case = visible_case(request, reference)
    deadline = get_object_or_404(CaseDeadline, pk=pk, case=case)
    form = CorrectStartForm(request.POST, auto_id=f"id_start-{pk}_%s")
    return run_service(request, case, f"start-{pk}", form, lambda **data: deadline_correct_start(
        deadline=deadline, user=request.user, **data))


@require_GET
def case_access_log(request, reference):
    case = visible_case(request, reference)
    if not request.user.has_perm("workflows.view_access_log"):
        raise PermissionDenied(_("Only HR leads and legal can read the access log."))
    entries = case.access_log.select_related("user").order_by("-at")
    page = page_of(request, entries, per_page=50)
    return render(request, "workflows/access_log.html", {"case": case, "page": page})


@require_POST
def triage_assign(request):
    """Bulk assignment from the HR lead's triage queue; any refusal assigns nothing."""
    if not request.user.has_perm("workflows.assign_case"):
        raise PermissionDenied(assignment.ONLY_LEADS)
    form = BulkAssignForm(request.POST, queue=selectors.triage_queue(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose at least one case and a handler."))
        return redirect("home")
    try:
        assignment.cases_assign_handler(cases=form.cleaned_data["cases"],
                                        handler=form.cleaned_data["handler"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("home")
    messages.success(request, _("%(count)d cases assigned to %(name)s.") % {
        "count": len(form.cleaned_data["cases"]),
        "name": form.cleaned_data["handler"].get_full_name()})
    return redirect("home")
