"""The limits of a preventive suspension and its end.

Its pay terms and whether it may go on beyond its maximum are rulebook data (SuspensionRule, per
regime). It ends when the case is closed or a sanction is decided (it is an ordemaatregel pending
the decision, art. 209 DLB) and lapses when its maximum duration passes (art. 209 DLB: it lapses
when its time limits are not respected). A closed case has no running deadline left except one
that lapsed (kept to show the lost right)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.deadlines import rule_due_date
from workflows.events import record_event
from workflows.legal_sources import source_in_language
from workflows.models import Case, CaseDeadline, DeadlineRule, PreventiveSuspension, SuspensionRule
from workflows.services.labels import EVENT_LABELS
from workflows.states import CaseState

ENDS_SUSPENSION = {CaseState.CLOSED, CaseState.SANCTION_DECIDED}
END_REASONS = {CaseState.CLOSED: PreventiveSuspension.EndReason.CASE_CLOSED,
               CaseState.SANCTION_DECIDED: PreventiveSuspension.EndReason.SANCTION_DECIDED}
TO_BE_CONFIRMED = _(" (to be confirmed by the legal service)")
NO_SUSPENSION_RULE = _(
    "The rulebook has no preventive suspension rule for %(regime)s on %(date)s.")
REDUCTION_NOT_ALLOWED = _(
    "A salary reduction is not allowed during a preventive suspension in this regime: the pay is "
    "kept (%(source)s%(flag)s).")
REDUCTION_NEEDS_CRIMINAL_PROCEEDINGS = _(
    "A salary reduction is only allowed while the facts are the subject of criminal proceedings "
    "(%(source)s%(flag)s): record the criminal proceedings first.")
REDUCTION_TOO_HIGH = _(
    "At most %(max)s%% of the net pay may be withheld during a preventive suspension "
    "(%(source)s%(flag)s).")
NOT_BEYOND_MAXIMUM = _(
    "A preventive suspension cannot be continued beyond its maximum: counted from the first "
    "suspension in this case (%(first)s), its last day is %(last)s at the latest (%(source)s).")

EXTENSION_TOO_LONG = _("During the criminal case a preventive suspension can be extended by at most "
                       "%(length)s at a time (%(source)s): its last day can be %(last)s at the "
                       "latest.")
EXTENSION_CODE = "preventive_suspension_extension"


def suspension_rule_for(case: Case, on: date) -> SuspensionRule:
    rule = SuspensionRule.objects.in_force(on, regime=case.regime)
    if rule is None:
        raise ValidationError(NO_SUSPENSION_RULE % {
            "regime": case.get_regime_display(), "date": on.strftime("%d/%m/%Y")})
    return rule


def cited(rule) -> dict:
    """The rule's source in the reader's language and its flag, for a refusal's message."""
    return {"source": source_in_language(rule.legal_source), "flag": TO_BE_CONFIRMED if rule.to_be_confirmed else ""}


def criminal_proceedings_run(case: Case, on: date | None = None) -> bool:
    """Criminal proceedings about the facts are known and not ended on `on` (today): what the
    rules on preventive suspension during a criminal case ask (art. 209 DLB; decree of 27 March
    1991, chapter IX)."""
    day = on or timezone.localdate()
    return any(proceeding.runs_on(day) for proceeding in case.criminal_proceedings.all())


def check_suspension_pay(*, case: Case, rule: SuspensionRule, percent: int) -> None:
    """The reduction of pay the rule allows: none, or up to its bound, on its condition."""
    if not percent:
        return
    if not rule.reduction_allowed:
        raise ValidationError({"salary_reduction_percent": REDUCTION_NOT_ALLOWED % cited(rule)})
    if rule.only_with_criminal_proceedings and not criminal_proceedings_run(case):
        raise ValidationError(
            {"salary_reduction_percent": REDUCTION_NEEDS_CRIMINAL_PROCEEDINGS % cited(rule)})
    if percent > rule.max_reduction_percent:
        raise ValidationError({"salary_reduction_percent": REDUCTION_TOO_HIGH % {
            "max": rule.max_reduction_percent, **cited(rule)}})


def last_suspended_day(maximum: DeadlineRule, starts_on: date) -> date:
    """The last day a suspension started on `starts_on` may run (inclusive): one year from
    1 September ends on 31 August."""
    return rule_due_date(maximum, starts_on) - timedelta(days=1)


def extension_rule(case: Case) -> DeadlineRule | None:
    """How far one extension during a criminal case may reach, if the regime allows any."""
    return DeadlineRule.objects.in_force(EXTENSION_CODE, case.regime, timezone.localdate())


def check_extension_length(*, rule: DeadlineRule, after: date, ends_on: date) -> None:
    """One extension runs at most the rule's length from `after`, the later of the suspension's
    current last day and the normal maximum."""
    limit = rule_due_date(rule, after)
    if ends_on > limit:
        raise ValidationError({"ends_on": EXTENSION_TOO_LONG % {
            "length": rule.length_label, "source": source_in_language(rule.legal_source),
            "last": limit.strftime("%d/%m/%Y")}})


def check_suspension_chain(*, case: Case, rule: SuspensionRule, maximum: DeadlineRule,
                           ends_on: date) -> None:
    """A new suspension continues the earlier ones: the maximum runs from the first start. Where
    the rule lets it go on while criminal proceedings run (education, decree of 27 March 1991),
    each new one reaches at most one extension beyond the chain's last day, as an extension of a
    running suspension does (workflows/defence/extension.py)."""
    chain = list(case.suspensions.order_by("starts_on"))
    if not chain:
        return
    last_allowed = last_suspended_day(maximum, chain[0].starts_on)
    if ends_on <= last_allowed:
        return
    extension = extension_rule(case) if rule.extendable_with_criminal_proceedings else None
    if extension is not None and criminal_proceedings_run(case):
        latest = max(suspension.ends_on for suspension in chain)
        check_extension_length(rule=extension, after=max(latest, last_allowed), ends_on=ends_on)
        return
    raise ValidationError({"ends_on": NOT_BEYOND_MAXIMUM % {
        "first": chain[0].starts_on.strftime("%d/%m/%Y"),
        "last": last_allowed.strftime("%d/%m/%Y"), "source": source_in_language(maximum.legal_source)}})


def _end(suspension: PreventiveSuspension, *, on: date, reason: str, actor,
         note: str = "") -> None:
    suspension.ended_on = on
    suspension.end_reason = reason
    suspension.save(update_fields=["ended_on", "end_reason"])
    kind = "suspension_lapsed" if reason == PreventiveSuspension.EndReason.LAPSED else (
        "suspension_ended")
    record_event(case=suspension.case, actor=actor, kind=kind, label=EVENT_LABELS[kind], note=note,
                 payload={"starts_on": suspension.starts_on, "ended_on": suspension.ended_on,
                          "end_reason": reason})


def suspensions_lapse(*, case: Case, on: date, actor) -> None:
    """Record the lapse of every suspension whose last day passed while the case ran on, with the
    consequence the rulebook attaches to it (art. 209 DLB)."""
    lapsed = case.suspensions.filter(ended_on__isnull=True, ends_on__lt=on).select_related("rule")
    for suspension in lapsed:
        rule = suspension.rule or suspension_rule_for(case, suspension.starts_on)
        _end(suspension, on=suspension.ends_on, reason=PreventiveSuspension.EndReason.LAPSED,
             actor=actor, note=rule.lapse_consequence_nl)


def suspensions_end(*, case: Case, on: date, actor) -> None:
    suspensions_lapse(case=case, on=on, actor=actor)
    ending = case.suspensions.filter(ended_on__isnull=True, ends_on__gt=on)
    for suspension in ending:
        _end(suspension, on=max(on, suspension.starts_on), reason=END_REASONS[case.state],
             actor=actor)
    case.deadlines.filter(code="preventive_suspension_max",
                          status=CaseDeadline.Status.RUNNING).update(
        status=CaseDeadline.Status.CANCELLED)


def case_wind_down(*, case: Case, on: date, actor) -> None:
    """Called after every step: end suspensions on a decision or closure; on closure cancel the
    deadlines that no longer matter."""
    if case.state in ENDS_SUSPENSION:
        suspensions_end(case=case, on=on, actor=actor)
    else:
        suspensions_lapse(case=case, on=on, actor=actor)
    if case.state == CaseState.CLOSED:
        for deadline in case.deadlines.filter(status=CaseDeadline.Status.RUNNING):
            if not deadline.is_lapsed:
                CaseDeadline.objects.filter(pk=deadline.pk).update(
                    status=CaseDeadline.Status.CANCELLED)
