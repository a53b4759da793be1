"""Errors a service raises with the message the user is shown; views turn them into 4xx answers."""

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    status = 409

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class StepNotAllowed(WorkflowError):
    status = 403


class CaseChangedMeanwhile(WorkflowError):
    status = 409


NOT_ALLOWED = _("You do not have the right to take this step on this case.")
NOT_A_STEP = _("This is not a step of the procedure.")
WRONG_STATE = _("This step is not possible while the case is in the state “%(state)s”.")
CHANGED_BY = _(
    "This case was changed by %(user)s in the meantime. Reload the page to see the new state."
)
ON_HOLD = _(
    "The procedure is on hold pending the criminal case: resume it before taking a step."
)
REASON_REQUIRED = _("A written reason is required for this step.")
