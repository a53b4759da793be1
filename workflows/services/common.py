"""Checks and records shared by the step services of every track."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models import Case, Decision, Notification, NotificationRule
from workflows.services.suspensions import cited

REASON_REQUIRED = _("A written reason is required for this step.")
DATE_IN_FUTURE = _("This date cannot be in the future.")
NO_NOTIFICATION_RULE = _(
    "The rulebook holds no rule on how to notify this in this regime: have the legal service add "
    "it before the notification is recorded."
)


def require_reason(text: str) -> None:
    if not (text or "").strip():
        raise ValidationError({"reason": REASON_REQUIRED})


def not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: DATE_IN_FUTURE})


def decision_check(*, case: Case, user, body, decision: str):
    """The checks every decision shares: a written reason comes first in the form, then the body
    must be competent (rulebook). Returns the competence rule applied."""
    from workflows.competence import check_competence

    return check_competence(case=case, body=body, decision=decision, on=timezone.localdate())


def record_decision(c: Case, user, *, kind: str, reasons: str, body, rule, **extra) -> Decision:
    """The decision names its body (a reference) and keeps the body's name as it was written."""
    authority = body.name[:1].upper() + body.name[1:]
    return Decision.objects.create(case=c, kind=kind, reasons=reasons, authority=authority,
                                   body=body, competence_rule=rule, decided_by=user, **extra)


def record_notification(c: Case, *, subject: str, method: str, sent_on: date,
                        received_on: date | None = None) -> Notification:
    return Notification.objects.create(case=c, subject=subject, method=method, sent_on=sent_on,
                                       received_on=received_on)


def check_notification_form(*, case: Case, subject: str, method: str, on: date, field: str,
                            refused) -> None:
    """The form of a notification must be one the rulebook's notification rule for `subject`
    in force on `on` lists (flagged or not); `refused` says why, with the rule's methods,
    source and flag."""
    rule = NotificationRule.objects.in_force(on, subject=subject, regime=case.regime)
    if rule is None:
        raise ValidationError({field: NO_NOTIFICATION_RULE})
    if method not in rule.method_list:
        raise ValidationError({field: refused % {"methods": rule.method_labels(), **cited(rule)}})
