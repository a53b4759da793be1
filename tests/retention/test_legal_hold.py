"""A legal hold keeps a case beyond its retention period; HR leads and legal place and lift it, with
a reason that goes into the case's history."""

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from tests import factories
from tests.retention.conftest import closed_without_follow_up, reload
from workflows.models import CaseEvent
from workflows.retention.services import (
    HOLD_ALREADY_ON,
    HOLD_NOT_ALLOWED,
    HOLD_REASON_REQUIRED,
    case_set_legal_hold,
)

pytestmark = pytest.mark.django_db


def hold_url(case) -> str:
    return reverse("retention:case_legal_hold", args=[case.reference])


class TestCaseSetLegalHold:
    def test_an_hr_lead_places_and_lifts_a_hold_and_both_are_in_the_history(
            self, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        case_set_legal_hold(case=case, user=lead_user, on=True,
                            reason="Beroep bij de arbeidsrechtbank")
        assert reload(case).legal_hold
        case_set_legal_hold(case=case, user=lead_user, on=False,
                            reason="Vonnis in kracht van gewijsde")
        assert not reload(case).legal_hold
        events = CaseEvent.objects.filter(case=case, kind="legal_hold").order_by("sequence")
        assert [(e.payload["legal_hold"], e.note, e.actor) for e in events] == [
            (True, "Beroep bij de arbeidsrechtbank", lead_user),
            (False, "Vonnis in kracht van gewijsde", lead_user),
        ]

    def test_a_legal_reviewer_may_place_a_hold(self, hr_user, legal_user):
        case = closed_without_follow_up(hr=hr_user)
        case_set_legal_hold(case=case, user=legal_user, on=True, reason="Klacht bij de ombudsman")
        assert reload(case).legal_hold

    def test_a_plain_hr_officer_may_not(self, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        with pytest.raises(PermissionDenied, match=str(HOLD_NOT_ALLOWED)):
            case_set_legal_hold(case=case, user=hr_user, on=True, reason="Geschil")
        assert not reload(case).legal_hold

    def test_a_reason_is_required(self, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        with pytest.raises(ValidationError) as error:
            case_set_legal_hold(case=case, user=lead_user, on=True, reason="  ")
        assert error.value.message_dict == {"reason": [str(HOLD_REASON_REQUIRED)]}

    def test_a_hold_cannot_be_placed_twice(self, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        case_set_legal_hold(case=case, user=lead_user, on=True, reason="Geschil")
        with pytest.raises(ValidationError, match=str(HOLD_ALREADY_ON)):
            case_set_legal_hold(case=case, user=lead_user, on=True, reason="Nog een geschil")
        assert CaseEvent.objects.filter(case=case, kind="legal_hold").count() == 1


class TestLegalHoldView:
    def test_the_lead_places_a_hold_from_the_case_page(self, client, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        client.force_login(lead_user)
        response = client.post(hold_url(case), {"on": "1", "reason": "Lopend geschil"})
        assert response.status_code == 302 and response.url == case.get_absolute_url()
        assert reload(case).legal_hold

    def test_the_handler_who_sees_the_case_but_has_no_right_is_refused(self, client, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        client.force_login(hr_user)
        response = client.post(hold_url(case), {"on": "1", "reason": "Lopend geschil"})
        assert response.status_code == 403
        assert not reload(case).legal_hold

    def test_a_case_the_user_cannot_see_is_not_found(self, client, hr_user, legal_user):
        case = closed_without_follow_up(hr=hr_user)
        client.force_login(legal_user)
        response = client.post(hold_url(case), {"on": "1", "reason": "Lopend geschil"})
        assert response.status_code == 404
        assert not reload(case).legal_hold

    def test_a_missing_reason_changes_nothing(self, client, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        client.force_login(lead_user)
        response = client.post(hold_url(case), {"on": "1", "reason": ""}, follow=False)
        assert response.status_code == 302
        assert not reload(case).legal_hold

    def test_the_button_is_shown_only_to_who_may_use_it(self, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        for user, shown in ((lead_user, True), (hr_user, False), (factories.legal(), True)):
            html = render_to_string("retention/_legal_hold.html",
                                    {"case": case, "perms": PermWrapper(user)})
            assert (hold_url(case) in html) is shown, user
