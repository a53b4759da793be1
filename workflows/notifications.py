"""Mail that tells people what waits for them, sent only after the change commits.

`robust=True`: a mail server that is down is logged; it never undoes or hides the change.
Whoever chose the daily digest gets no mail now: it waits for `manage.py send_digests`.
The manager who reported only ever learns the plain status (received / being handled / closed).
"""

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from workflows.models import DigestEntry, NotificationPreference
from workflows.services.deadlines import deadline_sentence
from workflows.states import AWAITING_DECISION, plain_status


def mail_after_commit(*, case, recipients, subject: str, message: str) -> None:
    """Mail the people who chose "immediately" once the change commits; hold the mail back for
    those who chose the daily digest (`send_digests`), in the same transaction as the change."""
    people = [user for user in recipients if user.is_active and user.email]
    digest = digest_readers(people)
    DigestEntry.objects.bulk_create([
        DigestEntry(user=user, case=case, subject=subject, message=message)
        for user in people if user.pk in digest])
    addresses = sorted({user.email for user in people if user.pk not in digest})
    if addresses:
        transaction.on_commit(lambda: send_mail(subject=subject, message=message, from_email=None,
                                                recipient_list=addresses), robust=True)


def digest_readers(people) -> set[int]:
    """The ids of those among `people` who chose the daily digest (one query)."""
    if not people:
        return set()
    return set(NotificationPreference.objects.filter(
        user__in=people, delivery=NotificationPreference.Delivery.DIGEST
    ).values_list("user_id", flat=True))


def notify_review_requested(request) -> None:
    case = request.case
    mail_after_commit(
        case=case, recipients=[request.reviewer],
        subject=_("Legal review asked: %(reference)s") % {"reference": case.reference},
        message=_("%(who)s asks for your opinion on case %(reference)s by %(due)s:\n\n"
                  "%(question)s\n\nOpen the case: %(path)s") % {
            "who": request.requested_by.get_full_name() or request.requested_by.get_username(),
            "reference": case.reference, "question": request.question,
            "due": request.due_date.strftime("%d/%m/%Y"), "path": case.get_absolute_url()},
    )


def notify_step(case, from_state: str) -> None:
    """After a step: the deciding authority when a decision awaits; the reporting manager when
    the plain status of the report changed."""
    if case.state in AWAITING_DECISION and from_state not in AWAITING_DECISION:
        deciders = get_users_with_perms(case, only_with_perms_in=["decide_case"],
                                        with_group_users=True)
        mail_after_commit(
            case=case, recipients=deciders,
            subject=_("A decision awaits you: %(reference)s") % {"reference": case.reference},
            message=_("Case %(reference)s awaits your decision. Open it: %(path)s") % {
                "reference": case.reference, "path": case.get_absolute_url()},
        )
    if plain_status(case.state) != plain_status(from_state):
        reporter = case.incident.reporter
        mail_after_commit(
            case=case, recipients=[reporter],
            subject=_("Your report: %(status)s") % {"status": plain_status(case.state)},
            message=_("The status of your report of %(date)s is now: %(status)s.") % {
                "date": case.incident.facts_date.strftime("%d/%m/%Y"),
                "status": plain_status(case.state)},
        )


def remind_deadlines(by_handler) -> dict[str, int]:
    """Remind each handler of their deadlines due soon, as they chose: one mail now, or one
    digest entry per deadline, held for `send_digests`. Returns how many handlers got each."""
    handlers = [user for user in by_handler if user.is_active and user.email]
    digest = digest_readers(handlers)
    DigestEntry.objects.bulk_create([
        DigestEntry(user=handler, case=deadline.case,
                    subject=_("Deadline due soon: %(reference)s") % {
                        "reference": deadline.case.reference},
                    message=deadline_sentence(deadline))
        for handler in handlers if handler.pk in digest for deadline in by_handler[handler]])
    for handler in handlers:
        if handler.pk not in digest:
            deadlines = by_handler[handler]
            send_mail(subject=_("Tuchtdossier: %(n)d deadline(s) due soon") % {"n": len(deadlines)},
                      message="\n".join(
                          f"{d.case.reference}: {deadline_sentence(d)}" for d in deadlines),
                      from_email=None, recipient_list=[handler.email])
    return {"digest": len(digest), "mailed": len(handlers) - len(digest)}
