"""Opening cases and running their transitions. Each call checks the right, applies the step,
saves, and appends the case event in one transaction."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from incidents.models import Incident
from workflows.events import record_event, seal_pending
from workflows.models import Case, CaseEvent
from workflows.notifications import notify_step
from workflows.services import errors
from workflows.services.suspensions import case_wind_down
from workflows.statistics.consistency import comparison_release_advance
from workflows.states import CaseState


def transition_meta(name: str):
    method = getattr(Case, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise errors.WorkflowError(errors.NOT_A_STEP)
    return meta


def transition_permission(name: str) -> str:
    return next(iter(transition_meta(name).transitions.values())).permission


def transition_custom(name: str) -> dict:
    return next(iter(transition_meta(name).transitions.values())).custom


def user_may(user, case: Case, name: str) -> bool:
    permission = transition_permission(name)
    return user.has_perm(permission, case) or user.has_perm(permission)


def check_step(*, case: Case, user, name: str) -> None:
    """Raise the error a user should see if `name` cannot be run now; return quietly otherwise."""
    meta = transition_meta(name)
    if not user_may(user, case, name):
        raise errors.StepNotAllowed(errors.NOT_ALLOWED)
    if is_on_hold(case):
        raise errors.WorkflowError(errors.ON_HOLD)
    transition = meta.get_transition(case.state)
    if transition is None:
        raise errors.WorkflowError(errors.WRONG_STATE % {"state": case.get_state_display()})
    for condition in transition.conditions:
        if not condition(case):
            raise errors.WorkflowError(condition.message)


def is_on_hold(case: Case) -> bool:
    """Waiting for a criminal case (workflows.defence): no step until the procedure resumes."""
    # Read through `all()`: on the case page the holds are already fetched (prefetch_case_page).
    return any(hold.ends_on is None for hold in case.holds.all())


def forget_page_reads(case: Case) -> None:
    """A step decides on the rows in the database, never on rows a page fetched onto the same case
    earlier in the request (prefetch_case_page): its conditions read `case.<relation>.all()`.
    Which relations held rows (the `page_has_<n>` flags) is forgotten too, so that a page drawn
    again after the step asks anew."""
    getattr(case, "_prefetched_objects_cache", {}).clear()
    for name in [name for name in vars(case) if name.startswith("page_has_")]:
        delattr(case, name)


def available_steps(*, case: Case, user) -> list[str]:
    if is_on_hold(case):
        return []
    return [
        t.name
        for t in case.get_available_state_transitions()
        if user_may(user, case, t.name)
    ]


@transaction.atomic
def case_open(*, incident: Incident, actor) -> Case:
    """Open the case of a submitted report (state "reported") for HR's triage."""
    case = Case(
        incident=incident,
        legal_status=incident.employee.status_on(incident.facts_date) or "",
    )
    case.save()
    case.reference = f"TD-{case.opened_at:%Y}-{case.pk:04d}"
    Case.objects.filter(pk=case.pk).update(reference=case.reference)
    case.provisions.set(incident.provisions.all())
    record_event(case=case, actor=actor, kind="opened", label=_label("opened"),
                 to_state=CaseState.REPORTED)
    return case


def _label(kind: str) -> str:
    from workflows.services.labels import EVENT_LABELS

    return str(EVENT_LABELS.get(kind, kind))


def case_run_step(
    *,
    case: Case,
    user,
    name: str,
    note: str = "",
    arguments: dict | None = None,
    payload: dict | None = None,
    then: Callable[[Case], object] | None = None,
) -> Case:
    """Run transition `name`, record its event, then let `then` record what the step produced
    (a hearing, a decision, the deadlines it starts). Everything commits together or not at all."""
    forget_page_reads(case)
    check_step(case=case, user=user, name=name)
    from_state = case.state
    try:
        with transaction.atomic():
            getattr(case, name)(**(arguments or {}))
            if case.state == CaseState.CLOSED:
                case.closed_at = timezone.now()
            case.save()
            record_event(
                case=case, actor=user, kind=name, label=str(transition_custom(name)["label"]),
                from_state=from_state, to_state=case.state, note=note, payload=payload or {},
            )
            if then is not None:
                then(case)
            if case.state == CaseState.CLOSED:
                # After `then`: a decision it records is part of how the case ended.
                comparison_release_advance(case=case)
            case_wind_down(case=case, on=timezone.localdate(), actor=user)
            # What `then` wrote after the step's event is sealed by an event of its own.
            seal_pending(case=case, actor=user)
            notify_step(case, from_state)
    except ConcurrentTransition:
        raise errors.CaseChangedMeanwhile(errors.CHANGED_BY % {"user": _last_actor(case)}) from None
    return case


def _last_actor(case: Case) -> str:
    last = CaseEvent.objects.filter(case=case).select_related("actor").order_by("-sequence").first()
    if last is None or last.actor is None:
        return "?"
    return last.actor.get_full_name() or last.actor.get_username()
