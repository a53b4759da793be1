"""What must hold before a document is issued or marked as sent (L9). Each check returns the
messages of what is wrong; the services refuse with all of them at once, so the user sees every
problem and nothing typed is lost."""

from datetime import date, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.templatetags.dates_nl import long_date_nl
from workflows.deadlines import due_date, is_working_day
from workflows.documents.models import Delivery, IssuedDocument
from workflows.documents.sender import UNSIGNED
from workflows.models import Case, DeadlineRule, NotificationMethod

Kind = IssuedDocument.Kind

HEARING_NOT_AFTER_LETTER = _(
    "The hearing (%(hearing)s) is not after the date of this letter (%(letter)s): the employee "
    "must receive the convocation before the hearing. Convene the hearing again at a later date.")
HEARING_TOO_SOON = _(
    "The hearing (%(hearing)s) is earlier than the notice period allows: %(rule)s after the "
    "letter, so not before %(earliest)s (%(source)s).")
HEARING_NOT_AFTER_SENT = _(
    "The hearing (%(hearing)s) is not after the day the convocation was sent (%(sent)s): the "
    "employee must receive it before the hearing. Convene the hearing again at a later date and "
    "issue a new convocation.")
HEARING_TOO_SOON_AFTER_SENT = _(
    "Sent on %(sent)s, the convocation leaves less than the notice period before the hearing "
    "(%(hearing)s): %(rule)s after sending, so not before %(earliest)s (%(source)s). Convene the "
    "hearing again at a later date and issue a new convocation.")
HEARING_ON_SUNDAY = _(
    "The hearing falls on a Sunday or a public holiday (%(hearing)s). Choose a working day.")
HEARING_AT_NIGHT = _(
    "The hearing is at %(hour)s: choose an hour between %(start)s and %(end)s.")
NO_POSTAL_ADDRESS = _(
    "%(name)s has no postal address: a registered letter or a bailiff's writ needs one. Add the "
    "address to the employee's record, or hand the letter over against receipt.")
SUSPENSION_BEFORE_LETTER = _(
    "The preventive suspension starts on %(start)s, before the date of this letter (%(letter)s): "
    "it cannot take effect before it is notified.")
SUSPENSION_BEFORE_SENT = _(
    "The preventive suspension starts on %(start)s, before the letter was sent (%(sent)s): it "
    "cannot take effect before it is notified.")
TO_BE_CONFIRMED_IN_TEXT = _(
    "This document still carries a box “te bevestigen door de juridische dienst”. Have the legal "
    "service confirm the rule in the rulebook, issue the document again, then mark it as sent.")
UNSIGNED_IN_TEXT = _(
    "This document has no named signatory. Record the deciding body and its signatories "
    "(employing entities in the admin), issue the document again, then mark it as sent.")
APPROVAL_REQUIRED = _(
    "This document must be legally approved before it is sent (the organisation requires it). "
    "Ask the case's legal reviewer to approve this version.")
METHOD_IS_NOT_DELIVERY = _(
    "This letter was issued for delivery “%(delivery)s”; it cannot be marked as sent by another "
    "method. Supersede it and issue a version for the method used.")

# A hearing is held on a working day between these hours (a Sunday hearing at 23.24 is a typing
# error, or a hearing the employee cannot reasonably attend).
HEARING_HOURS = (time(8, 0), time(19, 0))
DELIVERIES_NEEDING_ADDRESS = {Delivery.REGISTERED, Delivery.BAILIFF}
TO_BE_CONFIRMED_MARK = "Te bevestigen door de juridische dienst"


def issue_problems(*, case: Case, kind: str, delivery: str, issue_date: date) -> list[str]:
    problems = []
    if kind == Kind.CONVOCATION:
        problems += hearing_problems(case, issue_date)
    if kind == Kind.PREVENTIVE_SUSPENSION:
        problems += suspension_problems(case, issue_date)
    employee = case.incident.employee
    if delivery in DELIVERIES_NEEDING_ADDRESS and not employee.address.strip():
        problems.append(NO_POSTAL_ADDRESS % {"name": employee.full_name})
    return problems


def hearing_problems(case: Case, issue_date: date) -> list[str]:
    hearing = case.hearings.order_by("-scheduled_at").first()
    moment = timezone.localtime(hearing.scheduled_at)
    day = moment.date()
    when = f"{long_date_nl(day)} {moment:%H.%M}"
    if day <= issue_date:
        return [HEARING_NOT_AFTER_LETTER % {"hearing": when, "letter": long_date_nl(issue_date)}]
    problems = []
    earliest, source, rule = notice_period_end(case, issue_date)
    if earliest is not None and day < earliest:
        problems.append(HEARING_TOO_SOON % {"hearing": when, "rule": rule.length_label,
                                            "earliest": long_date_nl(earliest), "source": source})
    if not is_working_day(day):
        problems.append(HEARING_ON_SUNDAY % {"hearing": when})
    start, end = HEARING_HOURS
    if not start <= moment.time() <= end:
        problems.append(HEARING_AT_NIGHT % {"hour": f"{moment:%H.%M}",
                                            "start": f"{start:%H.%M}", "end": f"{end:%H.%M}"})
    return problems


def notice_period_end(case: Case, start: date):
    """The first day a hearing may be held when its convocation leaves on `start`, with the
    rulebook's source and rule (`hearing_notice` of the case's regime); None without a rule."""
    rule = DeadlineRule.objects.in_force("hearing_notice", case.regime, start)
    if rule is None:
        return None, "", None
    source = rule.legal_source + (" — te bevestigen" if rule.to_be_confirmed else "")
    return due_date(start=start, length=rule.length, unit=rule.unit), source, rule


def sent_hearing_problems(case: Case, sent_on: date) -> list[str]:
    """The notice the employee gets runs from the day the convocation is sent, not from the day
    it was drawn up: a convocation posted late can no longer precede the hearing in time."""
    moment = timezone.localtime(case.hearings.order_by("-scheduled_at").first().scheduled_at)
    when = f"{long_date_nl(moment.date())} {moment:%H.%M}"
    if moment.date() <= sent_on:
        return [HEARING_NOT_AFTER_SENT % {"hearing": when, "sent": long_date_nl(sent_on)}]
    earliest, source, rule = notice_period_end(case, sent_on)
    if earliest is not None and moment.date() < earliest:
        return [HEARING_TOO_SOON_AFTER_SENT % {
            "sent": long_date_nl(sent_on), "hearing": when, "rule": rule.length_label,
            "earliest": long_date_nl(earliest), "source": source}]
    return []


def suspension_problems(case: Case, issue_date: date) -> list[str]:
    suspension = case.suspensions.order_by("-starts_on").first()
    if suspension.starts_on < issue_date:
        return [SUSPENSION_BEFORE_LETTER % {"start": long_date_nl(suspension.starts_on),
                                            "letter": long_date_nl(issue_date)}]
    return []


def sending_problems(*, document: IssuedDocument, sent_on: date, method: str) -> list[str]:
    problems = []
    if TO_BE_CONFIRMED_MARK.lower() in document.content.lower():
        problems.append(TO_BE_CONFIRMED_IN_TEXT)
    if UNSIGNED in document.content:
        problems.append(UNSIGNED_IN_TEXT)
    if legal_approval_required() and not document.is_approved:
        problems.append(APPROVAL_REQUIRED)
    if document.delivery and method != document.delivery:
        problems.append(METHOD_IS_NOT_DELIVERY % {
            "delivery": NotificationMethod(document.delivery).label})
    if document.kind == Kind.CONVOCATION:
        problems += sent_hearing_problems(document.case, sent_on)
    if document.kind == Kind.PREVENTIVE_SUSPENSION:
        suspension = document.case.suspensions.order_by("-starts_on").first()
        if suspension is not None and suspension.starts_on < sent_on:
            problems.append(SUSPENSION_BEFORE_SENT % {
                "start": long_date_nl(suspension.starts_on), "sent": long_date_nl(sent_on)})
    return problems


def legal_approval_required() -> bool:
    """The organisation's setting DOCUMENTS_REQUIRE_LEGAL_APPROVAL: no document is sent before
    the legal service approved its version."""
    return bool(getattr(settings, "DOCUMENTS_REQUIRE_LEGAL_APPROVAL", False))
