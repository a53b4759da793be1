"""The content of each document: which template it uses and what the template is given.

Templates (templates/documents/pdf/) hold all the wording; this module only gathers the case's
data. Everything is rendered under translation.override("nl-be"), so Django writes dates in Dutch.
Deadlines are phrased by templates/documents/pdf/_deadline.html from the rulebook's Dutch fields,
not by deadline_sentence(), whose wording follows the interface's translation catalogue.
"""

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from workflows.checkpoints import case_head
from workflows.defence.record import case_record, cited_entries
from workflows.defence.selectors import defence_file
from workflows.documents import wording
from workflows.documents.models import IssuedDocument
from workflows.documents.pdf import DocumentMeta, organisation
from workflows.documents.selectors import (
    DISCIPLINARY_DECISIONS,
    DISMISSAL_DECISION,
    NO_PROSECUTION_DECISION,
)
from workflows.models import Case, DeadlineRule, Notification
from workflows.services.disciplinary import APPEAL_BODIES
from workflows.states import Track

Kind = IssuedDocument.Kind
LANGUAGE = "nl-be"


@dataclass(frozen=True)
class DocumentContent:
    title: str
    markup: str


def document_title(case: Case, kind: str) -> str:
    if kind == Kind.CONVOCATION and case.track == Track.DISCIPLINARY:
        return wording.SUMMONS_TITLE
    return wording.TITLES[kind]


def document_meta(case: Case, kind: str, version: int) -> DocumentMeta:
    title = document_title(case, kind)
    # The head of the case's history when the document was issued, anchored outside the database
    # (workflows/checkpoints.py): every page prints its number and the first 16 hex digits of its
    # hash, the PDF's subject holds the whole hash.
    head = case_head(case)
    anchor = f"historiek nr. {head.sequence} {head.hash[:16]}" if head else ""
    return DocumentMeta(
        title=f"{title} — {case.reference}",
        reference=case.reference,
        subject=f"Dossier {case.reference}: {title} (versie {version})"
                + (f"; historiek nr. {head.sequence} {head.hash}" if head else ""),
        footer=f"{case.reference} · versie {version} · {anchor}",
        organisation=organisation(),
    )


def template_name(case: Case, kind: str) -> str:
    if kind == Kind.CONVOCATION:
        track = "disciplinary" if case.track == Track.DISCIPLINARY else "dismissal"
        return f"documents/pdf/convocation_{track}.html"
    return f"documents/pdf/{kind}.html"


def render_content(*, case: Case, kind: str, version: int, issued_at: datetime,
                   user) -> DocumentContent:
    with translation.override(LANGUAGE):
        context = {
            **common_context(case=case, version=version, issued_at=issued_at, user=user),
            **CONTEXT[kind](case),
            "title": document_title(case, kind),
        }
        return DocumentContent(title=context["title"],
                               markup=render_to_string(template_name(case, kind), context))


def common_context(*, case: Case, version: int, issued_at: datetime, user) -> dict:
    incident = case.incident
    return {
        "org": organisation(),
        "case": case,
        "incident": incident,
        "employee": incident.employee,
        "legal_status": incident.employee.status_on(incident.facts_date) or case.legal_status,
        "hearing": case.hearings.order_by("-scheduled_at").first(),
        "version": version,
        "issued_at": issued_at,
        "issue_date": timezone.localdate(issued_at),
        "issued_by": user,
        "legal_basis": wording.LEGAL_BASIS.get(case.regime, ""),
    }


def latest_decision(case: Case, kinds):
    return case.decisions.filter(kind__in=list(kinds)).order_by("-decided_on", "-id").first()


def deadline_of(case: Case, code: str):
    """The case's latest deadline `code`, running or already met."""
    return case.deadlines.filter(code=code).select_related("rule").order_by("-id").first()


def incident_report_context(case: Case) -> dict:
    incident = case.incident
    evidence = incident.evidence.select_related("added_by", "addendum").order_by("added_at", "id")
    return {
        "provisions": incident.provisions.select_related("code_version").order_by("position"),
        "case_provisions": case.provisions.order_by("position"),
        "people": incident.people.all(),
        "evidence": evidence,
        "addenda": incident.addenda.select_related("author").order_by("number"),
    }


def convocation_context(case: Case) -> dict:
    return {"provisions": case.provisions.order_by("position")}


def dismissal_letter_context(case: Case) -> dict:
    return {"decision": latest_decision(case, {DISMISSAL_DECISION}),
            "deadline": deadline_of(case, "dismissal")}


def reason_notice_context(case: Case) -> dict:
    dismissal_notice = case.notifications.filter(
        subject=Notification.Subject.DISMISSAL).order_by("-sent_on").first()
    return {
        "decision": latest_decision(case, {DISMISSAL_DECISION}),
        "dismissal_notice": dismissal_notice,
        "deadline": deadline_of(case, "reason_notice"),
        "dismissal_deadline": deadline_of(case, "dismissal"),
        "provisions": case.provisions.order_by("position"),
    }


def hearing_minutes_context(case: Case) -> dict:
    return defence_file(case)


def disciplinary_decision_context(case: Case) -> dict:
    decision = latest_decision(case, DISCIPLINARY_DECISIONS)
    return {
        **defence_file(case),
        # Only live sanctions may be held against the employee; an erased one is never printed.
        "cited": [e for e in cited_entries(decision, case_record(case)) if not e.erased]
        if decision else [],
        "decision": decision,
        "prosecution": latest_decision(case, {"prosecute"}),
        "appeal_rule": DeadlineRule.objects.in_force("appeal", case.regime, decision.decided_on),
        "appeal_body": APPEAL_BODIES.get(case.regime, ""),
        "deadline": deadline_of(case, "decision_after_hearing"),
    }


def preventive_suspension_context(case: Case) -> dict:
    suspension = case.suspensions.select_related("imposed_by").order_by("-starts_on").first()
    return {
        "suspension": suspension,
        "rule": DeadlineRule.objects.in_force("preventive_suspension_max", case.regime,
                                              suspension.starts_on),
    }


def no_prosecution_context(case: Case) -> dict:
    return {
        "decision": latest_decision(case, {NO_PROSECUTION_DECISION}),
        "suspensions": case.suspensions.order_by("starts_on"),
    }


def closing_letter_context(case: Case) -> dict:
    closing = case.events.filter(kind="close_without_follow_up").order_by("-sequence").first()
    return {"closing": closing}


def case_file_context(case: Case) -> dict:
    from workflows.documents.casefile import case_file_context as context

    return context(case)


CONTEXT = {
    Kind.INCIDENT_REPORT: incident_report_context,
    Kind.CONVOCATION: convocation_context,
    Kind.HEARING_MINUTES: hearing_minutes_context,
    Kind.DISMISSAL_LETTER: dismissal_letter_context,
    Kind.REASON_NOTICE: reason_notice_context,
    Kind.DISCIPLINARY_DECISION: disciplinary_decision_context,
    Kind.PREVENTIVE_SUSPENSION: preventive_suspension_context,
    Kind.NO_PROSECUTION: no_prosecution_context,
    Kind.CLOSING_LETTER: closing_letter_context,
    Kind.CASE_FILE: case_file_context,
}
