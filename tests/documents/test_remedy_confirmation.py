"""The remedies a decision letter states are rulebook entries the legal service confirms in the
application: a letter citing a remedy still to be confirmed cannot be marked as sent, and the
legal service's confirmation in the rulebook is what lets it go."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from tests import factories
from tests.documents.conftest import TODAY, at, days_ago, flat, pdf_text
from workflows.documents import checks
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue, document_mark_sent
from workflows.legal_sources import gloss_in_english
from workflows.models import Remedy, RuleChange
from workflows.services import disciplinary, steps

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
URL = "/rulebook/"
REASON = "Art. II.4 Bestuursdecreet en art. 214 DLB gelezen: adres en vorm bevestigd."


@pytest.fixture
def reprimanded_case(prosecuted_case, hr_user, decider_user):
    """A blaam: its letter carries no other box to confirm than the remedy's."""
    case = steps.case_convene_hearing(
        case=prosecuted_case, user=hr_user, scheduled_at=at(days_ago(3), 14, 30),
        place="Gemeentehuis, raadzaal", facts_summary="Vertrouwelijke informatie gedeeld.",
        summoned_on=days_ago(14), confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr_user, outcome="held", held_on=days_ago(3),
                                     start_time=time(10), end_time=time(11),
                                     minutes="Het personeelslid erkent de feiten.")
    case = factories.propose(case, hr_user)
    return disciplinary.case_decide_sanction(
        case=case, user=decider_user, sanction="blaam", body=factories.deciding_body(case),
        reason="Een eerste inbreuk, erkend.")


def sanction_remedy(case) -> Remedy:
    return Remedy.objects.in_force(Remedy.Decision.DISCIPLINARY_SANCTION, case.regime, TODAY)


def after_appeal_remedy(case) -> Remedy:
    return Remedy.objects.in_force(Remedy.Decision.APPEAL_DECISION, case.regime, TODAY)


def issue(case, user):
    return document_issue(case=case, kind=Kind.DISCIPLINARY_DECISION, user=user,
                          delivery="registered_letter")


def mark_sent(document, user):
    return document_mark_sent(document=document, user=user, sent_on=TODAY,
                              method="registered_letter")


def test_legal_sees_each_remedy_flagged_with_its_source_and_a_confirm_form(client, legal_user):
    remedy = Remedy.objects.filter(to_be_confirmed=True).first()
    client.force_login(legal_user)
    page = client.get(URL).content.decode()
    assert remedy.body_nl in page and remedy.postal_address in page
    assert escape(gloss_in_english(remedy.legal_source)) in page  # the page is in English
    assert f"/rulebook/remedy/{remedy.pk}/confirm/" in page
    assert f"/rulebook/remedy/{remedy.pk}/correct/" in page


def test_a_letter_held_back_by_a_flagged_remedy_is_sent_once_legal_confirmed_it(
        client, reprimanded_case, hr_user, legal_user):
    remedy = sanction_remedy(reprimanded_case)
    assert remedy.to_be_confirmed
    held_back = issue(reprimanded_case, hr_user)
    with pytest.raises(ValidationError) as error:
        mark_sent(held_back, hr_user)
    assert str(checks.TO_BE_CONFIRMED_IN_TEXT) in error.value.messages

    client.force_login(legal_user)
    response = client.post(f"/rulebook/remedy/{remedy.pk}/confirm/", {"reason": REASON})
    assert response.status_code == 302
    confirmed = sanction_remedy(reprimanded_case)
    assert (confirmed.version, confirmed.to_be_confirmed) == (remedy.version + 1, False)
    assert (confirmed.created_by, confirmed.change_reason) == (legal_user, REASON)
    change = RuleChange.objects.get(rule_kind="remedy")
    assert (change.actor, change.rule_id, change.new_rule_id) == (legal_user, remedy.pk,
                                                                  confirmed.pk)

    # The route after the appeal (the Council of State) is a remedy of its own, flagged too.
    still_held = issue(reprimanded_case, hr_user)
    with pytest.raises(ValidationError):
        mark_sent(still_held, hr_user)
    client.post(f"/rulebook/remedy/{after_appeal_remedy(reprimanded_case).pk}/confirm/",
                {"reason": REASON})
    assert not after_appeal_remedy(reprimanded_case).to_be_confirmed

    letter = issue(reprimanded_case, hr_user)
    text = flat(pdf_text(letter))
    assert confirmed.body_nl in text
    assert "Te bevestigen door de juridische dienst" not in text
    assert mark_sent(letter, hr_user).is_sent


def test_the_decision_states_the_council_of_state_route_after_the_appeal(reprimanded_case,
                                                                        hr_user):
    route = after_appeal_remedy(reprimanded_case)
    assert route.to_be_confirmed and "Raad van State" in route.body_nl
    text = flat(pdf_text(issue(reprimanded_case, hr_user)))
    after_appeal = text[text.index("Tegen de beslissing over uw beroep"):]
    assert sanction_remedy(reprimanded_case).body_nl in text[:text.index(after_appeal)]
    for part in (route.body_nl, route.postal_address, route.form_nl, route.time_limit_nl,
                 route.legal_source):
        assert part in after_appeal
    assert after_appeal.index(route.legal_source) < after_appeal.index(
        "Te bevestigen door de juridische dienst: deze vermelding van het beroep bij de Raad")


def test_a_corrected_remedy_is_what_the_next_letter_states(client, sanctioned_case, hr_user,
                                                           legal_user):
    remedy = sanction_remedy(sanctioned_case)
    client.force_login(legal_user)
    response = client.post(f"/rulebook/remedy/{remedy.pk}/correct/", {
        "body_nl": remedy.body_nl, "postal_address": "Koning Albert II-laan 35 bus 20, 1030 Brussel",
        "form_nl": remedy.form_nl, "time_limit_nl": remedy.time_limit_nl,
        "legal_source": remedy.legal_source, "effective_from": remedy.effective_from.isoformat(),
        "reason": "Nieuw adres van de Beroepscommissie."})
    assert response.status_code == 302
    text = flat(pdf_text(issue(sanctioned_case, hr_user)))
    assert "Koning Albert II-laan 35 bus 20, 1030 Brussel" in text
    assert remedy.postal_address not in text
