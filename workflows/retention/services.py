"""Writes: retention periods, the purge of expired cases, and the legal hold that stops it."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.events import record_event
from workflows.models import Case
from workflows.retention.models import RetentionLog, RetentionPolicy
from workflows.retention.purge import case_files, delete_files, purge_case_rows
from workflows.retention.selectors import (
    RetentionDecision,
    Verdict,
    retention_decision,
    retention_decisions,
)

CHANGE_POLICY_PERMISSION = "retention.change_retentionpolicy"
ADD_POLICY_PERMISSION = "retention.add_retentionpolicy"
LEGAL_HOLD_PERMISSION = "retention.set_legal_hold"

POLICY_NOT_ALLOWED = _("Only an HR lead can change the retention periods.")
HOLD_NOT_ALLOWED = _("Only an HR lead or a legal reviewer can put a case on legal hold or lift it.")
HOLD_REASON_REQUIRED = _("Give the reason for placing or lifting the legal hold.")
HOLD_ALREADY_ON = _("This case is already on legal hold.")
HOLD_ALREADY_OFF = _("This case is not on legal hold.")
HOLD_PLACED = _("Legal hold placed")
HOLD_LIFTED = _("Legal hold lifted")
NOT_PURGEABLE = _("Case %(reference)s cannot be purged today: %(verdict)s.")


class CaseNotPurgeable(Exception):
    pass


@transaction.atomic
def retention_policy_save(*, policy: RetentionPolicy, user) -> RetentionPolicy:
    """Save a period as changed in the admin, recording who changed it."""
    permission = ADD_POLICY_PERMISSION if policy._state.adding else CHANGE_POLICY_PERMISSION
    if not user.has_perm(permission):
        raise PermissionDenied(POLICY_NOT_ALLOWED)
    policy.updated_by = user
    policy.updated_at = timezone.now()
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def case_purge(*, case: Case, today: date, ran_by: str,
               run: uuid.UUID | None = None) -> RetentionLog:
    """Delete a closed case whose retention period has ended, with its report, history and files,
    and leave a log entry without personal data. The files go only once the deletion commits."""
    case = Case.objects.select_for_update().select_related("incident").get(pk=case.pk)
    policy = RetentionPolicy.objects.filter(outcome=case.outcome).first()
    decision = retention_decision(case=case, policy=policy, today=today)
    if not case.is_closed or decision.verdict != Verdict.PURGE:
        raise CaseNotPurgeable(NOT_PURGEABLE % {"reference": case.reference,
                                                "verdict": decision.verdict})
    files = case_files(case)
    removed = purge_case_rows(case)
    removed["files"] = len(files)
    log = RetentionLog(
        run=run or uuid.uuid4(), reference=case.reference, outcome=case.outcome,
        closed_at=case.closed_at, period_years=policy.years, period_months=policy.months,
        legal_source=policy.legal_source, period_to_be_confirmed=policy.to_be_confirmed,
        ran_by=ran_by, removed=removed,
    )
    log.full_clean()
    log.save()
    transaction.on_commit(lambda: delete_files(files))
    return log


@dataclass
class RetentionRun:
    today: date
    dry_run: bool
    decisions: list[RetentionDecision]
    logs: list[RetentionLog] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)

    def with_verdict(self, verdict: str) -> list[RetentionDecision]:
        return [d for d in self.decisions if d.verdict == verdict]


def retention_apply(*, today: date, ran_by: str, dry_run: bool = False) -> RetentionRun:
    """Purge every closed case whose period has ended and that is not on legal hold.

    Each case is purged in its own transaction: a case that something else still protects (a new
    kind of record pointing at it) is reported and left whole, and the others are still purged.
    """
    result = RetentionRun(today=today, dry_run=dry_run,
                          decisions=retention_decisions(today=today))
    if dry_run:
        return result
    run = uuid.uuid4()
    for decision in result.with_verdict(Verdict.PURGE):
        try:
            result.logs.append(case_purge(case=decision.case, today=today, ran_by=ran_by, run=run))
        except (CaseNotPurgeable, ProtectedError, RestrictedError) as error:
            # Django's ProtectedError carries its readable message as the first argument.
            result.failures[decision.case.reference] = str(error.args[0] if error.args else error)
    return result


@transaction.atomic
def case_set_legal_hold(*, case: Case, user, on: bool, reason: str) -> Case:
    """Place or lift a legal hold: while it is on, the case is never purged (a dispute, an
    investigation or a court case still needs the file)."""
    if not user.has_perm(LEGAL_HOLD_PERMISSION):
        raise PermissionDenied(HOLD_NOT_ALLOWED)
    if not reason.strip():
        raise ValidationError({"reason": HOLD_REASON_REQUIRED})
    current = Case.objects.select_for_update().values_list("legal_hold", flat=True).get(pk=case.pk)
    if current == on:
        raise ValidationError(HOLD_ALREADY_ON if on else HOLD_ALREADY_OFF)
    Case.objects.filter(pk=case.pk).update(legal_hold=on)
    case.legal_hold = on
    record_event(case=case, actor=user, kind="legal_hold",
                 label=str(HOLD_PLACED if on else HOLD_LIFTED), note=reason,
                 payload={"legal_hold": on})
    return case
