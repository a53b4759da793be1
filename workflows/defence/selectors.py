"""What the case page, the decision form, the documents and the subject-access export show of the
defence file, the record, criminal proceedings and the checklist after a dismissal. A fixed number
of queries whatever the number of rows."""

from django.db.models import Prefetch, prefetch_related_objects

from workflows.defence.extension import running_suspension
from workflows.defence.models import AttachmentKind, CaseAttachment, Counsel, FileInspection
from workflows.defence.proceedings import is_dismissed, registered_letter_effect
from workflows.defence.record import case_record
from workflows.defence.services import may_attach
from workflows.models import Case

DEFENCE_KINDS = {AttachmentKind.WRITTEN_DEFENCE, AttachmentKind.MINUTES_REMARKS}


# The defence file's relations; the case page fetches them with its own (CASE_PAGE_RELATIONS), so
# that `defence_file` then reads them without asking again.
DEFENCE_FILE_RELATIONS = (
    Prefetch("attachments", queryset=CaseAttachment.objects.select_related(
        "added_by", "hearing", "notification")),
    Prefetch("inspections", queryset=FileInspection.objects.select_related("recorded_by")),
    Prefetch("counsel", queryset=Counsel.objects.select_related("hearing")),
)


def defence_file(case: Case) -> dict:
    """The employee's defence: attachments, inspections of the file and counsel."""
    prefetch_related_objects([case], *DEFENCE_FILE_RELATIONS)
    attachments = list(case.attachments.all())
    return {
        "attachments": attachments,
        "defence_documents": [a for a in attachments if a.kind in DEFENCE_KINDS],
        "inspections": list(case.inspections.all()),
        "counsel": list(case.counsel.all()),
    }


def citations_by_decision(case: Case, record) -> dict:
    """The record entries each decision cites, read from the case's decisions (on the case page
    fetched with their citations, CASE_PAGE_RELATIONS)."""
    by_key = {entry.key: entry for entry in record}
    cited: dict[int, list] = {}
    for decision in case.decisions.all():
        for citation in decision.citations.all():
            key = (f"d{citation.cited_decision_id}" if citation.cited_decision_id
                   else f"p{citation.cited_entry_id}")
            if key in by_key:
                cited.setdefault(decision.pk, []).append(by_key[key])
    return cited


def letter_effects(case: Case, notifications) -> list[dict]:
    effects = []
    for notification in notifications:
        effect = registered_letter_effect(case, notification)
        if effect:
            effects.append({"notification": notification, "rule": effect[0], "date": effect[1]})
    return effects


def defence_page_data(case: Case, user) -> dict:
    record = case_record(case)
    holds = list(case.holds.all())  # with their proceeding: prefetch_case_page
    proceedings = list(case.criminal_proceedings.all())
    return {
        **defence_file(case),
        "record": record,
        "citations": citations_by_decision(case, record),
        "criminal_proceedings": proceedings,
        "running_proceedings": [p for p in proceedings if p.ended_on is None],
        "holds": holds,
        "open_hold": next((h for h in holds if h.ends_on is None), None),
        "dismissal_tasks": list(case.dismissal_tasks.all()),
        "letter_effects": letter_effects(case, case.notifications.all()),
        "is_dismissed": is_dismissed(case),
        "notice_period": getattr(case, "dismissal_notice", None),
        "running_suspension": running_suspension(case),
        "may_attach": may_attach(user, case),
    }
