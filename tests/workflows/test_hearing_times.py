"""A hearing that took place has a start and an end time, recorded with it, the end after the
start; a hearing that did not take place may have neither (findings L7)."""

import datetime
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from workflows.models import Case
from workflows.sealing import field_digest, sealed_state
from workflows.services import steps
from workflows.services.steps import HEARING_ENDS_BEFORE_START, HEARING_TIMES_REQUIRED
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def scheduled(case, hr):
    case = steps.case_open_dismissal(case=case, user=hr, knowledge_date=TODAY())
    return steps.case_convene_hearing(
        case=case, user=hr, place="Zaal 1", facts_summary="Feiten.", confirm_unusual_time=True,
        summoned_on=TODAY() - datetime.timedelta(days=7),
        scheduled_at=timezone.make_aware(datetime.datetime.combine(TODAY(), time(10))))


def record(case, hr, **times):
    return steps.case_record_hearing(case=case, user=hr, outcome="held", held_on=TODAY(),
                                     minutes="Verklaring.", **times)


class TestRecordingTheTimes:
    @pytest.mark.parametrize("times, field", [
        ({}, "start_time"),
        ({"start_time": time(10)}, "end_time"),
        ({"end_time": time(11)}, "start_time"),
    ])
    def test_a_held_hearing_needs_both_its_start_and_its_end(self, contractual_case, hr_user,
                                                             times, field):
        case = scheduled(contractual_case, hr_user)
        with pytest.raises(ValidationError) as error:
            record(case, hr_user, **times)
        assert error.value.message_dict[field] == [str(HEARING_TIMES_REQUIRED)]
        assert Case.objects.get(pk=case.pk).state == CaseState.DISMISSAL_HEARING_SCHEDULED

    @pytest.mark.parametrize("end", [time(9, 59), time(10, 30)])
    def test_a_hearing_cannot_end_before_or_when_it_started(self, contractual_case, hr_user,
                                                            end):
        case = scheduled(contractual_case, hr_user)
        with pytest.raises(ValidationError) as error:
            record(case, hr_user, start_time=time(10, 30), end_time=end)
        assert error.value.message_dict["end_time"] == [str(HEARING_ENDS_BEFORE_START)]
        assert case.hearings.get().start_time is None

    def test_the_times_are_stored_and_sealed_with_the_hearing(self, contractual_case, hr_user):
        case = record(scheduled(contractual_case, hr_user), hr_user,
                      start_time=time(10, 5), end_time=time(11, 20))
        hearing = case.hearings.get()
        assert (hearing.start_time, hearing.end_time) == (time(10, 5), time(11, 20))
        payloads = case.events.order_by("sequence").values_list("payload", flat=True)
        sealed = sealed_state(payloads)[f"workflows.hearing:{hearing.pk}"]
        assert sealed["end_time"] == field_digest(time(11, 20))

    def test_a_hearing_that_did_not_take_place_needs_no_times(self, contractual_case, hr_user):
        case = steps.case_record_hearing(
            case=scheduled(contractual_case, hr_user), user=hr_user, outcome="refused",
            held_on=TODAY(), outcome_reason="Weigerde telefonisch.")
        hearing = case.hearings.get()
        assert hearing.outcome == "refused"
        assert hearing.start_time is None and hearing.end_time is None


class TestTheForm:
    def url(self, case):
        return reverse("workflows:case_step", args=[case.reference, "record_hearing"])

    def post(self, client, case, **times):
        return client.post(self.url(case), {
            "outcome": "held", "held_on": TODAY().isoformat(), "minutes": "Verklaring.",
            "attendees": "", "outcome_reason": "", "date_note": "", **times}, follow=True)

    def test_hr_enters_the_times_and_the_case_page_shows_them(self, client, contractual_case,
                                                              hr_user):
        case = scheduled(contractual_case, hr_user)
        client.force_login(hr_user)
        response = self.post(client, case, start_time="10:05", end_time="11:20")
        assert response.status_code == 200
        assert case.hearings.get().end_time == time(11, 20)
        assert "10:05–11:20" in response.content.decode()

    def test_an_end_before_the_start_is_shown_and_nothing_typed_is_lost(
            self, client, contractual_case, hr_user):
        case = scheduled(contractual_case, hr_user)
        client.force_login(hr_user)
        response = self.post(client, case, start_time="11:20", end_time="10:05")
        page = response.content.decode()
        assert str(HEARING_ENDS_BEFORE_START) in page
        assert 'value="11:20"' in page and 'value="10:05"' in page
        assert case.hearings.get().outcome == ""


def test_a_hearing_that_did_not_take_place_with_one_time_needs_the_other(contractual_case,
                                                                          hr_user):
    case = scheduled(contractual_case, hr_user)
    with pytest.raises(ValidationError) as error:
        steps.case_record_hearing(case=case, user=hr_user, outcome="refused", held_on=TODAY(),
                                  outcome_reason="Weigerde ter plaatse.", start_time=time(10))
    assert error.value.message_dict["end_time"] == [str(HEARING_TIMES_REQUIRED)]
