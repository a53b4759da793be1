"""Actions on a case that are not steps of the procedure, each with its form and its service.
Every action is called as action(case, actor, data) with the form's cleaned data."""

from workflows import forms
from workflows.services import assignment
from workflows.services.disciplinary import case_impose_preventive_suspension
from workflows.services.reviews import opinion_file, review_request

ACTIONS = {
    "assign": (forms.AssignForm, lambda case, actor, data: assignment.case_assign_handler(
        case=case, handler=data["handler"], actor=actor, note=data["note"])),
    "co_handler_add": (forms.CoHandlerForm, lambda case, actor, data: assignment.case_add_co_handler(
        case=case, user=data["user"], actor=actor)),
    "co_handler_remove": (forms.CoHandlerForm,
                          lambda case, actor, data: assignment.case_remove_co_handler(
                              case=case, user=data["user"], actor=actor)),
    "restrict": (forms.RestrictForm, lambda case, actor, data: assignment.case_set_restricted(
        case=case, restricted=data["restricted"], actor=actor, reason=data["reason"])),
    "exclude": (forms.ExclusionForm, lambda case, actor, data: assignment.case_exclude_person(
        case=case, user=data["user"], actor=actor, reason=data["reason"])),
    "requalify": (forms.RequalifyForm, lambda case, actor, data: assignment.case_requalify(
        case=case, actor=actor, provisions=list(data["provisions"]),
        seriousness=data["seriousness"], reason=data["reason"])),
    "review": (forms.ReviewRequestForm, lambda case, actor, data: review_request(
        case=case, user=actor, reviewer=data["reviewer"], question=data["question"])),
    "opinion": (forms.OpinionForm, lambda case, actor, data: opinion_file(
        case=case, user=actor, text=data["text"])),
    "suspension": (forms.SuspensionForm, lambda case, actor, data: case_impose_preventive_suspension(
        case=case, user=actor, **data)),
}
