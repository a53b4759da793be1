"""Confirming and correcting rulebook entries (the legal service and the HR lead).

Both write a new version of the rule, never the old row: a case keeps the version its deadline was
computed with, a decision the competence rule it was checked against. Each act is logged in
RuleChange, independent of any case.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from workflows.defence.models import HoldBasis
from workflows.models import (
    CompetenceRule,
    DeadlineRule,
    NotificationRule,
    Remedy,
    RuleChange,
    SanctionRule,
    SuspensionRule,
)

CONFIRM_PERMISSION = "workflows.confirm_rule"
NOT_ALLOWED = _("Only the legal service or an HR lead can confirm or correct a rule.")
REASON_REQUIRED = _("Say why: the legal source that confirms or corrects the rule.")
NOT_FLAGGED = _(
    "This rule is not flagged “to be confirmed”; correct it instead if it is wrong."
)
NOT_LATEST = _("A newer version of this rule exists: confirm or correct that one.")
NOTHING_CHANGED = _("Nothing was changed: confirm the rule instead of correcting it.")

# kind -> (model, the fields that identify one rule across its versions, the fields a correction
# may change)
RULE_KINDS = {
    "deadline": (DeadlineRule, ("code", "regime"), ("length", "unit", "legal_source")),
    "sanction": (SanctionRule, ("regime", "sanction"), ("in_catalogue", "effect_nl",
                                                       "legal_source")),
    "competence": (CompetenceRule, ("regime", "decision", "grade"),
                   ("body_kind", "delegable", "legal_source")),
    "suspension": (SuspensionRule, ("regime",),
                   ("reduction_allowed", "max_reduction_percent", "only_with_criminal_proceedings",
                    "extendable_with_criminal_proceedings", "legal_source")),
    "hold_basis": (HoldBasis, ("code", "regime"), ("text_nl", "text_en", "legal_source")),
    # What a decision letter says about the appeal (Bestuursdecreet art. II.4): a flagged remedy
    # keeps the letter from being marked as sent until the legal service confirms it here.
    "remedy": (Remedy, ("decision", "regime"),
               ("body_nl", "postal_address", "form_nl", "time_limit_nl", "legal_source")),
    # The forms in which a decision must be notified (its receipt proven): any other is refused.
    "notification": (NotificationRule, ("subject", "regime"), ("methods", "legal_source")),
}


def rule_kind_of(rule) -> str:
    return next(kind for kind, (model, *_rest) in RULE_KINDS.items() if isinstance(rule, model))


def is_flagged(rule) -> bool:
    """The rule, or the effect a sanction entry gives the letter, is still to be confirmed."""
    return rule.to_be_confirmed or getattr(rule, "effect_to_be_confirmed", False)


def _versions(rule):
    model, key, _fields = RULE_KINDS[rule_kind_of(rule)]
    return model.objects.filter(**{name: getattr(rule, name) for name in key})


def _check(rule, user, reason: str) -> None:
    if not user.has_perm(CONFIRM_PERMISSION):
        raise PermissionDenied(NOT_ALLOWED)
    if not (reason or "").strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if _versions(rule).filter(version__gt=rule.version).exists():
        raise ValidationError(NOT_LATEST)


def _new_version(rule, user, reason: str, effective_from: date | None, **changes):
    versions = _versions(rule)
    new = type(rule).objects.get(pk=rule.pk)
    new.pk = None
    new._state.adding = True
    new.version = versions.aggregate(Max("version"))["version__max"] + 1
    new.effective_from = effective_from or rule.effective_from
    new.to_be_confirmed = False
    if hasattr(new, "effect_to_be_confirmed"):
        new.effect_to_be_confirmed = False
    new.change_reason = reason
    new.created_by = user
    for name, value in changes.items():
        setattr(new, name, value)
    new.full_clean()
    new.save()
    return new


def _log(rule, new, user, action: str, reason: str) -> None:
    RuleChange.objects.create(rule_kind=rule_kind_of(rule), rule_id=rule.pk, new_rule_id=new.pk,
                              rule_label=str(rule)[:300], action=action, reason=reason,
                              actor=user)


@transaction.atomic
def rule_confirm(*, rule, user, reason: str):
    """The legal service confirms a flagged rule: a new version, identical but not flagged."""
    _check(rule, user, reason)
    if not is_flagged(rule):
        raise ValidationError(NOT_FLAGGED)
    new = _new_version(rule, user, reason, None)
    _log(rule, new, user, RuleChange.Action.CONFIRMED, reason)
    return new


@transaction.atomic
def rule_correct(*, rule, user, reason: str, effective_from: date | None = None, **changes):
    """A corrected rule: a new version with the changed values, in force from `effective_from`
    (by default the date the corrected rule was in force from)."""
    _check(rule, user, reason)
    allowed = RULE_KINDS[rule_kind_of(rule)][2]
    changes = {name: value for name, value in changes.items() if name in allowed}
    if all(getattr(rule, name) == value for name, value in changes.items()) and (
            effective_from in (None, rule.effective_from)):
        raise ValidationError(NOTHING_CHANGED)
    new = _new_version(rule, user, reason, effective_from, **changes)
    _log(rule, new, user, RuleChange.Action.CORRECTED, reason)
    return new
