"""Starting, recomputing, overriding and correcting a case's deadline
(workflows/services/deadlines.py): each change touches that deadline only, leaves a trace once,
and is saved whole or not at all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.models import CaseDeadline
from workflows.services import deadlines as services
from workflows.services import steps

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def opened(hr, knowledge):
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    return steps.case_open_dismissal(case=case, user=hr, knowledge_date=knowledge)


class TestStartingADeadline:
    def test_starting_it_again_from_the_same_day_changes_nothing_and_records_nothing(
            self, hr_user):
        case = opened(hr_user, days_ago(2))
        deadline = case.deadlines.get(code="dismissal")
        events = case.events.count()
        again = services.deadline_start(case=case, code="dismissal", start=days_ago(2),
                                        actor=hr_user)
        assert again.pk == deadline.pk and again.due_date == deadline.due_date
        assert case.events.count() == events

    @pytest.mark.parametrize("moved", [-7, 7])  # a week earlier and a week later
    def test_starting_it_from_another_day_recomputes_that_case_only(self, hr_user, moved):
        case, other = opened(hr_user, days_ago(2)), opened(hr_user, days_ago(2))
        before = case.deadlines.get(code="dismissal")
        others = other.deadlines.get(code="dismissal")
        start = days_ago(2) + datetime.timedelta(days=moved)
        moved_deadline = services.deadline_start(case=case, code="dismissal", start=start,
                                                 actor=hr_user)
        assert moved_deadline.pk == before.pk and moved_deadline.start_date == start
        assert moved_deadline.due_date != before.due_date
        event = case.events.get(kind="deadline_recomputed")
        assert event.payload["previous_due"] == before.due_date.isoformat()
        kept = CaseDeadline.objects.get(pk=others.pk)
        assert (kept.start_date, kept.due_date) == (others.start_date, others.due_date)


class TestOverridesAreWholeOrNothing:
    def test_a_late_step_allowed_is_not_saved_when_its_trace_cannot_be(self, hr_user,
                                                                      monkeypatch):
        deadline = opened(hr_user, days_ago(40)).deadlines.get(code="dismissal")
        assert deadline.is_overdue

        def no_trace(**kwargs):
            raise RuntimeError("the history could not be written")

        monkeypatch.setattr(services, "record_event", no_trace)
        with pytest.raises(RuntimeError):
            services.deadline_proceed_late(deadline=deadline, user=factories.hr_lead(),
                                           justification="Toch doorgaan.")
        assert not CaseDeadline.objects.get(pk=deadline.pk).overridden

    def test_a_late_step_allowed_on_one_deadline_leaves_the_others_as_they_were(self, hr_user):
        deadline = opened(hr_user, days_ago(40)).deadlines.get(code="dismissal")
        other = opened(hr_user, days_ago(40)).deadlines.get(code="dismissal")
        services.deadline_proceed_late(deadline=deadline, user=factories.hr_lead(),
                                       justification="Toch doorgaan.")
        assert CaseDeadline.objects.get(pk=deadline.pk).overridden
        assert not CaseDeadline.objects.get(pk=other.pk).overridden

    def test_a_corrected_start_is_not_saved_when_its_trace_cannot_be(self, hr_user, monkeypatch):
        deadline = opened(hr_user, days_ago(10)).deadlines.get(code="dismissal")

        def no_trace(**kwargs):
            raise RuntimeError("the history could not be written")

        monkeypatch.setattr(services, "record_event", no_trace)
        with pytest.raises(RuntimeError):
            services.deadline_correct_start(deadline=deadline, user=factories.hr_lead(),
                                            start=days_ago(3), justification="Typfout.")
        kept = CaseDeadline.objects.get(pk=deadline.pk)
        assert (kept.start_date, kept.original_start_date) == (days_ago(10), None)

    def test_correcting_the_start_to_the_same_day_is_refused_however_the_day_is_given(
            self, hr_user):
        deadline = opened(hr_user, days_ago(3)).deadlines.get(code="dismissal")
        same = datetime.date(deadline.start_date.year, deadline.start_date.month,
                             deadline.start_date.day)
        with pytest.raises(ValidationError) as refused:
            services.deadline_correct_start(deadline=deadline, user=factories.hr_lead(),
                                            start=same, justification="Typfout.")
        assert "start" in refused.value.message_dict
        assert CaseDeadline.objects.get(pk=deadline.pk).original_start_date is None

    def test_a_corrected_start_may_be_today_and_never_a_later_day(self, hr_user):
        deadline = opened(hr_user, days_ago(10)).deadlines.get(code="dismissal")
        tomorrow = TODAY() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as refused:
            services.deadline_correct_start(deadline=deadline, user=factories.hr_lead(),
                                            start=tomorrow, justification="Typfout.")
        assert refused.value.message_dict == {"start": ["This date cannot be in the future."]}
        assert CaseDeadline.objects.get(pk=deadline.pk).start_date == days_ago(10)
        today = datetime.date(TODAY().year, TODAY().month, TODAY().day)
        corrected = services.deadline_correct_start(deadline=deadline, user=factories.hr_lead(),
                                                    start=today, justification="Typfout.")
        assert (corrected.start_date, corrected.original_start_date) == (TODAY(), days_ago(10))

    def test_a_corrected_start_changes_that_deadline_only(self, hr_user):
        deadline = opened(hr_user, days_ago(10)).deadlines.get(code="dismissal")
        other = opened(hr_user, days_ago(10)).deadlines.get(code="dismissal")
        corrected = services.deadline_correct_start(
            deadline=deadline, user=factories.hr_lead(), start=days_ago(3),
            justification="De datum van de melding werd ingevuld.")
        assert (corrected.start_date, corrected.original_start_date) == (days_ago(3),
                                                                         days_ago(10))
        kept = CaseDeadline.objects.get(pk=other.pk)
        assert (kept.start_date, kept.due_date, kept.original_start_date) == (
            other.start_date, other.due_date, None)
