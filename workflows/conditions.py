"""Conditions that django-fsm checks before a step, each with the message a user is shown."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from incidents.models import LegalStatus

DISMISSAL_STATUSES = {LegalStatus.CONTRACTUAL, LegalStatus.EDUCATION_TEMPORARY_FIXED}
DISCIPLINARY_STATUSES = {
    LegalStatus.STATUTORY,
    LegalStatus.STATUTORY_PROBATION,
    LegalStatus.EDUCATION_PERMANENT,
    LegalStatus.EDUCATION_TEMPORARY_INDEFINITE,
}


def condition(message) -> Callable:
    """Attach the explanation shown when the condition is not met."""

    def mark(check: Callable) -> Callable:
        check.message = message
        return check

    return mark


@condition(
    _(
        "The dismissal procedure for serious reason applies only to contractual staff and to "
        "education staff who are temporary for a fixed term (code of conduct Art. 6)."
    )
)
def status_allows_dismissal(case) -> bool:
    return case.legal_status in DISMISSAL_STATUSES


@condition(
    _(
        "The disciplinary procedure applies only to statutory staff and to permanently appointed "
        "or indefinite-term temporary education staff (code of conduct Art. 6)."
    )
)
def status_allows_disciplinary(case) -> bool:
    return case.legal_status in DISCIPLINARY_STATUSES


@condition(_("The date of certain knowledge of the facts must be recorded first."))
def knowledge_recorded(case) -> bool:
    return case.knowledge_date is not None


@condition(_("A decision can only be taken once the hearing has been recorded."))
def hearing_recorded(case) -> bool:
    return case.hearings.filter(outcome__isnull=False).exclude(outcome="").exists()


@condition(_("A sanction can only be proposed once the hearing has been recorded."))
def hearing_recorded_before_proposal(case) -> bool:
    return hearing_recorded(case)


@condition(_("The legal deadline for this step has passed and no override has been recorded."))
def dismissal_deadline_open(case) -> bool:
    return not case.deadline_blocks("dismissal")


@condition(_("The legal deadline for this step has passed and no override has been recorded."))
def reason_notice_deadline_open(case) -> bool:
    return not case.deadline_blocks("reason_notice")


@condition(_("The legal deadline for this step has passed and no override has been recorded."))
def prosecution_deadline_open(case) -> bool:
    return not case.deadline_blocks("prosecution_decision")


@condition(_("The appeal period has passed; a late appeal needs a recorded override."))
def appeal_deadline_open(case) -> bool:
    return not case.deadline_blocks("appeal")


@condition(_("The appeal period has not ended yet."))
def appeal_period_over(case) -> bool:
    return case.deadline_passed("appeal")
