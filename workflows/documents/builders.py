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
from workflows.documents.pdf import DocumentMeta
from workflows.documents.sender import letterhead, signature_block
from workflows.documents.selectors import (
    DISCIPLINARY_DECISIONS,
    DISMISSAL_DECISION,
    NO_PROSECUTION_DECISION,
)
from workflows.models import Case, DeadlineRule, Notification, Remedy, SanctionRule
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


LETTERS = frozenset({
    Kind.CONVOCATION, Kind.DISMISSAL_LETTER, Kind.REASON_NOTICE, Kind.DISCIPLINARY_DECISION,
    Kind.PREVENTIVE_SUSPENSION, Kind.NO_PROSECUTION, Kind.CLOSING_LETTER,
})
# Who initials every page of multi-page minutes (L7).
MINUTES_INITIALS = ("personeelslid", "voorzitter", "verslaggever")


def document_meta(case: Case, kind: str, version: int,
                  issued_at: datetime | None = None) -> DocumentMeta:
    title = document_title(case, kind)
    held = kind == Kind.HEARING_MINUTES and _minutes_to_sign(case)
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
        organisation=letterhead(case),
        issued_at=issued_at,
        is_letter=kind in LETTERS,
        initials=MINUTES_INITIALS if held else (),
    )


def _minutes_to_sign(case: Case) -> bool:
    """Minutes are signed unless the hearing is recorded as not having taken place (L6)."""
    hearing = case.hearings.order_by("-scheduled_at").first()
    return hearing is not None and hearing.outcome in ("", "held")


def template_name(case: Case, kind: str) -> str:
    if kind == Kind.CONVOCATION:
        track = "disciplinary" if case.track == Track.DISCIPLINARY else "dismissal"
        return f"documents/pdf/convocation_{track}.html"
    return f"documents/pdf/{kind}.html"


def render_content(*, case: Case, kind: str, version: int, issued_at: datetime,
                   user, delivery: str = "") -> DocumentContent:
    with translation.override(LANGUAGE):
        context = {
            **common_context(case=case, version=version, issued_at=issued_at, user=user,
                             delivery=delivery),
            **CONTEXT[kind](case),
            "title": document_title(case, kind),
        }
        return DocumentContent(title=context["title"],
                               markup=render_to_string(template_name(case, kind), context))


def common_context(*, case: Case, version: int, issued_at: datetime, user,
                   delivery: str = "") -> dict:
    incident = case.incident
    org = letterhead(case)
    return {
        "org": org,
        "contact_lines": [line.strip() for line in org["contact"].split("·") if line.strip()],
        # Where and when the file can be inspected (L8): configured, else the sender's address.
        "inspection": org["inspection"] or f"bij de personeelsdienst, {org['address']}, op afspraak",
        "delivery": delivery,
        "delivery_mention": wording.DELIVERY_MENTIONS.get(delivery, ""),
        "salutation": wording.salutation(incident.employee),
        "signature": signature_block(case),
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
    """The disciplinary summons is signed for the authority that decided to prosecute, which
    also hears the employee (L8)."""
    prosecution = latest_decision(case, {"prosecute"})
    context = {"provisions": case.provisions.order_by("position"), "prosecution": prosecution}
    if prosecution is not None:
        context["signature"] = signature_block(case, prosecution)
    return context


def remedy_for(case: Case, decision: str, on) -> Remedy | None:
    return Remedy.objects.in_force(decision, case.regime, on) if on else None


def decided_context(case: Case, decision) -> dict:
    """The decision, and the signature of the body that took it."""
    return {"decision": decision,
            "signature": signature_block(case, decision)}


def dismissal_letter_context(case: Case) -> dict:
    decision = latest_decision(case, {DISMISSAL_DECISION})
    return {**decided_context(case, decision), "deadline": deadline_of(case, "dismissal"),
            "remedy": remedy_for(case, Remedy.Decision.DISMISSAL, decision.decided_on)}


def reason_notice_context(case: Case) -> dict:
    dismissal_notice = case.notifications.filter(
        subject=Notification.Subject.DISMISSAL).order_by("-sent_on").first()
    return {
        **decided_context(case, latest_decision(case, {DISMISSAL_DECISION})),
        "dismissal_notice": dismissal_notice,
        "deadline": deadline_of(case, "reason_notice"),
        "dismissal_deadline": deadline_of(case, "dismissal"),
        "provisions": case.provisions.order_by("position"),
    }


def hearing_minutes_context(case: Case) -> dict:
    return defence_file(case)


def sanction_rule_of(case: Case, decision) -> SanctionRule | None:
    """The catalogue entry in force when the sanction was decided: it gives the letter the
    sanction's effect (pay included) and whether that effect is still to be confirmed."""
    if not decision or not decision.sanction:
        return None
    return SanctionRule.objects.in_force(decision.decided_on, regime=case.regime,
                                         sanction=decision.sanction)


def disciplinary_decision_context(case: Case) -> dict:
    decision = latest_decision(case, DISCIPLINARY_DECISIONS)
    return {
        **decided_context(case, decision),
        **defence_file(case),
        # Only live sanctions may be held against the employee; an erased one is never printed.
        "cited": [e for e in cited_entries(decision, case_record(case)) if not e.erased]
        if decision else [],
        "prosecution": latest_decision(case, {"prosecute"}),
        "deadline": deadline_of(case, "decision_after_hearing"),
        "provisions": case.provisions.order_by("position"),
        "remedy": remedy_for(case, Remedy.Decision.DISCIPLINARY_SANCTION, decision.decided_on),
        "remedy_after_appeal": remedy_for(case, Remedy.Decision.APPEAL_DECISION,
                                          decision.decided_on),
        "sanction_basis": wording.SANCTION_BASIS.get(case.regime, ""),
        "sanction_rule": sanction_rule_of(case, decision),
        "sanction_phrase": wording.SANCTION_PHRASES.get(decision.sanction, decision.sanction),
    }


def preventive_suspension_context(case: Case) -> dict:
    suspension = case.suspensions.select_related("imposed_by").order_by("-starts_on").first()
    imposed = case.events.filter(kind="suspension_imposed").order_by("-sequence").first()
    decided_on = timezone.localdate(imposed.created_at) if imposed else None
    prosecution = latest_decision(case, {"prosecute"})
    return {
        **decided_context(case, prosecution),
        "suspension": suspension,
        "decided_on": decided_on,
        "rule": DeadlineRule.objects.in_force("preventive_suspension_max", case.regime,
                                              suspension.starts_on),
        "remedy": remedy_for(case, Remedy.Decision.PREVENTIVE_SUSPENSION, decided_on),
    }


def no_prosecution_context(case: Case) -> dict:
    return {
        **decided_context(case, latest_decision(case, {NO_PROSECUTION_DECISION})),
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
