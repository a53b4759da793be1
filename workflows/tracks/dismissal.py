"""Dismissal for serious reason: contractual staff (art. 35 Arbeidsovereenkomstenwet 3 July 1978)
and education staff temporary for a fixed term (decree of 27 March 1991).

reported -> triage -> dismissal_opened -> hearing_scheduled -> heard
    -> dismissal_decided -> dismissal_notified -> reason_notified -> closed
    -> other_measure_decided -> closed

Convening the hearing respects the rulebook's "hearing_notice" for the regime (contract: 2 working
days between convocation and hearing, to be confirmed; GwH 86/2017 requires that the employee can
prepare), checked by the same code as the disciplinary summons (check_hearing_notice).
"""

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from workflows import conditions as c
from workflows.states import CaseState as S

HANDLE = "workflows.handle_case"
DECIDE = "workflows.decide_case"


class DismissalTrack:
    # Public employers must hear the employee first: Constitutional Court 86/2017 and 22/2018.
    @transition("state", S.DISMISSAL_OPENED, S.DISMISSAL_HEARING_SCHEDULED, permission=HANDLE,
                conditions=[c.knowledge_recorded],
                custom={"label": _("Convene the hearing"),
                        "source": "Grondwettelijk Hof 86/2017 en 22/2018 (hoorplicht openbare werkgever)"})
    def convene_hearing(self):
        pass

    # Where the hearing gives certain knowledge, the 3 working days run from it (case law), only
    # with the HR lead's justification; a late hearing does not revive a passed deadline.
    @transition("state", S.DISMISSAL_HEARING_SCHEDULED, S.DISMISSAL_HEARD, permission=HANDLE,
                custom={"label": _("Record the hearing"),
                        "source": "Grondwettelijk Hof 86/2017 en 22/2018; BVR 20 juli 2018 (verhoor)"})
    def record_hearing(self):
        pass

    # Art. 35 al. 3: within 3 working days after certain knowledge of the facts; after them only as
    # a step "proceeding although late", which then needs notice or an indemnity (art. 39).
    @transition("state", S.DISMISSAL_HEARD, S.DISMISSAL_DECIDED, permission=DECIDE,
                conditions=[c.hearing_recorded, c.dismissal_deadline_open,
                            c.legal_opinion_if_protected],
                custom={"label": _("Decide: dismissal for serious reason"),
                        "source": "art. 35 al. 3 Arbeidsovereenkomstenwet", "decision": True,
                        "consequence": _("The employment ends without notice or compensation "
                                         "once the dismissal is notified; the reason must then "
                                         "be notified in writing, on pain of nullity."),
                        "starts": ["reason_notice"]})
    def decide_dismissal(self):
        self.outcome = self.Outcome.DISMISSED

    @transition("state", S.DISMISSAL_HEARD, S.OTHER_MEASURE_DECIDED, permission=DECIDE,
                conditions=[c.hearing_recorded, c.legal_opinion_if_protected],
                custom={"label": _("Decide: another measure"),
                        "source": "art. 37 Arbeidsovereenkomstenwet; arbeidsreglement",
                        "decision": True,
                        "consequence": _("No dismissal for serious reason: the running deadline "
                                         "for it lapses and the measure chosen is recorded.")})
    def decide_other_measure(self, *, measure):
        self.outcome = measure

    @transition("state", S.DISMISSAL_DECIDED, S.DISMISSAL_NOTIFIED, permission=HANDLE,
                conditions=[c.dismissal_deadline_open],
                custom={"label": _("Record notification of the dismissal"),
                        "source": "art. 35 al. 3 Arbeidsovereenkomstenwet"})
    def notify_dismissal(self):
        pass

    # Art. 35 al. 4-5: reason within 3 working days after the dismissal, by registered letter,
    # bailiff's writ or hand-delivered writing with signed duplicate, on pain of nullity. In time
    # is judged by the date it was sent (case_notify_reason), not the day it is recorded: a reason
    # posted on time and recorded later stays in time.
    @transition("state", S.DISMISSAL_NOTIFIED, S.REASON_NOTIFIED, permission=HANDLE,
                custom={"label": _("Record notification of the serious reason"),
                        "source": "art. 35 al. 4-5 Arbeidsovereenkomstenwet"})
    def notify_reason(self):
        pass
