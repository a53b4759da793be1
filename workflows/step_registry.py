"""Which form and which service belong to each transition; the case page and the step view use it."""

from workflows import forms
from workflows.services import disciplinary, steps

STEPS = {
    "take_in_triage": (forms.NoteForm, steps.case_take_in_triage),
    "close_without_follow_up": (forms.ReasonForm, steps.case_close_without_follow_up),
    "take_informal_measure": (forms.InformalMeasureForm, steps.case_take_informal_measure),
    "open_dismissal_procedure": (forms.KnowledgeForm, steps.case_open_dismissal),
    "open_disciplinary_procedure": (forms.InvestigationForm, steps.case_open_disciplinary),
    "close": (forms.ReasonForm, steps.case_close),
    "convene_hearing": (forms.ConvocationForm, steps.case_convene_hearing),
    "record_hearing": (forms.HearingRecordForm, steps.case_record_hearing),
    "decide_dismissal": (forms.DismissalDecisionForm, steps.case_decide_dismissal),
    "decide_other_measure": (forms.OtherMeasureForm, steps.case_decide_other_measure),
    "notify_dismissal": (forms.DismissalNotificationForm, steps.case_notify_dismissal),
    "notify_reason": (forms.ReasonNotificationForm, steps.case_notify_reason),
    "take_note_of_report": (forms.InvestigationReportForm, disciplinary.case_take_note_of_report),
    "decide_to_prosecute": (forms.DecisionReasonForm, disciplinary.case_decide_to_prosecute),
    "decide_not_to_prosecute": (forms.DecisionReasonForm,
                                disciplinary.case_decide_not_to_prosecute),
    "close_time_barred": (forms.ReasonForm, disciplinary.case_close_time_barred),
    "summon": (forms.ConvocationForm, steps.case_convene_hearing),
    "record_disciplinary_hearing": (forms.HearingRecordForm, steps.case_record_hearing),
    "propose_sanction": (forms.SanctionProposalForm, disciplinary.case_propose_sanction),
    "decide_sanction": (forms.SanctionForm, disciplinary.case_decide_sanction),
    "notify_decision": (forms.DecisionNotificationForm, disciplinary.case_notify_decision),
    "lodge_appeal": (forms.AppealForm, disciplinary.case_lodge_appeal),
    "record_appeal_outcome": (forms.AppealOutcomeForm, disciplinary.case_record_appeal_outcome),
    "close_after_appeal_period": (forms.ReasonForm, disciplinary.case_close_after_appeal_period),
}


def form_for(name: str):
    return STEPS[name][0]


def service_for(name: str):
    return STEPS[name][1]
