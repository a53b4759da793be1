"""What a Belgian HR lawyer and a typographer check in a letter: who signs, how it is delivered,
which remedies it states, that it fits the envelope window and never breaks where it should not,
and that nothing unlawful is issued or sent without a clear message."""

import datetime
import re
from datetime import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.templatetags.dates_nl import long_date_nl
from incidents.models import Body
from tests.documents.conftest import (
    HEARING_DAY,
    LATER_KNOWLEDGE,
    TODAY,
    at,
    days_ago,
    flat,
    pdf_reader,
    pdf_text,
    weekday_ahead,
)
from workflows.documents import checks
from workflows.documents.markup import flowables
from workflows.documents.models import IssuedDocument
from workflows.documents.pdf import CONFIDENTIAL_WIDTH, PAGE_HEIGHT, PAGE_WIDTH, WINDOW
from workflows.documents.services import document_approve, document_issue, document_mark_sent
from workflows.models import DeadlineRule, Hearing, PreventiveSuspension
from workflows.services import disciplinary, steps
from workflows.services.reviews import review_request

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "documents" / "pdf"


def placed_text(page) -> list[tuple[str, float, float, str, float]]:
    """Every text run of a page with its position from the bottom left corner (points), its font
    and its size."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text.strip(), x, y, str((font or {}).get("/BaseFont", "")), size))
    page.extract_text(visitor_text=visit)
    return runs


def run_with(runs, fragment: str):
    return next(run for run in runs if fragment in run[0])


def issue(case, kind, user, delivery="registered_letter"):
    return document_issue(case=case, kind=kind, user=user, delivery=delivery)


class TestAddressWindow:
    def test_delivery_mention_and_address_sit_inside_the_window_of_a_dl_envelope(
            self, dismissed_case, hr_user):
        letter = issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)
        runs = placed_text(pdf_reader(letter).pages[0])
        window_left, window_top = WINDOW.left, PAGE_HEIGHT - WINDOW.top
        window_bottom = window_top - WINDOW.height
        for fragment in ("AANGETEKEND", "Joëlle Van Den Brïel", "Kerkstraat 1", "9000 Gent"):
            _, x, y, _, _ = run_with(runs, fragment)
            assert window_left - 0.5 <= x <= window_left + WINDOW.width
            assert window_bottom <= y <= window_top, fragment
        assert run_with(runs, "AANGETEKEND")[2] > run_with(runs, "Joëlle Van Den Brïel")[2]
        personnel = run_with(runs, dismissed_case.incident.employee.personnel_number)
        assert personnel[1] < window_left  # in the references, not in the address

    def test_the_window_is_where_a_right_window_dl_envelope_shows_it(self):
        # Window 90 x 45 mm, 20 mm from the right and 15 mm from the bottom of a 220 x 110 mm
        # envelope; the A4 sheet folded in three lies centred with up to 11 mm of play.
        window_left_on_sheet = (220 - 20 - 90) * mm - (220 - 210) / 2 * mm
        window_top_on_sheet = (110 - 15 - 45) * mm
        assert WINDOW.left >= window_left_on_sheet
        assert WINDOW.left + WINDOW.width <= window_left_on_sheet + 90 * mm
        assert WINDOW.top >= window_top_on_sheet - 11 * mm + 5 * mm
        assert WINDOW.top + WINDOW.height <= window_top_on_sheet + 45 * mm
        assert WINDOW.left + WINDOW.width <= PAGE_WIDTH - 15 * mm

    def test_a_registered_letter_to_an_employee_without_postal_address_is_refused(
            self, dismissed_case, hr_user):
        employee = dismissed_case.incident.employee
        employee.address = ""
        employee.save()
        with pytest.raises(ValidationError) as error:
            issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)
        assert str(checks.NO_POSTAL_ADDRESS % {"name": employee.full_name}) in error.value.messages
        letter = issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user, "hand_delivered")
        text = flat(pdf_text(letter))
        assert "Tegen ontvangstbewijs" in text
        assert f"p/a {employee.department.name}" in text
        assert employee.job_title not in text.split("Betreft")[0]

    def test_hand_delivery_ends_with_a_receipt_block(self, dismissed_case, hr_user):
        text = flat(pdf_text(issue(dismissed_case, Kind.REASON_NOTICE, hr_user,
                                   "hand_delivered")))
        assert "Ontvangstbewijs" in text
        assert "voor ontvangst, niet voor akkoord" in text
        assert "Naam Joëlle Van Den Brïel" in text
        assert "Datum van ontvangst" in text and "Handtekening" in text

    def test_a_letter_without_a_delivery_is_refused(self, dismissed_case, hr_user):
        with pytest.raises(ValidationError):
            document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user)


class TestSignatories:
    def test_a_college_decision_is_signed_namens_het_college_by_director_then_mayor(
            self, sanctioned_case, hr_user):
        # The college decides here (e.g. for a municipal school): the signature mechanics.
        decision = sanctioned_case.decisions.order_by("-pk").first()
        college = decision.body.employer.bodies.get(kind=Body.Kind.COLLEGE)
        type(decision).objects.filter(pk=decision.pk).update(body=college)
        decision = issue(sanctioned_case, Kind.DISCIPLINARY_DECISION, hr_user)
        last = pdf_reader(decision).pages[-1]
        runs = placed_text(last)
        on_behalf = run_with(runs, "Namens het college,")
        director = run_with(runs, "Anna Vermeulen")
        mayor = run_with(runs, "Jan De Clercq")
        assert on_behalf[2] > director[2]
        assert director[1] < mayor[1] and abs(director[2] - mayor[2]) < 1
        text = flat(last.extract_text())
        assert "Anna Vermeulen algemeen directeur" in text.replace("Jan De Clercq ", "")
        assert "Met de meeste hoogachting," in text  # closing and signatures share the page

    def test_the_director_s_own_decision_is_signed_by_the_named_director_alone(
            self, dismissed_case, hr_user):
        text = flat(pdf_text(issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)))
        assert "Anna Vermeulen algemeen directeur" in text
        assert "Namens" not in text and "Jan De Clercq" not in text

    def test_a_decision_without_a_named_signatory_cannot_be_sent(
            self, dismissed_case, hr_user, remedies_confirmed):
        decision = dismissed_case.decisions.get(kind="dismissal")
        type(decision).objects.filter(pk=decision.pk).update(authority="De gouverneur", body=None)
        letter = issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)
        assert "ondertekenaar met naam ontbreekt" in flat(pdf_text(letter))
        with pytest.raises(ValidationError) as error:
            document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                               method="registered_letter")
        assert str(checks.UNSIGNED_IN_TEXT) in error.value.messages

    def test_salutation_uses_the_form_of_address_and_the_surname(self, dismissed_case, hr_user):
        text = flat(pdf_text(issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)))
        assert "Geachte mevrouw Van Den Brïel," in text
        assert "Geachte Joëlle" not in text

    def test_without_a_known_form_of_address_the_salutation_names_no_one(self, dismissed_case,
                                                                         hr_user):
        employee = dismissed_case.incident.employee
        type(employee).objects.filter(pk=employee.pk).update(form_of_address="")
        case = type(dismissed_case).objects.get(pk=dismissed_case.pk)
        text = flat(pdf_text(issue(case, Kind.DISMISSAL_LETTER, hr_user)))
        assert "Geachte mevrouw, geachte heer," in text
        assert "Geachte mevrouw Van Den Brïel" not in text


class TestRemedies:
    def test_preventive_suspension_names_body_date_hearing_and_council_of_state(
            self, sanctioned_case, hr_user, decider_user):
        disciplinary.case_impose_preventive_suspension(
            case=sanctioned_case, user=decider_user, starts_on=days_ago(-2),
            ends_on=days_ago(-40), reason="Rust op de dienst.",
            heard_on=days_ago(1))
        text = flat(pdf_text(issue(sanctioned_case, Kind.PREVENTIVE_SUSPENSION, hr_user)))
        assert (f"De algemeen directeur heeft op {long_date_nl(TODAY)} "
                "beslist u in het belang van de dienst preventief te schorsen") in text
        # The hearing about the suspension itself, not the earlier hearing about the facts.
        assert f"U werd vóór deze beslissing gehoord op {long_date_nl(days_ago(1))}." in text
        assert "opkomen bij de Raad van State, afdeling Bestuursrechtspraak, Wetenschapsstraat " \
               "33, 1040 Brussel" in text
        assert "binnen 60 dagen na de kennisgeving van deze beslissing" in text
        assert "verzoekschrift tot nietigverklaring" in text

    def test_a_suspension_without_prior_hearing_is_flagged_and_cannot_be_sent(
            self, prosecuted_case, hr_user, decider_user, remedies_confirmed):
        disciplinary.case_impose_preventive_suspension(
            case=prosecuted_case, user=decider_user, starts_on=days_ago(-2),
            ends_on=days_ago(-40), reason="Hoogdringend.",
            no_hearing_reason="Het personeelslid dreigde dossiers te vernietigen.")
        letter = issue(prosecuted_case, Kind.PREVENTIVE_SUSPENSION, hr_user)
        text = flat(pdf_text(letter))
        assert "u werd niet gehoord vóór deze beslissing" in text
        assert "Het personeelslid dreigde dossiers te vernietigen." in text
        assert "U werd vóór deze beslissing gehoord" not in text
        with pytest.raises(ValidationError) as error:
            document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                               method="registered_letter")
        assert str(checks.TO_BE_CONFIRMED_IN_TEXT) in error.value.messages

    # The kind as the code names it, and as the issuing page gets it from its address.
    @pytest.mark.parametrize("kind", [Kind.PREVENTIVE_SUSPENSION, "preventive_suspension"])
    def test_a_suspension_cannot_start_before_the_letter_that_notifies_it(
            self, prosecuted_case, hr_user, decider_user, kind):
        disciplinary.case_impose_preventive_suspension(
            case=prosecuted_case, user=decider_user, starts_on=days_ago(2),
            ends_on=days_ago(-40), reason="Rust.",
            heard_on=days_ago(3))
        with pytest.raises(ValidationError) as error:
            issue(prosecuted_case, kind, hr_user)
        assert "cannot take effect before it is notified" in error.value.messages[0]
        assert not IssuedDocument.objects.filter(kind=Kind.PREVENTIVE_SUSPENSION).exists()

    def test_a_suspension_may_start_on_the_day_of_its_letter(self, prosecuted_case,
                                                             decider_user):
        disciplinary.case_impose_preventive_suspension(
            case=prosecuted_case, user=decider_user, starts_on=days_ago(-1),
            ends_on=days_ago(-40), reason="Rust.", heard_on=days_ago(3))
        assert checks.suspension_problems(prosecuted_case, days_ago(-1)) == []
        (message,) = checks.suspension_problems(prosecuted_case, days_ago(-2))
        assert "cannot take effect before it is notified" in str(message)

    def test_the_checks_judge_the_latest_suspension_of_the_case(
            self, prosecuted_case, hr_user, decider_user, remedies_confirmed):
        """Suspended before (that suspension has ended) and suspended again: the new letter is
        checked against the latest suspension, on issuing and on sending."""
        PreventiveSuspension.objects.create(
            case=prosecuted_case, starts_on=days_ago(60), ends_on=days_ago(30),
            reason="Eerdere schorsing.", imposed_by=decider_user)
        disciplinary.case_impose_preventive_suspension(
            case=prosecuted_case, user=decider_user, starts_on=days_ago(-1),
            ends_on=days_ago(-40), reason="Rust.", heard_on=days_ago(3))
        assert checks.suspension_problems(prosecuted_case, TODAY) == []
        letter = issue(prosecuted_case, Kind.PREVENTIVE_SUSPENSION, hr_user)
        assert not [problem for problem in checks.sending_problems(
            document=letter, sent_on=TODAY, method="registered_letter")
            if "cannot take effect before it is notified" in str(problem)]

    def test_a_suspension_letter_sent_after_the_suspension_began_cannot_be_marked_sent(
            self, prosecuted_case, hr_user, decider_user, remedies_confirmed, monkeypatch):
        disciplinary.case_impose_preventive_suspension(
            case=prosecuted_case, user=decider_user, starts_on=days_ago(-1),
            ends_on=days_ago(-40), reason="Rust.", heard_on=days_ago(3))
        # Read back from the database, as the page that marks it sent reads it.
        letter = IssuedDocument.objects.get(
            pk=issue(prosecuted_case, Kind.PREVENTIVE_SUSPENSION, hr_user).pk)
        # Two days later the letter is posted: the suspension began the day before.
        later, real_localdate = days_ago(-2), timezone.localdate
        monkeypatch.setattr(timezone, "localdate",
                            lambda value=None: later if value is None else real_localdate(value))
        with pytest.raises(ValidationError) as error:
            document_mark_sent(document=letter, user=hr_user, sent_on=later,
                               method="registered_letter")
        too_late = str(checks.SUSPENSION_BEFORE_SENT % {
            "start": long_date_nl(days_ago(-1)), "sent": long_date_nl(later)})
        assert too_late in error.value.messages
        assert not IssuedDocument.objects.get(pk=letter.pk).is_sent
        on_time = checks.sending_problems(document=letter, sent_on=days_ago(-1),
                                          method="registered_letter")
        assert not [problem for problem in on_time if "cannot take effect" in str(problem)]

    def test_only_the_suspension_letter_is_held_to_the_start_of_the_suspension(
            self, dismissed_case, hr_user, decider_user):
        """A suspension that began before the day of sending holds up its own letter only: the
        reason notice of the same case, read back as the page that marks it sent reads it, is
        not checked against it."""
        PreventiveSuspension.objects.create(
            case=dismissed_case, starts_on=days_ago(2), ends_on=days_ago(-30), reason="Rust.",
            imposed_by=decider_user)
        notice = IssuedDocument.objects.get(
            pk=issue(dismissed_case, Kind.REASON_NOTICE, hr_user).pk)
        problems = checks.sending_problems(document=notice, sent_on=TODAY,
                                           method="registered_letter")
        assert not [problem for problem in problems if "cannot take effect" in str(problem)]

    def test_the_dismissal_letter_names_the_labour_court(self, dismissed_case, hr_user):
        text = flat(pdf_text(issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)))
        assert "arbeidsrechtbank" in text
        assert "binnen één jaar na het einde van de arbeidsovereenkomst" in text

    def test_no_letter_to_the_employee_cites_case_law(self, sanctioned_case, dismissed_case,
                                                      hr_user):
        texts = [flat(pdf_text(issue(sanctioned_case, Kind.DISCIPLINARY_DECISION, hr_user))),
                 flat(pdf_text(issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)))]
        for text in texts:
            assert not re.search(r"\b(RvS|GwH|Cass\.)|\b\d{3}\.\d{3}\b", text), text

    def test_a_flagged_remedy_shows_its_flag_and_blocks_sending(self, sanctioned_case, hr_user):
        decision = issue(sanctioned_case, Kind.DISCIPLINARY_DECISION, hr_user)
        assert "Te bevestigen door de juridische dienst" in flat(pdf_text(decision))
        with pytest.raises(ValidationError) as error:
            document_mark_sent(document=decision, user=hr_user, sent_on=TODAY,
                               method="registered_letter")
        assert str(checks.TO_BE_CONFIRMED_IN_TEXT) in error.value.messages
        assert not IssuedDocument.objects.get(pk=decision.pk).is_sent


class TestCompleteDecisions:
    def test_the_disciplinary_decision_states_provisions_basis_start_defence_and_answer(
            self, sanctioned_case, hr_user):
        text = flat(pdf_text(issue(sanctioned_case, Kind.DISCIPLINARY_DECISION, hr_user)))
        assert "Geschonden bepalingen" in text and "Art. 5.3" in text
        assert "Deze tuchtstraf is er een van de tuchtstraffen van het Decreet over het lokaal " \
               "bestuur" in text
        assert "Ze gaat in op de dag waarop deze beslissing u ter kennis gebracht wordt." in text
        assert "Tijdens de tuchtschorsing oefent u uw functie niet uit." in text
        assert "Uw verweer" in text and "Het personeelslid erkent de feiten." in text
        assert "Motivering en antwoord op uw verweer" in text

    def test_minutes_of_a_hearing_that_did_not_take_place_say_so_and_nothing_else(
            self, triaged_case, hr_user):
        case = steps.case_open_dismissal(case=triaged_case, user=hr_user,
                                         knowledge_date=days_ago(2), reason=LATER_KNOWLEDGE)
        case = steps.case_convene_hearing(case=case, user=hr_user,
                                          summoned_on=days_ago(8),
                                          scheduled_at=at(days_ago(1), 10), place="Zaal 1",
                                          facts_summary="Feiten.", confirm_unusual_time=True)
        case = steps.case_record_hearing(case=case, user=hr_user, outcome="refused",
                                         held_on=days_ago(1), outcome_reason="Niet gekomen.")
        minutes = issue(case, Kind.HEARING_MINUTES, hr_user, "")
        text = flat(pdf_text(minutes))
        assert "Het verhoor vond niet plaats: het personeelslid weigerde gehoord te worden." in text
        assert "Niet gekomen." in text
        for absent in ("Bij het begin van het verhoor", "Verklaringen", "Opgemaakt in twee",
                       "de voorzitter van het verhoor", "Paraaf", "aanvang om"):
            assert absent not in text

    def test_long_minutes_carry_start_end_named_signatories_and_initials_on_every_page(
            self, triaged_case, hr_user):
        case = steps.case_open_dismissal(case=triaged_case, user=hr_user,
                                         knowledge_date=days_ago(2), reason=LATER_KNOWLEDGE)
        case = steps.case_convene_hearing(case=case, user=hr_user,
                                          summoned_on=days_ago(8),
                                          scheduled_at=at(days_ago(1), 10), place="Zaal 1",
                                          facts_summary="Feiten.", confirm_unusual_time=True)
        case = steps.case_record_hearing(case=case, user=hr_user, outcome="held",
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=days_ago(1),
                                         minutes="\n\n".join(["Verklaring. " * 60] * 8))
        minutes = issue(case, Kind.HEARING_MINUTES, hr_user, "")
        pages = [flat(page.extract_text()) for page in pdf_reader(minutes).pages]
        assert len(pages) > 1
        assert "aanvang om 10.00 uur, einde om 11.15 uur" in pages[0]
        assert "………" not in pages[0]
        for page in pages:
            assert "Paraaf:" in page and "personeelslid" in page
        assert "Joëlle Van Den Brïel het personeelslid" in pages[-1]
        assert "Hanne Claes de verslaggever" in pages[-1]


class TestChecksBeforeIssuing:
    # The kind as the code names it, and as the issuing page gets it from its address.
    @pytest.mark.parametrize("kind", [Kind.CONVOCATION, "convocation"])
    def test_a_convocation_for_a_hearing_not_after_the_letter_is_refused(
            self, heard_dismissal_case, hr_user, kind):
        with pytest.raises(ValidationError) as error:
            issue(heard_dismissal_case, kind, hr_user)
        assert "is not after the date of this letter" in error.value.messages[0]

    def test_a_sunday_night_hearing_is_refused_with_both_reasons(self, triaged_case, hr_user):
        sunday = HEARING_DAY + datetime.timedelta(days=6 - HEARING_DAY.weekday())
        case = steps.case_open_dismissal(case=triaged_case, user=hr_user, knowledge_date=TODAY,
                                         reason=LATER_KNOWLEDGE)
        # The step lets HR confirm an unusual time; the convocation itself is still refused.
        case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=at(sunday, 23, 24),
                                          place="Zaal 1", facts_summary="Feiten.",
                                          confirm_unusual_time=True, confirm_after_deadline=True)
        with pytest.raises(ValidationError) as error:
            issue(case, Kind.CONVOCATION, hr_user)
        messages = " ".join(error.value.messages)
        assert "Sunday" in messages and "23.24" in messages
        assert not IssuedDocument.objects.filter(kind=Kind.CONVOCATION).exists()

    def test_a_summons_closer_than_the_rulebook_s_notice_period_is_refused_with_its_flag(
            self, prosecuted_case, hr_user):
        soon = HEARING_DAY - datetime.timedelta(days=7)
        while soon.weekday() >= 5:
            soon += datetime.timedelta(days=1)
        # Summons recorded as sent five days ago (the step's own notice check passes), but the
        # letter drawn up today would leave less than the notice period.
        case = steps.case_convene_hearing(case=prosecuted_case, user=hr_user,
                                          scheduled_at=at(soon, 10), place="Raadzaal",
                                          facts_summary="Feiten.", summoned_on=days_ago(5))
        with pytest.raises(ValidationError) as error:
            issue(case, Kind.CONVOCATION, hr_user)
        (message,) = error.value.messages
        assert "earlier than the notice period allows: 10 days after the letter" in message
        assert "te bevestigen" in message

    def test_a_summons_sent_too_late_for_the_notice_period_cannot_be_marked_sent(
            self, prosecuted_case, hr_user, monkeypatch):
        case = steps.case_convene_hearing(case=prosecuted_case, user=hr_user,
                                          scheduled_at=at(HEARING_DAY, 10), place="Raadzaal",
                                          facts_summary="Feiten.", summoned_on=TODAY)
        summons = issue(case, Kind.CONVOCATION, hr_user)
        assert not [problem for problem in checks.sending_problems(
            document=summons, sent_on=TODAY, method="registered_letter")
            if "notice period" in str(problem) or "is not after" in str(problem)]
        real_localdate = timezone.localdate
        for late, expected in ((HEARING_DAY - datetime.timedelta(days=5), "notice period"),
                               (HEARING_DAY, "is not after the day the convocation was sent")):
            monkeypatch.setattr(timezone, "localdate", lambda value=None, late=late:
                                late if value is None else real_localdate(value))
            with pytest.raises(ValidationError) as error:
                document_mark_sent(document=summons, user=hr_user, sent_on=late,
                                   method="registered_letter")
            (message,) = [m for m in error.value.messages if expected in m]
            assert long_date_nl(late) in message and long_date_nl(HEARING_DAY) in message
            assert not IssuedDocument.objects.get(pk=summons.pk).is_sent

    def convened(self, case, user, day, hour=10, minute=0):
        return steps.case_convene_hearing(case=case, user=user, scheduled_at=at(day, hour, minute),
                                          place="Raadzaal", facts_summary="Feiten.",
                                          summoned_on=TODAY, confirm_unusual_time=True,
                                          confirm_after_deadline=True)

    @pytest.mark.parametrize(("hour", "minute", "refused"), [
        (7, 59, True), (8, 0, False), (19, 0, False), (19, 1, True)])
    def test_a_hearing_is_held_between_8_and_19_both_included(self, prosecuted_case, hr_user,
                                                               hour, minute, refused):
        case = self.convened(prosecuted_case, hr_user, HEARING_DAY, hour, minute)
        problems = [str(problem) for problem in checks.hearing_problems(case, TODAY)]
        assert any("choose an hour between 08.00 and 19.00" in p for p in problems) == refused

    def test_a_hearing_on_the_first_day_the_notice_period_allows_is_in_time(
            self, prosecuted_case, hr_user):
        earliest, _source, _rule = checks.notice_period_end(prosecuted_case, TODAY)
        case = self.convened(prosecuted_case, hr_user, earliest)
        too_soon = "earlier than the notice period allows"
        assert not [p for p in checks.hearing_problems(case, TODAY) if too_soon in str(p)]
        tomorrow = TODAY + datetime.timedelta(days=1)
        assert [p for p in checks.hearing_problems(case, tomorrow) if too_soon in str(p)]

    def test_a_convocation_sent_after_the_hearing_day_is_not_after_the_sending(
            self, prosecuted_case, hr_user):
        case = self.convened(prosecuted_case, hr_user, HEARING_DAY)
        late = HEARING_DAY + datetime.timedelta(days=1)
        (message,) = checks.sent_hearing_problems(case, late)
        assert "is not after the day the convocation was sent" in str(message)
        assert long_date_nl(late) in str(message)

    def test_a_hearing_on_the_day_of_the_letter_is_not_after_it(self, prosecuted_case, hr_user):
        case = self.convened(prosecuted_case, hr_user, HEARING_DAY)
        (message,) = checks.hearing_problems(case, HEARING_DAY)
        assert "is not after the date of this letter" in str(message)

    def test_a_hearing_on_the_first_day_the_notice_allows_after_sending_is_in_time(
            self, prosecuted_case, hr_user):
        earliest, _source, _rule = checks.notice_period_end(prosecuted_case, TODAY)
        case = self.convened(prosecuted_case, hr_user, earliest)
        assert checks.sent_hearing_problems(case, TODAY) == []
        tomorrow = TODAY + datetime.timedelta(days=1)
        (message,) = checks.sent_hearing_problems(case, tomorrow)
        assert "less than the notice period" in str(message)

    def test_the_notice_rule_is_cited_with_its_flag_exactly_when_it_is_to_be_confirmed(
            self, prosecuted_case):
        _earliest, source, rule = checks.notice_period_end(prosecuted_case, TODAY)
        for flagged in (rule.to_be_confirmed, not rule.to_be_confirmed):
            DeadlineRule.objects.filter(pk=rule.pk).update(to_be_confirmed=flagged)
            _earliest, source, _rule = checks.notice_period_end(prosecuted_case, TODAY)
            expected = rule.legal_source + (" — te bevestigen" if flagged else "")
            assert source == expected

    def test_a_letter_that_convenes_no_hearing_is_sent_without_hearing_checks(
            self, closed_case, hr_user):
        letter = issue(closed_case, Kind.CLOSING_LETTER, hr_user)
        assert checks.sending_problems(document=letter, sent_on=TODAY,
                                       method="registered_letter") == []

    def test_a_convocation_read_back_is_checked_as_a_convocation_and_only_as_one(
            self, prosecuted_case, hr_user, decider_user):
        """Read from the database, as the page that marks it sent reads it, its kind is a plain
        string: the hearing checks still apply, the suspension letter's do not."""
        disciplinary.case_impose_preventive_suspension(
            case=prosecuted_case, user=decider_user, starts_on=days_ago(-1),
            ends_on=days_ago(-40), reason="Rust.", heard_on=days_ago(3))
        case = self.convened(prosecuted_case, hr_user, HEARING_DAY)
        summons = IssuedDocument.objects.get(pk=issue(case, Kind.CONVOCATION, hr_user).pk)
        problems = [str(problem) for problem in checks.sending_problems(
            document=summons, sent_on=HEARING_DAY, method="registered_letter")]
        assert any("is not after the day the convocation was sent" in p for p in problems)
        assert not any("cannot take effect before it is notified" in p for p in problems)

    def test_the_checks_judge_the_latest_hearing_of_the_case(self, prosecuted_case, hr_user):
        """Convened again at a later date (as the refusals ask), the case holds two hearings: the
        convocation is checked against the latest, on issuing and on sending."""
        case = self.convened(prosecuted_case, hr_user, HEARING_DAY)
        Hearing.objects.create(case=case, scheduled_at=at(weekday_ahead(45), 10),
                               place="Raadzaal", facts_summary="Feiten.")
        assert checks.hearing_problems(case, HEARING_DAY) == []
        assert checks.sent_hearing_problems(case, HEARING_DAY) == []

    def test_legal_approval_gates_sending_when_the_organisation_requires_it(
            self, remedies_confirmed, dismissed_case, hr_user, legal_user, settings):
        settings.DOCUMENTS_REQUIRE_LEGAL_APPROVAL = True
        review_request(case=dismissed_case, user=hr_user, reviewer=legal_user, question="OK?")
        letter = issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)
        with pytest.raises(ValidationError) as error:
            document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                               method="registered_letter")
        assert str(checks.APPROVAL_REQUIRED) in error.value.messages
        document_approve(document=letter, user=legal_user)
        sent = document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                                  method="registered_letter")
        assert sent.is_sent

    @pytest.mark.parametrize(("delivery", "method"), [
        ("registered_letter", "ordinary_mail"), ("hand_delivered", "registered_letter")])
    def test_a_letter_is_marked_sent_only_by_the_delivery_it_announces(
            self, remedies_confirmed, dismissed_case, hr_user, delivery, method):
        letter = issue(dismissed_case, Kind.DISMISSAL_LETTER, hr_user, delivery=delivery)
        with pytest.raises(ValidationError) as error:
            document_mark_sent(document=letter, user=hr_user, sent_on=TODAY, method=method)
        assert "cannot be marked as sent by another method" in error.value.messages[0]


class TestTypography:
    def test_a_long_organisation_name_never_runs_into_the_confidentiality_mark(
            self, dismissed_case, hr_user, settings):
        employer = dismissed_case.incident.employee.employer
        type(employer).objects.filter(pk=employer.pk).update(
            name="Gemeente en OCMW Sint-Lievens-Houtem en Herzele-Zottegem-Oosterzele")
        settings.ORGANISATION = {**settings.ORGANISATION, "logo": ""}
        case = type(dismissed_case).objects.get(pk=dismissed_case.pk)
        runs = placed_text(pdf_reader(issue(case, Kind.DISMISSAL_LETTER, hr_user)).pages[0])
        mark = run_with(runs, "Vertrouwelijk")
        confidential_left = PAGE_WIDTH - 22 * mm - CONFIDENTIAL_WIDTH
        assert mark[1] >= confidential_left
        name_runs = [run for run in runs if abs(run[2] - mark[2]) < 20 and run is not mark]
        assert name_runs
        for text, x, _y, _font, size in name_runs:
            assert x + stringWidth(text, "DejaVuSans-Bold", size) <= confidential_left + 1

    def test_hashes_are_monospaced_and_grouped_by_eight(self, triaged_case, hr_user):
        report = issue(triaged_case, Kind.INCIDENT_REPORT, hr_user, "")
        evidence = triaged_case.incident.evidence.exclude(sha256="").get()
        groups = " ".join(evidence.sha256[i:i + 8] for i in range(0, 64, 8))
        text = flat(pdf_text(report))
        assert groups[:35] in text
        fonts = {font for text, _x, _y, font, _size in placed_text(pdf_reader(report).pages[-1])
                 if evidence.sha256[:8] in text}
        assert any("Mono" in font for font in fonts)

    def test_no_line_breaks_after_euro_paragraph_sign_or_art(self):
        (paragraph,) = flowables("<p>Een schade van € 1.250.000 volgens art. 35 § 2.</p>")
        assert "€\u00a01.250.000" in paragraph.text
        assert "art.\u00a035" in paragraph.text and "§\u00a02" in paragraph.text

    def test_a_user_text_of_several_paragraphs_becomes_one_paragraph_each(self):
        story = flowables("<p>eerste<br/><br/>tweede<br/>regel</p>")
        assert [item.text for item in story] == ["eerste", "tweede<br/>regel"]

    def test_templates_contain_none_of_the_known_bad_phrases(self):
        bad = ["(De algemeen directeur).", "op online netwerk", "U wordt de tuchtstraf",
               "Geachte {{ employee.full_name }}", "Het bestuur heeft beslist u",
               "Maak daarvoor een afspraak", "namens {{ org.name }}",
               "Met deze feiten heeft u", ": Ontslag", "RvS", "GwH 86"]
        for template in TEMPLATES.glob("*.html"):
            body = template.read_text(encoding="utf-8")
            body = re.sub(r"{% comment %}.*?{% endcomment %}", "", body, flags=re.S)
            for phrase in bad:
                assert phrase not in body, f"{template.name}: {phrase}"


class TestMetadata:
    def test_creation_and_modification_dates_are_the_issue_date(self, triaged_case, hr_user):
        report = issue(triaged_case, Kind.INCIDENT_REPORT, hr_user, "")
        info = pdf_reader(report).metadata
        moment = report.generated_at.astimezone(datetime.timezone.utc)
        expected = moment.strftime("D:%Y%m%d%H%M%S")
        assert info["/CreationDate"].startswith(expected)
        assert info["/ModDate"].startswith(expected)
