"""F6/F7: a step refused because the case changed meanwhile (409), and a legal hold refused in a
race, show the case page again with what the person typed, so that nothing is lost."""

import pytest
from django.urls import reverse

from tests import factories
from tests.retention.conftest import closed_without_follow_up
from tests.workflows.conftest import submitted_case
from workflows.models import CaseEvent
from workflows.retention.services import HOLD_ALREADY_ON, case_set_legal_hold
from workflows.services import steps

pytestmark = pytest.mark.django_db
REASON = "Een lange motivering die de dossierbeheerder niet opnieuw wil typen."


def test_a_stale_step_shows_the_typed_reason_again(client):
    first = factories.hr(username="eerste")
    case = steps.case_take_in_triage(case=submitted_case(), user=first)
    steps.case_close_without_follow_up(case=case, user=first, reason="Al afgehandeld.")
    client.force_login(first)
    response = client.post(f"/cases/{case.reference}/step/close_without_follow_up/",
                           {"reason": REASON})
    assert response.status_code == 409
    page = response.content.decode()
    assert "not possible while the case is in the state" in page
    assert f"readonly rows=\"3\">{REASON}</textarea>" in page
    assert response.context["kept_input"] == [("Reason", REASON)]
    assert not CaseEvent.objects.filter(case=case, note=REASON).exists()


def test_a_step_refused_as_changed_meanwhile_keeps_the_typed_reason(client, monkeypatch):
    from workflows import views
    from workflows.services import errors

    officer = factories.hr()
    case = steps.case_take_in_triage(case=submitted_case(), user=officer)

    def changed_meanwhile(**_data):
        raise errors.CaseChangedMeanwhile(errors.CHANGED_BY % {"user": "Collega"})

    client.force_login(officer)
    monkeypatch.setattr(views, "service_for", lambda name: lambda **kwargs: changed_meanwhile())
    response = client.post(f"/cases/{case.reference}/step/close_without_follow_up/",
                           {"reason": REASON})
    assert response.status_code == 409
    assert "changed by Collega in the meantime" in response.content.decode()
    assert ("Reason", REASON) in response.context["kept_input"]


def test_a_legal_hold_refused_in_a_race_shows_the_typed_reason_again(client, hr_user):
    lead, other_lead = factories.hr_lead(username="lead1"), factories.hr_lead(username="lead2")
    case = closed_without_follow_up(hr=hr_user)
    case_set_legal_hold(case=case, user=other_lead, on=True, reason="Geschil van de collega")
    client.force_login(lead)
    response = client.post(reverse("retention:case_legal_hold", args=[case.reference]),
                           {"on": "1", "reason": REASON})
    assert response.status_code == 409
    assert str(HOLD_ALREADY_ON) in response.content.decode()
    assert ("Reason", REASON) in response.context["kept_input"]
    assert CaseEvent.objects.filter(case=case, kind="legal_hold").count() == 1
