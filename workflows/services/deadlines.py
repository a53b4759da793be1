"""Starting, recomputing, meeting and overriding a case's legal deadlines."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.dates_nl import long_date
from workflows.deadlines import due_date
from workflows.events import record_event
from workflows.models import Case, CaseDeadline, DeadlineRule
from workflows.services.labels import EVENT_LABELS

NO_RULE = gettext_lazy(
    "No rule in the rulebook for “%(code)s” (%(regime)s) on %(date)s. Ask the legal service to add it."
)
OVERRIDE_NOT_ALLOWED = gettext_lazy("Only an HR lead can record a deadline override.")
JUSTIFICATION_REQUIRED = gettext_lazy("Write why the step may still be taken after the deadline.")
NOT_OVERDUE = gettext_lazy("This deadline has not passed; no override is needed.")


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
    due = due_date(start=start, length=rule.length, unit=rule.unit)
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
    record_event(case=case, actor=actor, kind=kind, label=EVENT_LABELS[kind],
                 note=deadline_sentence(deadline), payload=payload)
    return deadline


def deadline_close(*, case: Case, code: str, on: date, met: bool = True) -> None:
    """Mark a running deadline as met (the step was taken) or as no longer applicable."""
    status = CaseDeadline.Status.MET if met else CaseDeadline.Status.CANCELLED
    case.deadlines.filter(code=code, status=CaseDeadline.Status.RUNNING).update(
        status=status, met_on=on if met else None
    )


@transaction.atomic
def deadline_override(*, deadline: CaseDeadline, user, justification: str) -> CaseDeadline:
    if not user.has_perm("workflows.override_deadline"):
        raise PermissionDenied(OVERRIDE_NOT_ALLOWED)
    if not justification.strip():
        raise ValidationError({"justification": JUSTIFICATION_REQUIRED})
    if not deadline.is_overdue:
        raise ValidationError(NOT_OVERDUE)
    now = timezone.now()
    CaseDeadline.objects.filter(pk=deadline.pk).update(
        overridden_by=user, override_reason=justification, overridden_at=now
    )
    deadline.refresh_from_db()
    record_event(case=deadline.case, actor=user, kind="deadline_overridden",
                 label=EVENT_LABELS["deadline_overridden"], note=justification,
                 payload={"code": deadline.code, "due": deadline.due_date})
    return deadline


def deadline_sentence(deadline: CaseDeadline) -> str:
    """E.g. 'Ontslag om dringende reden uiterlijk op dinsdag 29 december 2026 (3 werkdagen na
    kennisname op 24/12/2026 — art. 35 al. 3 Arbeidsovereenkomstenwet 3 juli 1978)'."""
    rule = deadline.rule
    return _(
        "%(name)s by %(due)s (%(length)s after %(start_event)s on %(start)s — %(source)s)"
    ) % {
        "name": rule.name,
        "due": long_date(deadline.due_date),
        "length": rule.length_label,
        "start_event": rule.starts_with,
        "start": deadline.start_date.strftime("%d/%m/%Y"),
        "source": rule.legal_source,
    }
