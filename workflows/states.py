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
    DISCIPLINARY_HEARD = "disciplinary_heard", _("Heard, awaiting decision")
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
    CaseState.DISCIPLINARY_HEARD,
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
