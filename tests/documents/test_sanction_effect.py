"""What a disciplinary decision letter says a sanction means for the employee is rulebook data with
its own flag: the effect of a disciplinary suspension on pay ships "to be confirmed", the letter
says so and cannot be marked as sent until the legal service confirms or corrects it in the
rulebook (before, a fixed box in the template kept every suspension letter from being sent)."""

import pytest
from django.core.exceptions import ValidationError

from tests.documents.conftest import TODAY, flat, pdf_text
from workflows.documents import checks
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue, document_mark_sent
from workflows.models import SanctionRule
from workflows.services.rulebook import rule_confirm

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
FLAG = "Te bevestigen door de juridische dienst: wat deze tuchtstraf betekent voor uw salaris"
EFFECT = "Tijdens de tuchtschorsing oefent u uw functie niet uit."
CORRECTED = ("Tijdens de tuchtschorsing oefent u uw functie niet uit; uw salaris wordt verder "
             "betaald zoals de rechtspositieregeling het bepaalt.")


def suspension_entry(case) -> SanctionRule:
    return SanctionRule.objects.in_force(TODAY, regime=case.regime, sanction="schorsing")


def letter(case, user):
    return document_issue(case=case, kind=Kind.DISCIPLINARY_DECISION, user=user,
                          delivery="registered_letter")


def mark_sent(document, user):
    return document_mark_sent(document=document, user=user, sent_on=TODAY,
                              method="registered_letter")


def test_the_suspension_s_effect_on_pay_is_flagged_and_holds_the_letter_back(
        sanctioned_case, hr_user, remedies_confirmed):
    entry = suspension_entry(sanctioned_case)
    assert entry.effect_to_be_confirmed and entry.effect_nl == EFFECT
    document = letter(sanctioned_case, hr_user)
    text = flat(pdf_text(document))
    assert EFFECT in text and FLAG in text
    with pytest.raises(ValidationError) as error:
        mark_sent(document, hr_user)
    assert str(checks.TO_BE_CONFIRMED_IN_TEXT) in error.value.messages


def test_legal_corrects_the_effect_in_the_rulebook_and_the_next_letter_is_sent(
        client, sanctioned_case, hr_user, legal_user, remedies_confirmed):
    entry = suspension_entry(sanctioned_case)
    client.force_login(legal_user)
    page = client.get("/rulebook/").content.decode()
    assert EFFECT in page and "effect to be confirmed" in page
    assert f"/rulebook/sanction/{entry.pk}/confirm/" in page
    response = client.post(f"/rulebook/sanction/{entry.pk}/correct/", {
        "in_catalogue": "on", "effect_nl": CORRECTED, "legal_source": entry.legal_source,
        "effective_from": entry.effective_from.isoformat(),
        "reason": "Rechtspositieregeling, deel tucht, gelezen."})
    assert response.status_code == 302
    corrected = suspension_entry(sanctioned_case)
    assert (corrected.version, corrected.effect_nl) == (entry.version + 1, CORRECTED)
    assert not corrected.effect_to_be_confirmed
    document = letter(sanctioned_case, hr_user)
    text = flat(pdf_text(document))
    assert CORRECTED in text and FLAG not in text
    assert mark_sent(document, hr_user).is_sent


def test_confirming_an_entry_whose_effect_alone_is_flagged_keeps_its_text(
        sanctioned_case, legal_user):
    entry = suspension_entry(sanctioned_case)
    assert not entry.to_be_confirmed
    confirmed = rule_confirm(rule=entry, user=legal_user, reason="Rechtspositieregeling gelezen.")
    assert (confirmed.effect_nl, confirmed.effect_to_be_confirmed) == (EFFECT, False)
    assert suspension_entry(sanctioned_case) == confirmed


def test_the_letter_states_the_effect_the_rulebook_holds(sanctioned_case, hr_user):
    SanctionRule.objects.filter(regime=sanctioned_case.regime, sanction="schorsing").update(
        effect_nl="Effect zoals het regelboek het zegt.")
    assert "Effect zoals het regelboek het zegt." in flat(pdf_text(letter(sanctioned_case,
                                                                           hr_user)))
