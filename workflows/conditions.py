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
    # Read through `all()`: on the case page the hearings are already fetched, and several steps
    # ask this (prefetch_case_page); a step itself reads afresh (forget_page_reads).
    return any(hearing.outcome for hearing in case.hearings.all())


@condition(_("A sanction can only be proposed once the hearing has been recorded."))
def hearing_recorded_before_proposal(case) -> bool:
    return hearing_recorded(case)


@condition(_("The legal deadline for this step has passed and no override has been recorded."))
def dismissal_deadline_open(case) -> bool:
    return not case.deadline_blocks("dismissal")


# BVR 20 July 2018: after 60 days prosecution is irrebuttably presumed abandoned; no override.
@condition(_("The time to decide on prosecution has passed: prosecution is presumed abandoned "
             "(irrebuttable). The case can only be closed."))
def prosecution_deadline_open(case) -> bool:
    return not case.deadline_lapsed("prosecution_decision")


# Start of proceedings within 6 months (rulebook, flagged "to be confirmed", enforced all the same).
@condition(_("The time limit to start disciplinary proceedings has passed. The case can only be "
             "closed."))
def start_proceedings_open(case) -> bool:
    return not case.deadline_lapsed("start_proceedings")


@condition(_("Only possible once a time limit that lapses has passed (60 days to decide on "
             "prosecution, 6 months to start proceedings)."))
def time_barred(case) -> bool:
    return case.deadline_lapsed("prosecution_decision") or case.deadline_lapsed("start_proceedings")


@condition(_("The time to decide after the hearing has passed; the HR lead must allow the decision "
             "although late first."))
def decision_deadline_open(case) -> bool:
    return not case.deadline_blocks("decision_after_hearing")


# Protected employees (docs/legal-sources.md §5, to be confirmed per category): legal review first.
@condition(_("The employee has a special protection (pregnancy or maternity, union mandate, "
             "prevention adviser or protected reporter): a legal opinion must be filed on the case "
             "before any decision."))
def legal_opinion_if_protected(case) -> bool:
    return not case.employee.protection or any(True for _opinion in case.opinions.all())


@condition(_("The appeal period has passed; a late appeal needs a recorded override."))
def appeal_deadline_open(case) -> bool:
    return not case.deadline_blocks("appeal")


@condition(_("The appeal period has not ended yet."))
def appeal_period_over(case) -> bool:
    return case.deadline_passed("appeal")
