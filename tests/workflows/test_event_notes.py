"""Notes the application writes on a case's events are shown in the reader's language; notes a
person typed are shown as typed."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests import factories
from tests.defence.conftest import heard_case, reload, sanction_and_notify  # noqa: F401 (fixture)
from workflows.defence import proceedings
from workflows.defence.models import DismissalTask
from workflows.event_notes import attach_notes
from workflows.events import record_event
from workflows.integrity import chain_is_intact
from workflows.models import CaseDeadline, Sanction
from workflows.services import steps
from workflows.services.deadlines import deadline_correct_start, deadline_sentence
from workflows.services.labels import EVENT_LABELS

pytestmark = pytest.mark.django_db
DUTCH, ENGLISH = "nl-be", "en"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def note_in(language: str, event) -> str:
    with translation.override(language):
        return attach_notes([event])[0].shown_note


def sentence_in(language: str, deadline: CaseDeadline) -> str:
    with translation.override(language):
        return deadline_sentence(deadline)


@pytest.fixture
def dismissal(contractual_case, hr_user):
    return steps.case_open_dismissal(case=contractual_case, user=hr_user,
                                     knowledge_date=days_ago(1))


class TestDeadlineSentence:
    def test_the_same_event_reads_in_dutch_and_in_english(self, dismissal):
        event = dismissal.events.get(kind="deadline_started")
        deadline = dismissal.deadlines.get(code="dismissal")
        dutch, english = note_in(DUTCH, event), note_in(ENGLISH, event)
        assert dutch == sentence_in(DUTCH, deadline) and deadline.rule.name_nl in dutch
        assert english == sentence_in(ENGLISH, deadline) and deadline.rule.name_en in english
        assert dutch != english

    def test_the_event_stores_a_key_and_its_parameters_not_the_sentence(self, dismissal):
        event = dismissal.events.get(kind="deadline_started")
        deadline = dismissal.deadlines.get(code="dismissal")
        assert event.note == ""
        assert event.payload["note_key"] == "deadline"
        assert event.payload["note_params"] == {
            "rule": deadline.rule_id, "start": deadline.start_date.isoformat(),
            "due": deadline.due_date.isoformat()}
        assert chain_is_intact(dismissal)

    def test_a_typed_reason_stays_as_typed_below_the_translated_sentence(self, dismissal):
        deadline = dismissal.deadlines.get(code="dismissal")
        deadline = deadline_correct_start(deadline=deadline, user=factories.hr_lead(),
                                          start=days_ago(0), justification="Typfout in de datum.")
        event = dismissal.events.get(kind="deadline_start_corrected")
        assert note_in(ENGLISH, event) == f"{sentence_in(ENGLISH, deadline)}\nTypfout in de datum."
        assert note_in(DUTCH, event) == f"{sentence_in(DUTCH, deadline)}\nTypfout in de datum."


class TestNotesWrittenBeforeTheKeys:
    """Older events hold the sentence in the writer's language; they cannot be rewritten (the
    hash chain), so they are mapped to their key when shown."""

    def test_a_dutch_deadline_sentence_is_shown_in_english_to_an_english_reader(
        self, dismissal, hr_user, client
    ):
        deadline = dismissal.deadlines.get(code="dismissal")
        dutch = sentence_in(DUTCH, deadline)
        with transaction.atomic():
            record_event(case=dismissal, actor=hr_user, kind="deadline_recomputed",
                         label=EVENT_LABELS["deadline_recomputed"], note=dutch,
                         payload={"code": "dismissal", "rule": deadline.rule_id,
                                  "rule_version": deadline.rule.version,
                                  "due": deadline.due_date})
        client.force_login(hr_user)
        page = client.get(dismissal.get_absolute_url()).content.decode()
        timeline = page[page.index('id="timeline"'):]
        assert sentence_in(ENGLISH, deadline) in timeline
        assert dutch not in page

    def test_a_note_that_cannot_be_mapped_is_shown_as_written(self, dismissal, hr_user):
        with transaction.atomic():
            event = record_event(case=dismissal, actor=hr_user, kind="deadline_recomputed",
                                 label=EVENT_LABELS["deadline_recomputed"],
                                 note="Handmatig genoteerd.", payload={})
        assert note_in(ENGLISH, event) == "Handmatig genoteerd."


@pytest.fixture
def dismissed(heard_case, hr_user, decider_user):
    return sanction_and_notify(reload(heard_case), hr_user, decider_user,
                               sanction=Sanction.DISMISSAL, sent_on=datetime.date(2026, 11, 26))


def test_a_checklist_task_done_reads_in_the_readers_language(dismissed, hr_user):
    proceedings.dismissal_checklist_create(case=dismissed, user=hr_user)
    task = dismissed.dismissal_tasks.get(kind=DismissalTask.Kind.C4)
    proceedings.dismissal_task_complete(task=task, user=hr_user,
                                        done_on=datetime.date(2026, 11, 30))
    event = dismissed.events.get(kind="dismissal_task_done")
    with translation.override(DUTCH):
        dutch_label = str(DismissalTask.Kind.C4.label)
    assert note_in(ENGLISH, event) == "Hand over the C4 form (unemployment certificate)"
    assert note_in(DUTCH, event) == dutch_label != note_in(ENGLISH, event)


def test_the_notes_of_many_events_take_one_query(dismissal, hr_user):
    events = list(dismissal.events.all())
    with CaptureQueriesContext(connection) as one:
        attach_notes(events)
    deadline = dismissal.deadlines.get(code="dismissal")
    for start in (days_ago(0), days_ago(1), days_ago(0)):
        deadline = deadline_correct_start(deadline=deadline, user=factories.hr_lead(),
                                          start=start, justification="Verbeterd.")
    events = list(dismissal.events.all())
    with CaptureQueriesContext(connection) as many:
        attach_notes(events)
    assert len(one.captured_queries) == len(many.captured_queries) == 1
