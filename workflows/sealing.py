"""Sealing what a court relies on into the case's hash chain.

The chain of `CaseEvent` rows proves that no event was edited or removed. This module extends that
proof to the content the events are about: the submitted report, its people and evidence, addenda,
review requests and legal opinions, hearings and their minutes, decisions, notifications, appeals,
preventive suspensions, case attachments, criminal proceedings, holds, the dismissal notice period
and issued documents.

How it works, in three parts:

1. The registry. `SEALED` lists every sealed model: its label, how its rows reach their case (a
   queryset lookup) and the fields that make up its content. Adding a model is ONE line here, e.g.
   ``Sealed("incidents.attachment", "incident__case", ("kind", "file", "sha256", ...))``.
2. Sealing. `record_event` (workflows/events.py) asks `pending_seals(case)` for every registered row
   of the case that is new, changed or gone since the last seal, and stores the SHA-256 of each of
   its fields in the event's payload under ``"sealed"`` (``{"app.model:pk": {field: sha256}}``,
   ``null`` for a row that was removed by a service). The payload is part of the event's own hash,
   so the seal is chained like everything else. A service therefore seals what it wrote simply by
   writing it before it records its event, in the same transaction.
3. Verification. `verify_case_history` folds the seals of a case's events into the latest sealed
   state and compares it field by field with the rows as they are now (`content_findings`): an
   edited field is named, a deleted row and a row no event ever sealed are reported.

Events written before sealing existed carry no seals. Migration
``workflows/0007_seal_existing_content`` appended one ``content_sealed`` event to every case that
existed then, sealing its content as it stood at that moment: from then on every change is covered.
A field added to a model's entry later is covered from the next seal of that row (older seals only
prove the fields they list).
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cache

from django.apps import apps as global_apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection


@dataclass(frozen=True)
class Sealed:
    model: str
    case_lookup: str
    fields: tuple[str, ...]


SEALED = (
    Sealed("incidents.incident", "case", (
        "reporter", "employee", "facts_date", "facts_time", "knowledge_date", "platform",
        "platform_name", "account_kind", "account_name", "communication", "provisions",
        "description", "content_urls", "still_online", "status", "submitted_at")),
    Sealed("incidents.involvedperson", "incident__case", ("incident", "name", "role", "details")),
    Sealed("incidents.addendum", "incident__case", (
        "incident", "number", "author", "created_at", "text")),
    Sealed("incidents.evidence", "incident__case", (
        "incident", "addendum", "kind", "file", "original_name", "content_type", "size", "sha256",
        "url", "captured_at", "note", "added_by", "added_at")),
    Sealed("workflows.reviewrequest", "case", (
        "case", "reviewer", "requested_by", "question", "requested_at", "answered_at", "due_date",
        "answer")),
    Sealed("workflows.legalopinion", "case", ("case", "author", "text", "filed_at")),
    Sealed("workflows.hearing", "case", (
        "case", "scheduled_at", "place", "facts_summary", "outcome", "held_on", "start_time",
        "end_time", "attendees", "minutes", "outcome_reason", "gave_certain_knowledge",
        "knowledge_justification", "date_note")),
    Sealed("workflows.decision", "case", (
        "case", "kind", "sanction", "duration_months", "withholding_fraction", "reasons",
        "deviation_reason", "authority", "body", "competence_rule", "decided_by", "decided_on")),
    Sealed("workflows.sanctionproposal", "case", (
        "case", "proposer", "proposer_role", "sanction", "duration_months", "motivation",
        "proposed_on", "recorded_by")),
    Sealed("workflows.notification", "case", ("case", "subject", "method", "sent_on",
                                               "received_on")),
    Sealed("workflows.appeal", "case", ("case", "body", "lodged_on", "outcome", "outcome_on")),
    Sealed("workflows.preventivesuspension", "case", (
        "case", "starts_on", "ends_on", "salary_reduction", "salary_reduction_percent", "rule",
        "reason", "heard_on", "no_hearing_reason", "ended_on", "end_reason", "imposed_by")),
    Sealed("defence.caseattachment", "case", (
        "case", "kind", "hearing", "notification", "document_date", "track_and_trace", "note",
        "file", "original_name", "content_type", "size", "sha256", "added_by", "added_at")),
    Sealed("defence.fileinspection", "case", (
        "case", "inspected_on", "place", "pieces", "recorded_by", "recorded_at")),
    Sealed("defence.counsel", "case", (
        "case", "name", "capacity", "hearing", "attended", "recorded_by", "recorded_at")),
    Sealed("defence.criminalproceeding", "case", (
        "case", "body", "reference", "known_on", "ended_on", "recorded_by")),
    Sealed("defence.casehold", "case", (
        "case", "proceeding", "starts_on", "ends_on", "basis", "note")),
    Sealed("defence.dismissalnotice", "case", (
        "case", "notification", "weeks", "starts_on", "ends_on", "recorded_by", "recorded_at")),
    Sealed("documents.issueddocument", "case", (
        "case", "kind", "version", "title", "file", "sha256", "size", "content", "generated_by",
        "generated_at", "delivery", "sent_on", "sent_method", "sent_by", "approved_by", "approved_at",
        "superseded_reason", "superseded_at", "superseded_by")),
)


def object_key(entry: Sealed, pk) -> str:
    return f"{entry.model}:{pk}"


def _value(instance, name: str):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(instance, name).values_list("pk", flat=True))
    value = field.value_from_object(instance)
    return getattr(value, "name", value) if field.get_internal_type() == "FileField" else value


def field_digest(value) -> str:
    canonical = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_digests(instance, fields) -> dict[str, str]:
    """The SHA-256 of each sealed field of one row (only the fields this model version has)."""
    present = {f.name for f in instance._meta.get_fields()}
    return {name: field_digest(_value(instance, name)) for name in fields if name in present}


def _model(entry: Sealed, apps):
    try:
        return apps.get_model(entry.model)
    except LookupError:
        return None


def current_content(case_pk, apps=global_apps) -> dict[str, tuple[Sealed, dict]]:
    """Every registered row of the case as it is now: key -> (entry, field digests)."""
    found = {}
    for entry, model in _tables_with_rows(case_pk, apps):
        for row in _rows(model, entry.case_lookup, case_pk):
            found[object_key(entry, row.pk)] = (entry, content_digests(row, entry.fields))
    return found


# Every event looks in each registered table, most of them empty for its case. For the current
# models, one query first finds the tables that hold rows of the case, and the look-up of each
# table is compiled to SQL once per process, then only run with the case's id. A migration's
# historical models are looked up as usual.

def _tables_with_rows(case_pk, apps) -> list[tuple[Sealed, type]]:
    if apps is not global_apps:
        return [(entry, model) for entry in SEALED if (model := _model(entry, apps)) is not None]
    with connection.cursor() as cursor:
        cursor.execute(_probe_sql(connection.vendor), [case_pk] * len(SEALED))
        found = sorted(index for (index,) in cursor.fetchall())
    return [(SEALED[index], global_apps.get_model(SEALED[index].model)) for index in found]


def _rows(model, case_lookup: str, case_pk):
    """The model's rows of the case, in primary-key order."""
    if model._meta.apps is not global_apps:
        return model._base_manager.filter(**{case_lookup: case_pk}).order_by("pk")
    return model._base_manager.raw(_rows_sql(model, case_lookup, connection.vendor), [case_pk])


@cache
def _rows_sql(model, case_lookup: str, vendor: str) -> str:
    """The SQL of the look-up, the case's id its one parameter (a chain of foreign keys); each
    database `vendor` gets its own."""
    sql, _case_pk = (model._base_manager.filter(**{case_lookup: 0}).order_by("pk")
                     .query.sql_with_params())
    return sql


@cache
def _probe_sql(vendor: str) -> str:
    """The indexes, among the registered tables, of those that hold a row of the case."""
    looks = (_rows_sql(global_apps.get_model(entry.model), entry.case_lookup, vendor)
             for entry in SEALED)
    return " UNION ALL ".join(f"SELECT {index} WHERE EXISTS ({sql})"
                              for index, sql in enumerate(looks))


def sealed_state(payloads) -> dict[str, dict | None]:
    """The latest seal of every object, folded from the events' payloads in sequence order."""
    state = {}
    for payload in payloads:
        state.update((payload or {}).get("sealed", {}))
    return state


def pending_seals(case_pk, payloads, apps=global_apps) -> dict[str, dict | None]:
    """What the next event must seal: rows new or changed since the last seal, and rows gone."""
    state = sealed_state(payloads)
    current = current_content(case_pk, apps)
    seals = {key: digests for key, (_entry, digests) in current.items()
             if state.get(key) != digests}
    seals.update({key: None for key, digests in state.items()
                  if digests is not None and key not in current})
    return seals


@dataclass(frozen=True)
class ContentProblem:
    key: str
    field: str = ""
    kind: str = "changed"  # "changed", "deleted" or "unsealed"


def content_problems(case_pk, payloads) -> list[ContentProblem]:
    """Compare the rows of the case with their latest seals."""
    state = sealed_state(payloads)
    current = current_content(case_pk)
    problems = []
    for key, (_entry, digests) in current.items():
        sealed = state.get(key)
        if sealed is None:
            problems.append(ContentProblem(key, kind="unsealed"))
            continue
        problems.extend(ContentProblem(key, name) for name, digest in sealed.items()
                        if name in digests and digests[name] != digest)
    problems.extend(ContentProblem(key, kind="deleted") for key, digests in state.items()
                    if digests is not None and key not in current)
    return problems
