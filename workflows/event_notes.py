"""Notes the application itself writes on a case event, shown in the reader's language.

A note typed by a person is stored in `CaseEvent.note` and shown as typed. A note the application
composes (the deadline sentence, the task of the checklist that was done) is stored as a message
key with its parameters in the event's payload, and written out when the event is shown, in the
language of whoever reads it.

Events written before the keys existed carry the note in the writer's language. Events are part
of the hash chain (workflows/models/events.py), so a migration cannot rewrite them; `attach_notes`
maps such a note to its key where the event's payload and note allow it, when the event is shown.
"""

import re
from datetime import date

from workflows.models import CaseDeadline, DeadlineRule

NOTE_KEY, NOTE_PARAMS = "note_key", "note_params"
DEADLINE, DISMISSAL_TASK = "deadline", "dismissal_task"
LEGACY_DEADLINE_KINDS = ("deadline_started", "deadline_recomputed")
SHORT_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


def deadline_note(deadline: CaseDeadline) -> dict:
    """The payload entries of a deadline sentence: its rule version and its dates."""
    return {NOTE_KEY: DEADLINE, NOTE_PARAMS: {
        "rule": deadline.rule_id, "start": deadline.start_date, "due": deadline.due_date}}


def task_note(kind: str) -> dict:
    return {NOTE_KEY: DISMISSAL_TASK, NOTE_PARAMS: {"task": kind}}


def attach_notes(events: list, known_rules=()) -> list:
    """Set `event.shown_note` on each event, in the active language: the application's note (if
    any) above the note a person typed. At most one query for the rules, whatever the number of
    events, none when `known_rules` (the case's deadlines' rules) hold them all."""
    keyed = [(event, _key_and_params(event)) for event in events]
    rules = {rule.pk: rule for rule in known_rules}
    missing = {params["rule"] for _event, (key, params) in keyed if key == DEADLINE} - set(rules)
    if missing:
        rules.update(DeadlineRule.objects.in_bulk(missing))
    for event, (key, params) in keyed:
        written = _render(key, params, rules)
        typed = "" if key and NOTE_KEY not in event.payload else event.note
        event.shown_note = "\n".join(part for part in (written, typed) if part) or event.note
    return events


def _key_and_params(event) -> tuple[str, dict]:
    payload = event.payload or {}
    if NOTE_KEY in payload:
        return payload[NOTE_KEY], payload.get(NOTE_PARAMS, {})
    return _legacy(event, payload)


def _legacy(event, payload: dict) -> tuple[str, dict]:
    """The key of a note written before keys were stored, or ("", {}) if it cannot be told."""
    if event.kind == "dismissal_task_done" and payload.get("task"):
        return DISMISSAL_TASK, {"task": payload["task"]}
    start = SHORT_DATE.search(event.note or "")
    if event.kind in LEGACY_DEADLINE_KINDS and start and payload.get("rule") and payload.get("due"):
        day, month, year = (int(part) for part in start.groups())
        return DEADLINE, {"rule": payload["rule"], "due": payload["due"],
                          "start": date(year, month, day)}
    return "", {}


def _render(key: str, params: dict, rules: dict) -> str:
    from workflows.defence.models import DismissalTask
    from workflows.services.deadlines import deadline_sentence

    if key == DEADLINE and params.get("rule") in rules:
        deadline = CaseDeadline(rule=rules[params["rule"]], start_date=_day(params["start"]),
                                due_date=_day(params["due"]))
        return deadline_sentence(deadline)
    if key == DISMISSAL_TASK and params.get("task") in DismissalTask.Kind.values:
        return str(DismissalTask.Kind(params["task"]).label)
    return ""


def _day(value) -> date:
    # The payload is JSON: dates come back as ISO strings.
    return value if isinstance(value, date) else date.fromisoformat(value)
