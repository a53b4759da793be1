"""Every state a case can be in, grouped by track. The transitions are in workflows/tracks/."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    # Triage (all cases)
    REPORTED = "reported", _("Reported")
    TRIAGE = "triage", _("In triage")
    INFORMAL_MEASURE = "informal_measure", _("Informal measure taken")
    # Dismissal for serious reason (art. 35 Arbeidsovereenkomstenwet)
    DISMISSAL_OPENED = "dismissal_opened", _("Dismissal procedure opened")
    DISMISSAL_HEARING_SCHEDULED = "dismissal_hearing_scheduled", _("Hearing scheduled")
    DISMISSAL_HEARD = "dismissal_heard", _("Heard, awaiting decision")
    DISMISSAL_DECIDED = "dismissal_decided", _("Dismissal for serious reason decided")
    DISMISSAL_NOTIFIED = "dismissal_notified", _("Dismissal notified")
    REASON_NOTIFIED = "reason_notified", _("Serious reason notified")
    OTHER_MEASURE_DECIDED = "other_measure_decided", _("Other measure decided")
    # Disciplinary procedure (Decreet Lokaal Bestuur / decree of 27 March 1991)
    INVESTIGATION = "investigation", _("Investigation under way")
    INVESTIGATION_REPORTED = "investigation_reported", _("Investigation report taken note of")
    PROSECUTION = "prosecution", _("Decided to prosecute")
    SUMMONED = "summoned", _("Summoned to the hearing")
    DISCIPLINARY_HEARD = "disciplinary_heard", _("Hearing recorded, awaiting the sanction proposal")
    SANCTION_PROPOSED = "sanction_proposed", _("Sanction proposed, awaiting decision")
    SANCTION_DECIDED = "sanction_decided", _("Decision taken")
    APPEAL_WINDOW = "appeal_window", _("Decision notified, appeal period running")
    APPEAL_LODGED = "appeal_lodged", _("Appeal lodged")
    # End
    CLOSED = "closed", _("Closed")


class Track(models.TextChoices):
    TRIAGE = "triage", _("Triage")
    DISMISSAL = "dismissal", _("Dismissal for serious reason")
    DISCIPLINARY = "disciplinary", _("Disciplinary procedure")


class Regime(models.TextChoices):
    """Which body of law governs a formal procedure; decided by the legal status at the facts."""

    CONTRACT = "contract", _("Employment contract (art. 35 Arbeidsovereenkomstenwet)")
    LOCAL_GOVERNMENT = "local_government", _("Statutory staff (Decreet Lokaal Bestuur)")
    EDUCATION = "education", _("Subsidised education (decree of 27 March 1991)")


# States in which the deciding authority must act.
AWAITING_DECISION = {
    CaseState.DISMISSAL_HEARD,
    CaseState.INVESTIGATION_REPORTED,
    CaseState.SANCTION_PROPOSED,
}

# What the reporting manager sees: a plain status without HR's internal steps.
PLAIN_STATUS_RECEIVED = _("Received")
PLAIN_STATUS_HANDLING = _("Being handled")
PLAIN_STATUS_CLOSED = _("Closed")


def plain_status(state: str) -> str:
    if state == CaseState.REPORTED:
        return PLAIN_STATUS_RECEIVED
    if state == CaseState.CLOSED:
        return PLAIN_STATUS_CLOSED
    return PLAIN_STATUS_HANDLING


# What each state means, in plain words, on the case page.
STATE_HELP = {
    CaseState.REPORTED: _("A manager reported the facts. An HR officer must take the report in triage."),
    CaseState.TRIAGE: _(
        "HR assesses the report: close it, take an informal measure, or open the formal procedure "
        "that the employee's legal status allows."
    ),
    CaseState.INFORMAL_MEASURE: _("An informal measure was taken. Close the case when it is done."),
    CaseState.DISMISSAL_OPENED: _(
        "Dismissal for serious reason is being considered. Convene the employee to a hearing first "
        "(public employers must hear the employee)."
    ),
    CaseState.DISMISSAL_HEARING_SCHEDULED: _("The hearing is planned. Record how it went."),
    CaseState.DISMISSAL_HEARD: _(
        "The employee was heard (or could not be). The deciding authority decides, within 3 working "
        "days after certain knowledge of the facts."
    ),
    CaseState.DISMISSAL_DECIDED: _("Dismissal decided. Notify the dismissal to the employee."),
    CaseState.DISMISSAL_NOTIFIED: _(
        "The dismissal was notified. The serious reason must be notified within 3 working days, by "
        "registered letter, bailiff's writ or a handed-over writing with signed duplicate."
    ),
    CaseState.REASON_NOTIFIED: _("The serious reason was notified. The case can be closed."),
    CaseState.OTHER_MEASURE_DECIDED: _("Another measure was decided. Close the case when it is done."),
    CaseState.INVESTIGATION: _(
        "An investigator examines the facts. Take formal note of the investigation report when it comes."
    ),
    CaseState.INVESTIGATION_REPORTED: _(
        "The deciding authority decides whether to prosecute, within 60 days of taking note of the report."
    ),
    CaseState.PROSECUTION: _(
        "Prosecution decided. Summon the employee to the hearing, with access to the file, the right "
        "to counsel and to a written defence."
    ),
    CaseState.SUMMONED: _("The employee is summoned. Record the hearing."),
    CaseState.DISCIPLINARY_HEARD: _(
        "The hearing was recorded (held, or the duly summoned employee did not appear). Record "
        "the sanction proposal of the investigator or the line manager."
    ),
    CaseState.SANCTION_PROPOSED: _(
        "A sanction was proposed. The deciding authority takes a reasoned decision; whoever "
        "proposed may not decide."
    ),
    CaseState.SANCTION_DECIDED: _("The decision was taken. Notify it to the employee with the appeal instructions."),
    CaseState.APPEAL_WINDOW: _("The decision was notified; the employee may still appeal."),
    CaseState.APPEAL_LODGED: _("An appeal was lodged. Record its outcome."),
    CaseState.CLOSED: _("The case is closed."),
}
