"""Actions on a case that are not steps of the procedure, each with its form and its service.
Every action is called as action(case, actor, data) with the form's cleaned data."""

from collections.abc import Mapping

from workflows import forms
from workflows.defence import forms as defence_forms
from workflows.defence import extension, proceedings
from workflows.defence import services as defence
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
        case=case, user=actor, reviewer=data["reviewer"], question=data["question"],
        due_date=data["due_date"])),
    "opinion": (forms.OpinionForm, lambda case, actor, data: opinion_file(
        case=case, user=actor, text=data["text"])),
    "suspension": (forms.SuspensionForm, lambda case, actor, data: case_impose_preventive_suspension(
        case=case, user=actor, **data)),
    "attach": (defence_forms.AttachmentForm, lambda case, actor, data: defence.attachment_add(
        case=case, user=actor, **data)),
    "inspection": (defence_forms.InspectionForm, lambda case, actor, data: defence.inspection_record(
        case=case, user=actor, **data)),
    "counsel": (defence_forms.CounselForm, lambda case, actor, data: defence.counsel_record(
        case=case, user=actor, **data)),
    "prior_sanction": (defence_forms.PriorSanctionForm,
                       lambda case, actor, data: defence.prior_sanction_enter(
                           case=case, user=actor, **data)),
    "criminal": (defence_forms.CriminalProceedingForm,
                 lambda case, actor, data: proceedings.criminal_proceeding_record(
                     case=case, user=actor, **data)),
    "criminal_end": (defence_forms.CriminalProceedingEndForm,
                     lambda case, actor, data: proceedings.criminal_proceeding_end(
                         case=case, user=actor, **data)),
    "hold_start": (defence_forms.HoldStartForm, lambda case, actor, data: proceedings.case_hold_start(
        case=case, user=actor, **data)),
    "suspension_extend": (defence_forms.SuspensionExtendForm,
                          lambda case, actor, data: extension.preventive_suspension_extend(
                              case=case, user=actor, **data)),
    "hold_end": (defence_forms.HoldEndForm, lambda case, actor, data: proceedings.case_hold_end(
        case=case, user=actor, **data)),
    "checklist": (defence_forms.ChecklistForm,
                  lambda case, actor, data: proceedings.dismissal_checklist_create(
                      case=case, user=actor, **data)),
    "task_done": (defence_forms.TaskDoneForm,
                  lambda case, actor, data: proceedings.dismissal_task_complete(
                      task=data["task"], user=actor, done_on=data["done_on"])),
}


class ActionForms(Mapping):
    """The case page's action forms by key, each built when the page first shows it: a form the
    page leaves out (the hold without criminal proceedings, the picker of a reader who may not
    assign) asks the database nothing (issue #16). `bound` is a (key, form) pair to show again."""

    def __init__(self, case, bound=None):
        self.case, self.bound, self.built = case, bound, {}

    def __getitem__(self, key):
        if key not in self.built:
            form_class, _perform = ACTIONS[key]
            self.built[key] = (self.bound[1] if self.bound and self.bound[0] == key
                               else form_class(case=self.case, auto_id=f"id_{key}_%s"))
        return self.built[key]

    def __iter__(self):
        return iter(ACTIONS)

    def __len__(self):
        return len(ACTIONS)
