"""Each document states what the law and the case require, in Dutch, correctly filled in."""

import datetime
from datetime import time

import pytest

from core.templatetags.dates_nl import long_date_nl
from incidents.models import Evidence, LegalStatus
from incidents.services import addendum_add
from tests import factories
from tests.documents.conftest import (
    HEARING_DAY,
    LATER_KNOWLEDGE,
    LETTER_DELIVERY,
    TODAY,
    at,
    days_ago,
    flat,
    pdf_text,
    submitted_case,
)
from workflows.deadlines import add_working_days
from workflows.documents.builders import LETTERS
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue
from workflows.services import disciplinary, steps

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


def issued_text(case, kind, user) -> str:
    delivery = LETTER_DELIVERY if kind in LETTERS else ""
    return flat(pdf_text(document_issue(case=case, kind=kind, user=user, delivery=delivery)))


class TestIncidentReport:
    def test_facts_provisions_people_evidence_hashes_and_addenda(self, triaged_case, hr_user):
        incident = triaged_case.incident
        addendum_add(incident=incident, user=incident.reporter,
                     text="Het bericht werd op 3 november verwijderd.")
        text = issued_text(triaged_case, Kind.INCIDENT_REPORT, hr_user)
        assert "Meldingsformulier inbreuk gedragscode sociale media" in text
        assert "Joëlle Van Den Brïel" in text
        assert incident.employee.personnel_number in text
        assert "contractueel personeelslid" in text
        assert long_date_nl(incident.facts_date) + " om 21.15 uur" in text
        assert "verspreid geen interne of vertrouwelijke informatie" in text
        assert "Pieter De Smet getuige collega, dienst ICT" in text
        screenshot = Evidence.objects.get(incident=incident, kind=Evidence.Kind.FILE)
        assert "screenshot.png" in text
        assert screenshot.sha256 in text.replace(" ", "")
        assert "Aanvulling 1" in text
        assert "Het bericht werd op 3 november verwijderd." in text


class TestConvocation:
    def test_dismissal_track_invites_with_date_time_place_facts_and_rights(
            self, convened_dismissal_case, hr_user):
        text = issued_text(convened_dismissal_case, Kind.CONVOCATION, hr_user)
        assert "Uitnodiging tot het verhoor" in text
        assert f"Datum {long_date_nl(HEARING_DAY)}" in text
        assert "Uur 10.00 uur" in text
        assert "Plaats Gemeentehuis, zaal 2" in text
        assert "Bericht op Facebook." in text
        for right in ("Inzage in het dossier.", "Bijstand.", "Schriftelijk verweer."):
            assert right in text
        assert "artikel 35 van de wet van 3 juli 1978" in text

    def test_disciplinary_track_summons_under_the_decree(self, prosecuted_case, hr_user):
        case = steps.case_convene_hearing(
            case=prosecuted_case, user=hr_user, scheduled_at=at(HEARING_DAY, 14, 30),
            place="Gemeentehuis, raadzaal", facts_summary="Vertrouwelijke informatie gedeeld.",
            summoned_on=days_ago(0))
        text = issued_text(case, Kind.CONVOCATION, hr_user)
        assert "Oproeping tot het verhoor in de tuchtprocedure" in text
        assert "Uur 14.30 uur" in text
        # Rulebook default: the algemeen directeur hears and decides below the decretal grades.
        assert "U wordt opgeroepen om gehoord te worden door de algemeen directeur" in text
        assert "een kopie van vragen: personeelsdienst, Marktplein 1, 9999 Voorbeeld, op " \
               "werkdagen van 9 tot 12 uur" in text
        assert "Decreet over het lokaal bestuur" in text
        assert "Inzage in het tuchtdossier." in text
        assert "Vertrouwelijke informatie gedeeld." in text


class TestHearingMinutes:
    def test_header_attendees_statements_and_room_for_signatures(
            self, heard_dismissal_case, hr_user):
        text = issued_text(heard_dismissal_case, Kind.HEARING_MINUTES, hr_user)
        assert "Proces-verbaal van verhoor" in text
        assert long_date_nl(days_ago(1)) in text
        assert "Hanne Claes (personeelsdienst)" in text
        assert "Het personeelslid verklaart: Zij schreef" in text
        assert "aanvang om 10.00 uur, einde om 11.15 uur" in text
        assert "Joëlle Van Den Brïel het personeelslid" in text
        for signer in ("de voorzitter van het verhoor", "de verslaggever"):
            assert f"Naam: ………………………………… {signer}" in text or signer in text

    def test_before_the_hearing_it_is_a_form_to_fill_in(self, triaged_case, hr_user):
        case = steps.case_open_dismissal(case=triaged_case, user=hr_user,
                                         knowledge_date=days_ago(2), reason=LATER_KNOWLEDGE)
        case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=at(TODAY, 16),
                                          summoned_on=days_ago(7),
                                          place="Zaal 1", facts_summary="Feiten.",
                                          confirm_unusual_time=True)
        text = issued_text(case, Kind.HEARING_MINUTES, hr_user)
        assert "Verklaringen" in text
        assert "aanvang om ……… uur, einde om ……… uur" in text
        assert "Het personeelslid verklaart" not in text


class TestDismissal:
    def test_letter_states_the_decision_and_the_three_working_days_it_meets(
            self, dismissed_case, hr_user):
        text = issued_text(dismissed_case, Kind.DISMISSAL_LETTER, hr_user)
        due = add_working_days(days_ago(1), 3)
        assert f"De algemeen directeur heeft op {long_date_nl(TODAY)} beslist" in text
        assert "zonder opzeggingstermijn en zonder opzeggingsvergoeding" in text
        assert (f"ontslag om dringende reden uiterlijk op {long_date_nl(due)} (3 werkdagen na "
                f"kennisname op {days_ago(1):%d/%m/%Y}") in text
        assert "art. 35 al. 3 Arbeidsovereenkomstenwet" in text

    def test_reason_notice_states_the_facts_precisely_and_its_own_deadline(
            self, dismissed_case, hr_user):
        text = issued_text(dismissed_case, Kind.REASON_NOTICE, hr_user)
        due = add_working_days(TODAY, 3)
        assert "Kennisgeving van de dringende reden" in text
        assert f"Op {long_date_nl(TODAY)} werd u ontslagen om dringende reden" in text
        assert long_date_nl(dismissed_case.incident.facts_date) + " om 21.15 uur" in text
        assert "https://www.facebook.com/joelle.vdb/posts/1" in text
        assert "Verspreiding van vertrouwelijke informatie ondanks eerdere waarschuwing." in text
        assert f"op {long_date_nl(days_ago(1))}, op het verhoor" in text
        assert (f"kennisgeving van de dringende reden uiterlijk op {long_date_nl(due)} "
                f"(3 werkdagen na ontslag op {TODAY:%d/%m/%Y}") in text
        assert "Deze kennisgeving gebeurt bij aangetekende brief" in text


class TestDisciplinaryDecision:
    def test_sanction_reasons_authority_and_appeal_to_the_beroepscommissie(
            self, sanctioned_case, hr_user):
        text = issued_text(sanctioned_case, Kind.DISCIPLINARY_DECISION, hr_user)
        assert ("De algemeen directeur legt u als tuchtstraf een "
                "tuchtschorsing op, voor een duur van 2 maanden.") in text
        assert "De feiten zijn ernstig en werden herhaald." in text
        # Rulebook default: the algemeen directeur decides for staff below the decretal grades.
        assert f"De algemeen directeur heeft op {long_date_nl(TODAY)}" in text
        assert ("opkomen bij de Beroepscommissie voor Tuchtzaken, Agentschap Binnenlands Bestuur, "
                "Havenlaan 88 bus 70, 1000 Brussel") in text
        assert "binnen 30 dagen na de ontvangst van deze beslissing" in text
        assert ("Dat gebeurt met een gedagtekend en ondertekend verzoekschrift, bij aangetekende "
                "brief") in text
        assert "schorst de uitvoering van de tuchtstraf niet" in text

    def test_education_staff_appeal_to_the_kamer_van_beroep_marked_to_confirm(
            self, db, hr_user, decider_user):
        case = steps.case_take_in_triage(
            case=submitted_case(status=LegalStatus.EDUCATION_PERMANENT), user=hr_user)
        case = steps.case_open_disciplinary(case=case, user=hr_user, knowledge_date=days_ago(20),
                                            investigator=hr_user, reason=LATER_KNOWLEDGE)
        case = disciplinary.case_take_note_of_report(case=case, user=hr_user,
                                                     noted_on=days_ago(10))
        case = disciplinary.case_decide_to_prosecute(case=case, user=decider_user,
                                                     reason="Bevestigd.",
                                                     body=factories.deciding_body(case))
        case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=at(days_ago(3), 9),
                                          place="School", facts_summary="Feiten.",
                                          summoned_on=days_ago(14), confirm_unusual_time=True)
        case = steps.case_record_hearing(
            case=case, user=hr_user, outcome="did_not_appear", held_on=days_ago(3),
            outcome_reason="Aangetekend opgeroepen op de oproepingsdatum; niet verschenen.")
        case = factories.propose(case, hr_user)
        case = disciplinary.case_decide_sanction(case=case, user=decider_user,
                                                 sanction="terbeschikkingstelling",
                                                 reason="Ernstig.",
                                                 body=factories.deciding_body(case))
        text = issued_text(case, Kind.DISCIPLINARY_DECISION, hr_user)
        assert "terbeschikkingstelling" in text
        assert "opkomen bij de kamer van beroep voor het officieel gesubsidieerd onderwijs" in text
        assert "binnen 20 dagen na de ontvangst van deze beslissing" in text
        assert "bij aangetekende brief" in text
        assert "Te bevestigen door de juridische dienst" in text
        assert "verscheen niet, hoewel het regelmatig werd opgeroepen" in text
        assert "U werd gehoord" not in text

    def test_no_sanction_means_no_appeal_instructions(self, prosecuted_case, hr_user,
                                                      decider_user):
        case = steps.case_convene_hearing(case=prosecuted_case, user=hr_user,
                                          scheduled_at=at(days_ago(3), 9), place="Zaal",
                                          facts_summary="Feiten.", summoned_on=days_ago(14),
                                          confirm_unusual_time=True)
        case = steps.case_record_hearing(case=case, user=hr_user, outcome="held",
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=days_ago(3), minutes="Verklaring.")
        case = factories.propose(case, hr_user)
        case = disciplinary.case_decide_sanction(
            case=case, user=decider_user, sanction="", reason="Feiten niet bewezen.",
            body=factories.deciding_body(case))
        text = issued_text(case, Kind.DISCIPLINARY_DECISION, hr_user)
        assert "U krijgt geen tuchtstraf." in text
        assert "Rechtsmiddelen" not in text


class TestOtherDecisions:
    def test_preventive_suspension_states_period_salary_and_legal_maximum(
            self, prosecuted_case, hr_user, decider_user):
        disciplinary.case_impose_preventive_suspension(
            case=prosecuted_case, user=decider_user, starts_on=days_ago(-1), heard_on=days_ago(1),
            ends_on=days_ago(-60), reason="Rust op de dienst.")
        text = issued_text(prosecuted_case, Kind.PREVENTIVE_SUSPENSION, hr_user)
        assert f"Begin {long_date_nl(days_ago(-1))}" in text
        # The last day is part of the suspension (workflows/services/suspensions.py).
        assert (f"Laatste dag (uiterlijk) {long_date_nl(days_ago(-60))}, die dag inbegrepen"
                in text)
        assert "met behoud van salaris" in text
        assert "Rust op de dienst." in text
        assert "Een preventieve schorsing is geen tuchtstraf." in text
        assert "ten hoogste 6 maanden" in text and "art. 209 Decreet Lokaal Bestuur" in text

    def test_decision_not_to_prosecute(self, not_prosecuted_case, hr_user):
        text = issued_text(not_prosecuted_case, Kind.NO_PROSECUTION, hr_user)
        assert "Beslissing tot niet-vervolging" in text
        assert f"op {long_date_nl(days_ago(10))} kennisgenomen van het onderzoeksverslag" in text
        assert "geen tuchtvervolging" in text
        assert "Het onderzoek kon niet aantonen dat het personeelslid het bericht plaatste." in text

    def test_closing_letter_when_closed_without_follow_up(self, closed_case, hr_user):
        text = issued_text(closed_case, Kind.CLOSING_LETTER, hr_user)
        assert "Afsluiting van het dossier zonder gevolg" in text
        assert f"werd op {long_date_nl(TODAY)} afgesloten zonder gevolg" in text
        assert "De feiten zijn niet bewezen." in text

    def test_a_case_closed_just_after_midnight_is_closed_on_that_day_in_the_letter(
            self, closed_case, hr_user):
        # 0.30 on Tuesday 1 December in Belgium is 23.30 UTC on Monday 30 November.
        from workflows.models import Case

        utc = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
        Case.objects.filter(pk=closed_case.pk).update(closed_at=utc)
        closed_case.refresh_from_db()
        text = issued_text(closed_case, Kind.CLOSING_LETTER, hr_user)
        assert "werd op dinsdag 1 december 2026 afgesloten zonder gevolg" in text
        assert long_date_nl(utc) == "dinsdag 1 december 2026"


def test_letters_are_addressed_to_the_employee_s_postal_address(triaged_case, hr_user):
    employee = triaged_case.incident.employee
    employee.address = "Kerkstraat 1, 9000 Gent"
    employee.save()
    case = steps.case_close_without_follow_up(case=triaged_case, user=hr_user, reason="Geen zware fout")
    letter = document_issue(case=case, kind="closing_letter", user=hr_user, delivery=LETTER_DELIVERY)
    text = pdf_text(letter)
    assert "Kerkstraat 1" in text and "9000 Gent" in text
