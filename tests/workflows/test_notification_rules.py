"""How a disciplinary decision must be notified is a rulebook entry with its source and flag
(legal-rules §5): a method it does not list is refused with the rule's methods and source, and the
legal service confirms or corrects the list on the rulebook page."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from tests.workflows.test_disciplinary_track import proposed, reload
from workflows.models import NotificationRule
from workflows.models.steps import NotificationMethod, Sanction
from workflows.services import disciplinary
from workflows.services.common import NO_NOTIFICATION_RULE

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def rule_in_force(case):
    return NotificationRule.objects.version_in_force(
        TODAY(), subject=NotificationRule.Subject.DISCIPLINARY_DECISION, regime=case.regime)


@pytest.fixture
def decided(statutory_case, hr_user, decider_user):
    case = proposed(statutory_case, hr_user, decider_user)
    return disciplinary.case_decide_sanction(
        case=reload(case), user=decider_user, sanction=Sanction.REPRIMAND, reason="Art. 5.3",
        body=factories.deciding_body(reload(case)))


def notify(case, user, method):
    return disciplinary.case_notify_decision(case=case, user=user, method=method,
                                             sent_on=TODAY(), received_on=TODAY())


def test_every_regime_with_a_disciplinary_procedure_ships_a_flagged_rule(statutory_case):
    for regime in ("local_government", "education"):
        rule = NotificationRule.objects.version_in_force(
            TODAY(), subject="disciplinary_decision", regime=regime)
        assert rule.to_be_confirmed and rule.legal_source
        assert rule.method_list == ["registered_letter", "bailiff", "hand_delivered"]


def test_a_method_the_rule_does_not_list_is_refused_with_its_methods_and_source(decided,
                                                                                hr_user):
    rule = rule_in_force(decided)
    with pytest.raises(ValidationError) as error:
        notify(decided, hr_user, NotificationMethod.EMAIL)
    message = error.value.message_dict["method"][0]
    assert "Registered letter, Bailiff's writ, Handed over" in message
    assert "Decreet over het lokaal bestuur" in message and "to be confirmed" in message
    assert not reload(decided).notifications.exists()
    assert rule.to_be_confirmed


def test_legal_corrects_the_list_on_the_rulebook_page_and_it_applies_at_once(
        client, decided, hr_user, legal_user):
    rule = rule_in_force(decided)
    client.force_login(legal_user)
    page = client.get("/rulebook/").content.decode()
    assert "How decisions and notices must be notified" in page
    assert f"/rulebook/notification/{rule.pk}/confirm/" in page
    form = client.get(f"/rulebook/notification/{rule.pk}/correct/").content.decode()
    assert form.count('name="methods"') == len(NotificationMethod.values)
    assert form.count("checked") == 3
    response = client.post(f"/rulebook/notification/{rule.pk}/correct/", {
        "methods": ["registered_letter", "bailiff"], "legal_source": rule.legal_source,
        "effective_from": rule.effective_from.isoformat(),
        "reason": "Alleen een aangetekende brief of een exploot bewijst de ontvangst."})
    assert response.status_code == 302
    corrected = rule_in_force(decided)
    assert (corrected.version, corrected.methods) == (2, "registered_letter,bailiff")
    with pytest.raises(ValidationError):
        notify(decided, hr_user, NotificationMethod.HAND_DELIVERED)
    assert notify(decided, hr_user, NotificationMethod.REGISTERED_LETTER).notifications.exists()


def test_without_a_rule_in_force_no_notification_is_recorded(decided, hr_user):
    NotificationRule.objects.filter(regime=decided.regime).delete()
    with pytest.raises(ValidationError) as error:
        notify(decided, hr_user, NotificationMethod.REGISTERED_LETTER)
    assert error.value.message_dict["method"] == [str(NO_NOTIFICATION_RULE)]
    assert not reload(decided).notifications.exists()
