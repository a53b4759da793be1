"""Disciplinary procedure: statutory staff (Decreet Lokaal Bestuur 22 Dec 2017 art. 198-216,
BVR 20 July 2018) and permanent or indefinite-term education staff (decree of 27 March 1991, ch. IX).

triage -> investigation -> investigation_reported -> prosecution -> summoned -> heard
    -> sanction_proposed -> sanction_decided -> appeal_window -> appeal_lodged -> closed
                                         -> closed (period over, or nothing to appeal)
investigation_reported -> closed (decision not to prosecute)
investigation, investigation_reported -> closed (time barred: a time limit that lapses passed)

Beside the steps, at any time while the case runs: a preventive suspension (ordemaatregel, art. 209
DLB; decree of 27 March 1991), after hearing the employee or recording the urgency. Rulebook:
"preventive_suspension_max" (6 months / 1 year, last day inclusive, counted from the first
suspension) and the regime's SuspensionRule (salary reduction: whether, how much, on which
condition; extension during criminal proceedings; the consequence of its lapse). It ends when a
sanction is decided or the case closes, and lapses when its term passes (workflows/services/
suspensions.py).
"""

from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition

from workflows import conditions as c
from workflows.states import CaseState as S

HANDLE = "workflows.handle_case"
DECIDE = "workflows.decide_case"


class DisciplinaryTrack:
    # BVR 20 July 2018: the investigator reports; taking note starts the 60 days.
    @transition("state", S.INVESTIGATION, S.INVESTIGATION_REPORTED, permission=HANDLE,
                conditions=[c.start_proceedings_open],
                custom={"label": _("Take note of the investigation report"),
                        "source": "BVR 20 juli 2018 (tuchtonderzoek)"})
    def take_note_of_report(self, *, noted_on):
        self.report_noted_on = noted_on

    # Within 60 calendar days after taking note; after that, prosecution is presumed abandoned.
    @transition("state", S.INVESTIGATION_REPORTED, S.PROSECUTION, permission=DECIDE,
                conditions=[c.prosecution_deadline_open, c.start_proceedings_open,
                            c.legal_opinion_if_protected],
                custom={"label": _("Decide to prosecute"),
                        "source": "BVR 20 juli 2018 (60 dagen na kennisname van het verslag)", "decision": True,
                        "consequence": _("The disciplinary proceedings start: the employee is "
                                         "then summoned to a hearing.")})
    def decide_to_prosecute(self):
        pass

    @transition("state", S.INVESTIGATION_REPORTED, S.CLOSED, permission=DECIDE,
                conditions=[c.prosecution_deadline_open, c.start_proceedings_open],
                custom={"label": _("Decide not to prosecute"),
                        "source": "BVR 20 juli 2018 (schriftelijke kennisgeving)",
                        "decision": True,
                        "consequence": _("The case is closed; a preventive suspension ends "
                                         "today; the employee is notified in writing.")})
    def decide_not_to_prosecute(self):
        self.outcome = self.Outcome.NOT_PROSECUTED

    # A lapsed time limit cannot be overridden: the only way on is to close the case.
    @transition("state", [S.INVESTIGATION, S.INVESTIGATION_REPORTED], S.CLOSED, permission=HANDLE,
                conditions=[c.time_barred],
                custom={"label": _("Close: time limit lapsed"),
                        "source": "BVR 20 juli 2018 (60 dagen, vermoeden van afstand); "
                                  "termijn van 6 maanden om de tuchtvordering in te stellen "
                                  "(te bevestigen)"})
    def close_time_barred(self):
        self.outcome = (self.Outcome.PROSECUTION_LAPSED
                        if self.deadline_lapsed("prosecution_decision")
                        else self.Outcome.PROCEEDINGS_TIME_BARRED)

    # Summons: access to the file, right to counsel, written defence.
    @transition("state", S.PROSECUTION, S.SUMMONED, permission=HANDLE,
                custom={"label": _("Summon to the hearing"),
                        "source": "BVR 20 juli 2018 (oproeping, inzage, raadsman, verweer)"})
    def summon(self):
        pass

    # Held, or "did not appear although duly summoned": the authority then decides on the file.
    @transition("state", S.SUMMONED, S.DISCIPLINARY_HEARD, permission=HANDLE,
                custom={"label": _("Record the hearing"),
                        "source": "Grondwettelijk Hof 86/2017 en 22/2018; BVR 20 juli 2018 (verhoor)"})
    def record_disciplinary_hearing(self):
        pass

    # Tuchtvoorstel by the investigator or the line manager; proposer is never the decider.
    @transition("state", S.DISCIPLINARY_HEARD, S.SANCTION_PROPOSED, permission=HANDLE,
                conditions=[c.hearing_recorded_before_proposal, c.decision_deadline_open,
                            c.legal_opinion_if_protected],
                custom={"label": _("Record the sanction proposal"),
                        "source": "Vlaams personeelsstatuut, memorie Deel VIII art. VIII 7 "
                                  "(voorsteller is niet de beslisser)"})
    def propose_sanction(self):
        pass

    # A reasoned decision by the competent disciplinary authority (art. 201 DLB), after the
    # proposal and within the time after the hearing (rulebook "decision_after_hearing", to be
    # confirmed); the service refuses a decider who proposed.
    @transition("state", S.SANCTION_PROPOSED, S.SANCTION_DECIDED, permission=DECIDE,
                conditions=[c.hearing_recorded, c.decision_deadline_open,
                            c.legal_opinion_if_protected],
                custom={"label": _("Take the disciplinary decision"),
                        "source": "Decreet Lokaal Bestuur art. 198-216; decreet 27 maart 1991 hfst. IX",
                        "decision": True,
                        "consequence": _("The sanction takes effect once notified; the employee "
                                         "may appeal, and the appeal does not suspend it."),
                        "starts": ["appeal"]})
    def decide_sanction(self, *, outcome):
        self.outcome = outcome

    # Art. 214 DLB: appeal to the Beroepscommissie voor Tuchtzaken within 30 days after receipt.
    @transition("state", S.SANCTION_DECIDED, RETURN_VALUE(S.APPEAL_WINDOW, S.CLOSED),
                permission=HANDLE,
                custom={"label": _("Record notification of the decision"),
                        "source": "Decreet Lokaal Bestuur art. 214 (beroepsmogelijkheid)"})
    def notify_decision(self):
        return S.APPEAL_WINDOW if self.outcome == self.Outcome.SANCTION else S.CLOSED

    @transition("state", S.APPEAL_WINDOW, S.APPEAL_LODGED, permission=HANDLE,
                conditions=[c.appeal_deadline_open],
                custom={"label": _("Record an appeal"),
                        "source": "Decreet Lokaal Bestuur art. 214; decreet 27 maart 1991 (kamer van beroep)"})
    def lodge_appeal(self):
        pass

    # The appeal body can only reject the appeal or annul the sanction (art. 214 DLB).
    @transition("state", S.APPEAL_LODGED, S.CLOSED, permission=HANDLE,
                custom={"label": _("Record the outcome of the appeal"),
                        "source": "Decreet Lokaal Bestuur art. 214"})
    def record_appeal_outcome(self, *, annulled):
        if annulled:
            self.outcome = self.Outcome.SANCTION_ANNULLED

    @transition("state", S.APPEAL_WINDOW, S.CLOSED, permission=HANDLE,
                conditions=[c.appeal_period_over],
                custom={"label": _("Close: appeal period over"),
                        "source": "Decreet Lokaal Bestuur art. 214"})
    def close_after_appeal_period(self):
        pass
