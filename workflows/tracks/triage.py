"""Triage: every report starts here. HR takes it in, then closes it, takes an informal measure or
opens the formal procedure that the employee's legal status at the date of the facts allows."""

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from workflows import conditions as c
from workflows.states import CaseState as S
from workflows.states import Regime, Track

TRIAGE = "workflows.triage_case"
HANDLE = "workflows.handle_case"


class TriageTrack:
    @transition("state", S.REPORTED, S.TRIAGE, permission=TRIAGE,
                custom={"label": _("Take in triage"),
                        "source": "Gedragscode sociale media art. 6; intern reglement"})
    def take_in_triage(self, *, handler):
        self.handler = handler

    @transition("state", S.TRIAGE, S.CLOSED, permission=HANDLE,
                custom={"label": _("Close without follow-up"),
                        "source": "Gedragscode sociale media art. 6 (geen zware fout)"})
    def close_without_follow_up(self):
        self.outcome = self.Outcome.NO_FOLLOW_UP

    @transition("state", S.TRIAGE, S.INFORMAL_MEASURE, permission=HANDLE,
                custom={"label": _("Record an informal measure"),
                        "source": "Gedragscode sociale media art. 6"})
    def take_informal_measure(self, *, measure):
        self.outcome = measure

    # Code of conduct Art. 6; art. 35 Arbeidsovereenkomstenwet 3 July 1978.
    @transition("state", S.TRIAGE, S.DISMISSAL_OPENED, permission=HANDLE,
                conditions=[c.status_allows_dismissal],
                custom={"label": _("Open the dismissal procedure for serious reason"),
                        "source": "Gedragscode art. 6; art. 35 Arbeidsovereenkomstenwet 3 juli 1978"})
    def open_dismissal_procedure(self, *, knowledge_date):
        self.track = Track.DISMISSAL
        self.regime = Regime.EDUCATION if self.is_education else Regime.CONTRACT
        self.knowledge_date = knowledge_date

    # Code of conduct Art. 6; Decreet Lokaal Bestuur art. 198-216; decree of 27 March 1991 ch. IX.
    @transition("state", S.TRIAGE, S.INVESTIGATION, permission=HANDLE,
                conditions=[c.status_allows_disciplinary],
                custom={"label": _("Open the disciplinary procedure"),
                        "source": "Gedragscode art. 6; Decreet Lokaal Bestuur art. 198-216; decreet 27 maart 1991 hfst. IX"})
    def open_disciplinary_procedure(self, *, knowledge_date, investigator):
        self.track = Track.DISCIPLINARY
        self.regime = Regime.EDUCATION if self.is_education else Regime.LOCAL_GOVERNMENT
        self.knowledge_date = knowledge_date
        self.investigator = investigator

    @transition("state", [S.INFORMAL_MEASURE, S.OTHER_MEASURE_DECIDED, S.REASON_NOTIFIED], S.CLOSED,
                permission=HANDLE, custom={"label": _("Close the case"),
                        "source": "Gedragscode sociale media art. 6"})
    def close(self):
        pass
