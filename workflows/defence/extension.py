"""Extending a preventive suspension beyond its normal maximum while criminal proceedings about the
same facts run.

Decree of 27 March 1991 (subsidised education staff, chapter IX): a preventive suspension lasts at
most one year (rulebook `preventive_suspension_max`), extendable during a criminal case
(docs/legal-sources.md, verified). How long each extension may run is the rulebook's
`preventive_suspension_extension` (flagged: to be confirmed). A regime without that entry allows no
extension beyond its maximum (art. 209 DLB: six months, lapsing when its limits are not respected).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.events import record_event
from workflows.legal_sources import source_in_language
from workflows.models import Case, CaseDeadline, PreventiveSuspension
from workflows.services.common import require_reason
from workflows.services.deadlines import rule_for
from workflows.services.labels import EVENT_LABELS
from workflows.services.suspensions import (
    check_extension_length,
    criminal_proceedings_run,
    extension_rule,
    last_suspended_day,
)

EXTENSION_NOT_ALLOWED = _("Only the deciding authority can extend a preventive suspension.")
EXTENSION_NOT_RUNNING = _("Only a preventive suspension that still runs can be extended: impose a "
                          "new one.")
EXTENSION_NOT_LONGER = _("The new last day must come after the current one (%(last)s).")
EXTENSION_NO_RULE = _("A preventive suspension lasts at most %(max)s (%(source)s): the rulebook "
                      "allows no extension beyond it in this regime.")
EXTENSION_NEEDS_CRIMINAL_CASE = _(
    "A preventive suspension can run beyond its maximum of %(max)s only while criminal proceedings "
    "about the facts run (%(source)s): record them on the case first.")


def running_suspension(case: Case, suspensions=None) -> PreventiveSuspension | None:
    """The preventive suspension that runs today, if any (from `suspensions` when given)."""
    today = timezone.localdate()
    rows = case.suspensions.all() if suspensions is None else suspensions
    return next((s for s in rows if s.ended_on is None and s.is_active_on(today)), None)


def normal_last_day(case: Case, suspension: PreventiveSuspension) -> date:
    """The maximum runs from the case's first suspension: a later one continues it (art. 209 DLB),
    as check_suspension_chain holds when it is imposed."""
    first = case.suspensions.order_by("starts_on").values_list("starts_on", flat=True).first()
    first = min(first or suspension.starts_on, suspension.starts_on)
    rule = rule_for(case=case, code="preventive_suspension_max", on=first)
    return last_suspended_day(rule, first)


def check_extension(*, case: Case, suspension: PreventiveSuspension, ends_on: date):
    """Raise the error the authority should see; return the extension rule applied (None within
    the normal maximum)."""
    if ends_on <= suspension.ends_on:
        raise ValidationError({"ends_on": EXTENSION_NOT_LONGER % {
            "last": suspension.ends_on.strftime("%d/%m/%Y")}})
    normal_last = normal_last_day(case, suspension)
    if ends_on <= normal_last:
        return None
    maximum = rule_for(case=case, code="preventive_suspension_max", on=suspension.starts_on)
    rule = extension_rule(case)
    if rule is None:
        raise ValidationError({"ends_on": EXTENSION_NO_RULE % {
            "max": maximum.length_label, "source": source_in_language(maximum.legal_source)}})
    if not criminal_proceedings_run(case):
        raise ValidationError(EXTENSION_NEEDS_CRIMINAL_CASE % {
            "max": maximum.length_label, "source": source_in_language(rule.legal_source)})
    check_extension_length(rule=rule, after=max(suspension.ends_on, normal_last), ends_on=ends_on)
    return rule


@transaction.atomic
def preventive_suspension_extend(*, case: Case, user, ends_on: date,
                                 reason: str) -> PreventiveSuspension:
    if not user.has_perm("workflows.decide_case", case):
        raise PermissionDenied(EXTENSION_NOT_ALLOWED)
    require_reason(reason)
    suspension = None if case.is_closed else running_suspension(case)
    if suspension is None:
        raise ValidationError(EXTENSION_NOT_RUNNING)
    rule = check_extension(case=case, suspension=suspension, ends_on=ends_on)
    previous = suspension.ends_on
    PreventiveSuspension.objects.filter(pk=suspension.pk).update(ends_on=ends_on)
    case.deadlines.filter(code="preventive_suspension_max",
                          status=CaseDeadline.Status.RUNNING).update(due_date=ends_on)
    record_event(case=case, actor=user, kind="suspension_extended",
                 label=EVENT_LABELS["suspension_extended"], note=reason, payload={
                     "starts_on": suspension.starts_on, "previous_ends_on": previous,
                     "ends_on": ends_on, "rule": rule.pk if rule else None,
                     "rule_version": rule.version if rule else None,
                     "to_be_confirmed": rule.to_be_confirmed if rule else None})
    suspension.refresh_from_db()
    return suspension
