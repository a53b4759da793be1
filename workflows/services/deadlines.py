"""Starting, recomputing and closing a case's legal deadlines, and the HR lead's two overrides.

A deadline's status is never set: `CaseDeadline.state` computes it from the dates. The only
overrides are two explicit, logged acts of the HR lead with a written justification:
- correct the starting date (a wrong date was entered): recompute; the first dates are kept;
- proceed although late: the step may be taken, and stays recorded as late with its consequence.
A rule that lapses (e.g. the 60 days to decide on prosecution) admits neither.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.dates_nl import long_date
from workflows.deadlines import rule_due_date
from workflows.event_notes import deadline_note
from workflows.events import record_event
from workflows.legal_sources import source_in_language
from workflows.models import Case, CaseDeadline, DeadlineRule
from workflows.services.labels import EVENT_LABELS

NO_RULE = gettext_lazy(
    "No rule in the rulebook for “%(code)s” (%(regime)s) on %(date)s. Ask the legal service to add it."
)
OVERRIDE_NOT_ALLOWED = gettext_lazy("Only an HR lead can record a deadline override.")
JUSTIFICATION_REQUIRED = gettext_lazy("Write why the step may still be taken after the deadline.")
CORRECTION_JUSTIFICATION_REQUIRED = gettext_lazy("Write why the starting date was wrong.")
NOT_OVERDUE = gettext_lazy("This deadline has not passed; no override is needed.")
LAPSE_FINAL = gettext_lazy(
    "This time limit has lapsed and the law attaches the loss of the right to it (%(source)s): "
    "no override is possible."
)
NOT_RUNNING = gettext_lazy("Only the starting date of a deadline that still runs can be corrected.")
SAME_START = gettext_lazy("This is already the starting date.")


def rule_for(*, case: Case, code: str, on: date) -> DeadlineRule:
    rule = DeadlineRule.objects.in_force(code, case.regime, on)
    if rule is None:
        raise ValidationError(NO_RULE % {
            "code": code, "regime": case.get_regime_display(), "date": on.strftime("%d/%m/%Y")
        })
    return rule


def deadline_start(*, case: Case, code: str, start: date, actor) -> CaseDeadline:
    """Start the deadline `code` from `start`; if it already runs from another date, recompute it
    (e.g. when the hearing gave certain knowledge of the facts)."""
    rule = rule_for(case=case, code=code, on=start)
    due = rule_due_date(rule, start)
    deadline = case.deadlines.filter(code=code, status=CaseDeadline.Status.RUNNING).first()
    if deadline is not None and deadline.start_date == start:
        return deadline
    payload = {"code": code, "rule": rule.pk, "rule_version": rule.version, "due": due}
    if deadline is None:
        kind = "deadline_started"
        deadline = CaseDeadline.objects.create(
            case=case, code=code, rule=rule, start_date=start, due_date=due)
    else:
        kind = "deadline_recomputed"
        payload["previous_due"] = deadline.due_date
        CaseDeadline.objects.filter(pk=deadline.pk).update(rule=rule, start_date=start, due_date=due)
        deadline.refresh_from_db()
    # The sentence is written out when the event is shown, in the reader's language.
    record_event(case=case, actor=actor, kind=kind, label=EVENT_LABELS[kind],
                 payload=payload | deadline_note(deadline))
    return deadline


def deadline_close(*, case: Case, code: str, on: date, met: bool = True) -> None:
    """Record that the step was taken on `on` (in time or late: `state` tells) or, with
    met=False, that the deadline no longer applies."""
    status = CaseDeadline.Status.TAKEN if met else CaseDeadline.Status.CANCELLED
    case.deadlines.filter(code=code, status=CaseDeadline.Status.RUNNING).update(
        status=status, met_on=on if met else None
    )


def _require_hr_lead(user, justification: str, message) -> None:
    if not user.has_perm("workflows.override_deadline"):
        raise PermissionDenied(OVERRIDE_NOT_ALLOWED)
    if not (justification or "").strip():
        raise ValidationError({"justification": message})


@transaction.atomic
def deadline_proceed_late(*, deadline: CaseDeadline, user, justification: str) -> CaseDeadline:
    """Let the step be taken after its due date; it stays "late" on the case and in documents."""
    _require_hr_lead(user, justification, JUSTIFICATION_REQUIRED)
    if deadline.rule.lapses:
        raise ValidationError(LAPSE_FINAL % {"source": source_in_language(deadline.rule.legal_source)})
    if not deadline.is_overdue:
        raise ValidationError(NOT_OVERDUE)
    CaseDeadline.objects.filter(pk=deadline.pk).update(
        overridden_by=user, override_reason=justification, overridden_at=timezone.now()
    )
    deadline.refresh_from_db()
    record_event(case=deadline.case, actor=user, kind="deadline_proceed_late",
                 label=EVENT_LABELS["deadline_proceed_late"], note=justification,
                 payload={"code": deadline.code, "due": deadline.due_date})
    return deadline


@transaction.atomic
def deadline_correct_start(*, deadline: CaseDeadline, user, start: date,
                           justification: str) -> CaseDeadline:
    """A wrong starting date was entered: recompute from `start`, keeping the first dates."""
    _require_hr_lead(user, justification, CORRECTION_JUSTIFICATION_REQUIRED)
    if not deadline.is_running:
        raise ValidationError(NOT_RUNNING)
    if deadline.is_lapsed:
        # Recomputing a lapsed time limit from another date would revive the lost right.
        raise ValidationError(LAPSE_FINAL % {"source": source_in_language(deadline.rule.legal_source)})
    if start == deadline.start_date:
        raise ValidationError({"start": SAME_START})
    if start > timezone.localdate():
        raise ValidationError({"start": _("This date cannot be in the future.")})
    return deadline_move_start(deadline=deadline, user=user, start=start,
                               justification=justification)


def deadline_move_start(*, deadline: CaseDeadline, user, start: date, justification: str) -> CaseDeadline:
    rule = rule_for(case=deadline.case, code=deadline.code, on=start)
    previous_start, previous_due = deadline.start_date, deadline.due_date
    CaseDeadline.objects.filter(pk=deadline.pk).update(
        rule=rule, start_date=start, due_date=rule_due_date(rule, start),
        original_start_date=deadline.original_start_date or previous_start,
        original_due_date=deadline.original_due_date or previous_due,
        start_corrected_by=user, start_correction_reason=justification,
        start_corrected_at=timezone.now(),
    )
    deadline.refresh_from_db()
    record_event(case=deadline.case, actor=user, kind="deadline_start_corrected",
                 label=EVENT_LABELS["deadline_start_corrected"],
                 note=justification,
                 payload={"code": deadline.code, "previous_start": previous_start,
                          "previous_due": previous_due, "start": start,
                          "due": deadline.due_date} | deadline_note(deadline))
    return deadline


def deadline_sentence(deadline: CaseDeadline) -> str:
    """E.g. 'Ontslag om dringende reden uiterlijk op dinsdag 29 december 2026 (3 werkdagen na
    kennisname op 24/12/2026 — art. 35 al. 3 Arbeidsovereenkomstenwet 3 juli 1978)'."""
    rule = deadline.rule
    limit = rule_due_date(rule, deadline.start_date)
    if deadline.due_date < limit:
        # A term decided shorter than the law's limit (a preventive suspension ending before its
        # maximum): the sentence must not claim the date is the limit itself.
        template = _("%(name)s on %(due)s (as decided; the limit is %(length)s after "
                     "%(start_event)s on %(start)s — %(source)s)")
    elif deadline.due_date > limit:
        # A term extended beyond that limit (a preventive suspension extended while criminal
        # proceedings run, workflows/defence/extension.py): nor is the later date that limit.
        template = _("%(name)s on %(due)s (extended beyond the limit of %(length)s after "
                     "%(start_event)s on %(start)s — %(source)s)")
    else:
        template = _(
            "%(name)s by %(due)s (%(length)s after %(start_event)s on %(start)s — %(source)s)")
    return template % {
        "name": rule.name,
        "due": long_date(deadline.due_date),
        "length": rule.length_label,
        "start_event": rule.starts_with,
        "start": deadline.start_date.strftime("%d/%m/%Y"),
        "source": source_in_language(rule.legal_source),
    }
