"""Legal review: requests to a legal reviewer and the opinions they file (immutable once filed)."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from workflows.access import grant_case_permissions
from workflows.deadlines import add_working_days
from workflows.events import record_event
from workflows.models import Case, LegalOpinion, ReviewRequest
from workflows.notifications import notify_review_requested
from workflows.services.labels import EVENT_LABELS

REQUEST_NOT_ALLOWED = _("Only the case's handler can ask for a legal review.")
OPINION_NOT_ALLOWED = _("Only a legal reviewer of this case can file an opinion.")
QUESTION_REQUIRED = _("Write the question for the legal reviewer.")
OPINION_REQUIRED = _("Write the opinion.")
NOT_A_REVIEWER = _("This person is not a legal reviewer.")
REVIEWER_EXCLUDED = _("This legal reviewer is excluded from the case and can never see it: ask "
                      "another reviewer.")
REVIEWER_IS_SUBJECT = _("This legal reviewer is the employee the case is about.")
DUE_DATE_PAST = _("The date the answer is wanted by cannot be in the past.")


def default_review_due_date() -> datetime.date:
    """REVIEW_DUE_WORKING_DAYS working days from today, counted like a legal time limit (art. 35
    Arbeidsovereenkomstenwet: Sundays and public holidays do not count)."""
    return add_working_days(timezone.localdate(), settings.REVIEW_DUE_WORKING_DAYS)


@transaction.atomic
def review_request(*, case: Case, user, reviewer, question: str,
                   due_date: datetime.date | None = None) -> ReviewRequest:
    """Ask a legal reviewer for an opinion by `due_date` (default: default_review_due_date)."""
    if not user.has_perm("workflows.handle_case", case):
        raise PermissionDenied(REQUEST_NOT_ALLOWED)
    if not question.strip():
        raise ValidationError({"question": QUESTION_REQUIRED})
    due_date = due_date or default_review_due_date()
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": DUE_DATE_PAST})
    if not reviewer.groups.filter(name=roles.LEGAL).exists():
        raise ValidationError({"reviewer": NOT_A_REVIEWER})
    if case.exclusions.filter(user=reviewer).exists():
        raise ValidationError({"reviewer": REVIEWER_EXCLUDED})
    if case.incident.employee.user_id == reviewer.pk:
        raise ValidationError({"reviewer": REVIEWER_IS_SUBJECT})
    request = ReviewRequest.objects.create(
        case=case, reviewer=reviewer, requested_by=user, question=question, due_date=due_date
    )
    grant_case_permissions(case=case, who=reviewer, codenames=roles.REVIEWER_CASE_PERMISSIONS)
    record_event(case=case, actor=user, kind="reviewer_requested",
                 label=EVENT_LABELS["reviewer_requested"], note=question,
                 payload={"reviewer": reviewer.get_username(), "due_date": due_date.isoformat()})
    notify_review_requested(request)
    return request


@transaction.atomic
def opinion_file(*, case: Case, user, text: str) -> LegalOpinion:
    """File a dated opinion signed by its author; it answers the author's open requests."""
    if not user.has_perm("workflows.review_case", case):
        raise PermissionDenied(OPINION_NOT_ALLOWED)
    if not text.strip():
        raise ValidationError({"text": OPINION_REQUIRED})
    opinion = LegalOpinion.objects.create(case=case, author=user, text=text)
    ReviewRequest.objects.filter(case=case, reviewer=user, answered_at__isnull=True).update(
        answered_at=opinion.filed_at, answer=opinion
    )
    record_event(case=case, actor=user, kind="opinion_filed", label=EVENT_LABELS["opinion_filed"],
                 payload={"opinion": opinion.pk})
    return opinion
