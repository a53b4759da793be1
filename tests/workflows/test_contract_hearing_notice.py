"""The hearing before a dismissal of contractual staff (GwH 86/2017 and 22/2018) has a minimum
notice in the rulebook, flagged to be confirmed and enforced like the disciplinary summons."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from workflows.deadlines import due_date
from workflows.legal_sources import source_in_language
from workflows.models import DeadlineRule, Hearing
from workflows.services import steps
from workflows.services.steps import NOTICE_TOO_SHORT, TO_BE_CONFIRMED

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def rule():
    return DeadlineRule.objects.in_force("hearing_notice", "contract", TODAY())


def opened(case, hr):
    return steps.case_open_dismissal(case=case, user=hr, knowledge_date=TODAY())


def test_the_rulebook_holds_a_flagged_notice_for_the_contract_law_hearing():
    notice = rule()
    assert (notice.length, notice.unit, notice.to_be_confirmed) == (2, "working_days", True)
    assert "86/2017" in notice.legal_source


def test_an_invitation_for_the_next_day_is_refused_with_the_flagged_rule(contractual_case,
                                                                         hr_user):
    case = opened(contractual_case, hr_user)
    sent = datetime.date(2026, 11, 27)  # a Friday: Saturday counts, Sunday does not (art. 35)
    earliest = due_date(start=sent, length=2, unit="working_days")
    assert earliest == datetime.date(2026, 11, 30)
    with pytest.raises(ValidationError) as error:
        steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=at(earliest) -
                                   datetime.timedelta(days=2), summoned_on=sent, place="Zaal",
                                   facts_summary="F", confirm_unusual_time=True,
                                   confirm_after_deadline=True)
    assert error.value.message_dict["scheduled_at"] == [NOTICE_TOO_SHORT % {
        "length": rule().length_label, "earliest": "30/11/2026",
        "source": source_in_language(rule().legal_source),
        "flag": TO_BE_CONFIRMED}]
    assert not Hearing.objects.filter(case=case).exists()
    steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=at(earliest),
                               summoned_on=sent, place="Zaal", facts_summary="F",
                               confirm_after_deadline=True)
    assert Hearing.objects.filter(case=case).count() == 1


def test_the_form_shows_the_refusal_and_keeps_the_input(client, contractual_case, hr_user):
    case = opened(contractual_case, hr_user)
    client.force_login(hr_user)
    tomorrow = at(TODAY() + datetime.timedelta(days=1))
    response = client.post(reverse("workflows:case_step", args=[case.reference, "convene_hearing"]),
                           {"scheduled_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
                            "place": "Zaal 4", "facts_summary": "Bericht op Facebook.",
                            "confirm_unusual_time": "on", "confirm_after_deadline": "on"})
    page = response.content.decode()
    assert "at least 2 working days after the summons" in page
    assert "to be confirmed by the legal service" in page
    assert "Zaal 4" in page
    assert not Hearing.objects.filter(case=case).exists()
