"""Which documents a case can produce now, who may issue them, and the case's issued documents."""

from django.db.models import QuerySet

from workflows.documents.models import IssuedDocument
from workflows.models import Case, Sanction
from workflows.states import Track

Kind = IssuedDocument.Kind

HANDLE_PERMISSION = "workflows.handle_case"
REVIEW_PERMISSION = "workflows.review_case"
DISMISSAL_DECISION = "dismissal"
NO_PROSECUTION_DECISION = "no_prosecution"
# Decision.kind of a disciplinary decision: the sanction imposed, or "no_sanction".
DISCIPLINARY_DECISIONS = {*Sanction.values, "no_sanction"}


def _has_decision(case: Case, kinds) -> bool:
    # Read through `all()`: on the case page the decisions are already fetched (prefetch_case_page).
    return any(decision.kind in kinds for decision in case.decisions.all())


# What the case must contain before each document can be written.
AVAILABLE_WHEN = {
    Kind.INCIDENT_REPORT: lambda case: True,
    Kind.CONVOCATION: lambda case: case.hearings.exists(),
    Kind.HEARING_MINUTES: lambda case: case.hearings.exists(),
    Kind.DISMISSAL_LETTER: lambda case: _has_decision(case, {DISMISSAL_DECISION}),
    Kind.REASON_NOTICE: lambda case: _has_decision(case, {DISMISSAL_DECISION}),
    Kind.DISCIPLINARY_DECISION: lambda case: (
        case.track == Track.DISCIPLINARY and _has_decision(case, DISCIPLINARY_DECISIONS)
    ),
    Kind.PREVENTIVE_SUSPENSION: lambda case: case.suspensions.exists(),
    Kind.NO_PROSECUTION: lambda case: case.outcome == Case.Outcome.NOT_PROSECUTED,
    Kind.CLOSING_LETTER: lambda case: case.outcome == Case.Outcome.NO_FOLLOW_UP,
    Kind.CASE_FILE: lambda case: True,
}


def documents_available(case: Case) -> list[str]:
    """The kinds of document the case's state and data allow, in procedural order."""
    return [kind for kind in Kind if AVAILABLE_WHEN[kind](case)]


def document_available(case: Case, kind: str) -> bool:
    """Whether the case allows document `kind` now; asks only what that kind needs."""
    return kind in AVAILABLE_WHEN and AVAILABLE_WHEN[kind](case)


def issue_right(user, case: Case):
    """Whether `user` may issue, mark or supersede a kind of document of `case`, as a function of
    the kind, with the permissions looked up once for any number of documents.

    The case's handlers issue its documents; a legal reviewer may also compile the case file."""
    handles = user.has_perm(HANDLE_PERMISSION, case)
    reviews = handles or user.has_perm(REVIEW_PERMISSION, case)
    return lambda kind: handles or (kind == Kind.CASE_FILE and reviews)


def user_may_issue(user, case: Case, kind: str) -> bool:
    return issue_right(user, case)(kind)


def kinds_user_may_issue(user, case: Case) -> list[str]:
    may_issue = issue_right(user, case)
    return [kind for kind in documents_available(case) if may_issue(kind)]


def documents_of_case(case: Case) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(case=case).select_related("generated_by").order_by(
        "generated_at", "id"
    )


def latest_document(case: Case, kind: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(case=case, kind=kind).order_by("-version").first()
