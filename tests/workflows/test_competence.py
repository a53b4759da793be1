"""Competence as data (legal review, defect 5), proposer is never the decider (defect 7) and the
sanction catalogues in the rulebook (defect 12)."""

import datetime
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents.models import Body, Employee, Grade, LegalStatus, Protection
from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.competence import (DELEGATION_NOTE, FLAG_NOTE, check_competence, check_in_catalogue,
                                  competent_bodies)
from workflows.forms import SanctionForm
from workflows.models import Case, Decision, Hearing, SanctionRule
from workflows.services import disciplinary, errors, steps
from workflows.services.deadlines import deadline_proceed_late
from workflows.services.disciplinary import INVESTIGATOR_CANNOT_DECIDE, PROPOSER_CANNOT_DECIDE
from workflows.services.reviews import opinion_file, review_request
from workflows.services.rulebook import rule_correct
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def reload(case):
    return Case.objects.get(pk=case.pk)


def body(case, kind, **extra):
    return Body.objects.get_or_create(employer=case.employee.employer, kind=kind,
                                      defaults={"name": f"orgaan {kind}", **extra})[0]


def graded_body(case, kind, grade):
    return Body.objects.create(employer=case.employee.employer, kind=kind, grade=grade,
                               name=f"{kind} van graad {grade}")


def school_case(hr, status=LegalStatus.EDUCATION_PERMANENT):
    case = steps.case_take_in_triage(case=submitted_case(status=status), user=hr)
    school = factories.EmployerFactory(name="Basisschool De Regenboog", kind="school")
    case.employee.employer = school
    case.employee.save()
    return reload(case)


def reported(case, hr, investigator=None):
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=TODAY(),
                                        investigator=investigator or factories.legal())
    return disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=TODAY())


def awaiting_the_authority(hr):
    """A statutory case whose investigation report was noted: it waits for the authority."""
    case = steps.case_take_in_triage(case=submitted_case(status=LegalStatus.STATUTORY), user=hr)
    return reported(case, hr, investigator=factories.hr())


def heard(case, hr, decider):
    case = reported(case, hr)
    case = disciplinary.case_decide_to_prosecute(case=reload(case), user=decider, reason="Bewezen",
                                                 body=factories.deciding_body(reload(case)))
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=timezone.now(),
                                      place="Raadzaal", facts_summary="Bericht",
                                      summoned_on=TODAY() - datetime.timedelta(days=14),
                                      confirm_unusual_time=True)
    return steps.case_record_hearing(case=case, user=hr, outcome=Hearing.Outcome.HELD,
                                     start_time=time(10), end_time=time(11, 15),
                                     held_on=TODAY(), minutes="Verweer.")


def body_error(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return " ".join(error.value.message_dict["body"])


class TestCompetentBody:
    def test_local_government_sanction_by_the_school_governing_body_is_refused(
            self, statutory_case, hr_user, decider_user):
        case = factories.propose(heard(statutory_case, hr_user, decider_user), hr_user)
        wrong = body(case, Body.Kind.GOVERNING_BODY)
        message = body_error(lambda: disciplinary.case_decide_sanction(
            case=reload(case), user=decider_user, sanction="afzetting", reason="x", body=wrong))
        assert "is not competent for this decision: General director" in message
        assert "art. 201 Decreet Lokaal Bestuur" in message
        assert "to be confirmed by the legal service" in message
        assert reload(case).state == CaseState.SANCTION_PROPOSED
        assert not Decision.objects.filter(case=case, kind="afzetting").exists()

    def test_contractual_dismissal_by_the_inrichtende_macht_is_refused(
            self, contractual_case, hr_user, decider_user):
        case = steps.case_open_dismissal(case=contractual_case, user=hr_user,
                                         knowledge_date=TODAY())
        wrong = body(case, Body.Kind.GOVERNING_BODY)
        message = body_error(lambda: steps.case_decide_dismissal(
            case=case, user=decider_user, reason="x", body=wrong))
        assert "General director" in message

    def test_school_teacher_suspension_by_the_general_director_is_refused(
            self, hr_user, decider_user):
        case = factories.propose(heard(school_case(hr_user), hr_user, decider_user), hr_user)
        wrong = body(case, Body.Kind.GENERAL_DIRECTOR)
        message = body_error(lambda: disciplinary.case_decide_sanction(
            case=reload(case), user=decider_user, sanction="schorsing", duration_months=1,
            reason="x", body=wrong))
        assert "Governing body of the school" in message
        # The education rule is confirmed: no flag, and no delegation to offer either.
        assert str(FLAG_NOTE) not in message and str(DELEGATION_NOTE) not in message
        right = body(case, Body.Kind.GOVERNING_BODY)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction="schorsing", duration_months=1,
                                                 reason="x", body=right)
        decision = case.decisions.get(kind="schorsing")
        assert decision.body == right
        assert decision.competence_rule.body_kind == Body.Kind.GOVERNING_BODY

    def test_body_of_another_employing_entity_is_refused(self, statutory_case, hr_user,
                                                         decider_user):
        case = reported(statutory_case, hr_user)
        ocmw = factories.EmployerFactory(name="OCMW Voorbeeld", kind="ocmw")
        others = Body.objects.create(employer=ocmw, kind=Body.Kind.GENERAL_DIRECTOR,
                                     name="de algemeen directeur van het OCMW")
        message = body_error(lambda: disciplinary.case_decide_to_prosecute(
            case=reload(case), user=decider_user, reason="x", body=others))
        assert "not competent" in message

    def test_a_body_of_another_entity_is_refused_whichever_entity_was_registered_first(
            self, statutory_case, hr_user):
        earlier = factories.EmployerFactory(name="OCMW Voorbeeld", kind="ocmw")
        others = Body.objects.create(employer=earlier, kind=Body.Kind.GENERAL_DIRECTOR,
                                     name="de algemeen directeur van het OCMW")
        later = factories.EmployerFactory(name="Gemeente Later", kind="municipality")
        Employee.objects.filter(pk=statutory_case.employee.pk).update(employer=later)
        case = reported(reload(statutory_case), hr_user)
        assert others not in competent_bodies(case=case, decisions=["prosecution"], on=TODAY())
        assert "not competent" in body_error(lambda: check_competence(
            case=case, body=others, decision="prosecution", on=TODAY()))

    def test_the_bodies_of_an_entity_with_a_high_number_are_competent_for_its_staff(
            self, statutory_case, hr_user):
        # Entities are told apart by their number's value, however large it is.
        entity = factories.EmployerFactory(pk=1000, name="Gemeente Duizend", kind="municipality")
        Employee.objects.filter(pk=statutory_case.employee.pk).update(employer=entity)
        director = Body.objects.create(employer=entity, kind=Body.Kind.GENERAL_DIRECTOR,
                                       name="de algemeen directeur")
        case = reported(reload(statutory_case), hr_user)
        rule = check_competence(case=reload(case), body=Body.objects.get(pk=director.pk),
                                decision="prosecution", on=TODAY())
        assert rule.body_kind == Body.Kind.GENERAL_DIRECTOR

    def test_decretal_grade_is_for_the_council_not_the_general_director(
            self, statutory_case, hr_user, decider_user):
        employee = statutory_case.employee
        employee.grade = Grade.DECRETAL
        employee.save()
        case = reported(reload(statutory_case), hr_user)
        director = body(case, Body.Kind.GENERAL_DIRECTOR)
        assert "Municipal council" in body_error(lambda: disciplinary.case_decide_to_prosecute(
            case=reload(case), user=decider_user, reason="x", body=director))
        council = body(case, Body.Kind.COUNCIL)
        case = disciplinary.case_decide_to_prosecute(case=reload(case), user=decider_user,
                                                     reason="x", body=council)
        assert case.decisions.get().body == council

    def test_delegation_only_to_a_staff_member_of_at_least_equal_grade(
            self, statutory_case, hr_user, decider_user):
        employee = statutory_case.employee
        employee.grade = Grade.B
        employee.save()
        case = reported(reload(statutory_case), hr_user)
        lower = Body.objects.create(employer=employee.employer, kind=Body.Kind.DELEGATE,
                                    name="diensthoofd C", grade=Grade.C)
        higher = Body.objects.create(employer=employee.employer, kind=Body.Kind.DELEGATE,
                                     name="departementshoofd A", grade=Grade.A)
        offered = competent_bodies(case=case, decisions=["prosecution"], on=TODAY())
        assert higher in offered and lower not in offered
        assert "delegation" in body_error(lambda: disciplinary.case_decide_to_prosecute(
            case=reload(case), user=decider_user, reason="x", body=lower))
        case = disciplinary.case_decide_to_prosecute(case=reload(case), user=decider_user,
                                                     reason="x", body=higher)
        assert case.state == CaseState.PROSECUTION

    def test_without_delegation_no_body_of_high_grade_stands_in_for_the_competent_one(
            self, statutory_case, hr_user):
        # A decretal grade: the council decides, and its rule allows no delegation (art. 201 DLB).
        Employee.objects.filter(pk=statutory_case.employee.pk).update(grade=Grade.DECRETAL)
        case = reported(reload(statutory_case), hr_user)
        council = body(case, Body.Kind.COUNCIL)
        director = graded_body(case, Body.Kind.GENERAL_DIRECTOR, Grade.DECRETAL)
        delegate = graded_body(case, Body.Kind.DELEGATE, Grade.DECRETAL)
        offered = competent_bodies(case=case, decisions=["prosecution"], on=TODAY())
        assert council in offered
        assert director not in offered and delegate not in offered
        message = body_error(lambda: check_competence(case=case, body=delegate,
                                                      decision="prosecution", on=TODAY()))
        assert "Municipal council decides" in message and str(DELEGATION_NOTE) not in message

    def test_only_a_delegate_holds_a_delegation_not_another_body_of_high_grade(
            self, statutory_case, hr_user):
        Employee.objects.filter(pk=statutory_case.employee.pk).update(grade=Grade.B)
        case = reported(reload(statutory_case), hr_user)
        delegate = graded_body(case, Body.Kind.DELEGATE, Grade.A)
        college = graded_body(case, Body.Kind.COLLEGE, Grade.A)
        school_board = graded_body(case, Body.Kind.GOVERNING_BODY, Grade.A)
        offered = competent_bodies(case=case, decisions=["prosecution"], on=TODAY())
        assert delegate in offered
        assert college not in offered and school_board not in offered

    def test_decision_form_offers_only_competent_bodies(self, hr_user, decider_user):
        case = factories.propose(heard(school_case(hr_user), hr_user, decider_user), hr_user)
        right = body(case, Body.Kind.GOVERNING_BODY)
        wrong = body(case, Body.Kind.GENERAL_DIRECTOR)
        offered = list(SanctionForm(case=reload(case)).fields["body"].queryset)
        assert right in offered and wrong not in offered


class TestProposerIsNeverTheDecider:
    def test_disciplinary_decision_needs_a_proposal_first(self, statutory_case, hr_user,
                                                          decider_user):
        from workflows.services import errors

        case = heard(statutory_case, hr_user, decider_user)
        with pytest.raises(errors.WorkflowError):
            disciplinary.case_decide_sanction(case=reload(case), user=decider_user, sanction="",
                                              reason="x", body=factories.deciding_body(case))
        assert reload(case).state == CaseState.DISCIPLINARY_HEARD

    def test_the_proposer_cannot_decide_even_as_a_member_of_the_deciding_authority(
            self, statutory_case, hr_user, decider_user):
        case = heard(statutory_case, hr_user, decider_user)
        proposer = case.investigator
        proposer.groups.add(*decider_user.groups.all())
        case = disciplinary.case_propose_sanction(
            case=reload(case), user=hr_user, proposer=proposer, proposer_role="investigator",
            sanction="blaam", motivation="Herhaalde schending.")
        with pytest.raises(ValidationError) as error:
            disciplinary.case_decide_sanction(case=reload(case), user=proposer, sanction="blaam",
                                              reason="x", body=factories.deciding_body(case))
        assert error.value.messages == [str(PROPOSER_CANNOT_DECIDE)]
        assert reload(case).state == CaseState.SANCTION_PROPOSED
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction="blaam", reason="x",
                                                 body=factories.deciding_body(case))
        assert case.state == CaseState.SANCTION_DECIDED

    def test_proposal_must_come_from_the_investigator_or_the_line_manager(
            self, statutory_case, hr_user, decider_user):
        case = heard(statutory_case, hr_user, decider_user)
        with pytest.raises(ValidationError) as error:
            disciplinary.case_propose_sanction(
                case=reload(case), user=hr_user, proposer=hr_user, proposer_role="investigator",
                sanction="blaam", motivation="x")
        assert "proposer" in error.value.message_dict

    def test_the_investigator_cannot_decide_to_prosecute(self, statutory_case, hr_user,
                                                         decider_user):
        investigator = factories.decider()
        case = reported(statutory_case, hr_user, investigator=investigator)
        with pytest.raises(ValidationError) as error:
            disciplinary.case_decide_to_prosecute(case=reload(case), user=investigator,
                                                  reason="x", body=factories.deciding_body(case))
        assert error.value.messages == [str(INVESTIGATOR_CANNOT_DECIDE)]
        assert reload(case).state == CaseState.INVESTIGATION_REPORTED


class TestSanctionCatalogue:
    def test_reprimand_is_available_for_permanent_education_staff_flagged(
            self, hr_user, decider_user):
        case = factories.propose(heard(school_case(hr_user), hr_user, decider_user), hr_user)
        choices = dict(SanctionForm(case=reload(case)).fields["sanction"].choices)
        assert "to be confirmed" in str(choices["blaam"])
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction="blaam", reason="x",
                                                 body=factories.deciding_body(case))
        assert case.decisions.get(kind="blaam")

    def test_catalogue_corrected_by_legal_takes_effect(self, hr_user, decider_user):
        entry = SanctionRule.objects.get(regime="education", sanction="terugzetting")
        rule_correct(rule=entry, user=factories.legal(), reason="Niet in hoofdstuk IX.",
                     in_catalogue=False, legal_source=entry.legal_source)
        case = factories.propose(heard(school_case(hr_user), hr_user, decider_user), hr_user)
        offered = dict(SanctionForm(case=reload(case)).fields["sanction"].choices)
        assert "terugzetting" not in offered
        with pytest.raises(ValidationError) as error:
            disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                              sanction="terugzetting", reason="x",
                                              body=factories.deciding_body(case))
        assert "not in the catalogue" in " ".join(error.value.message_dict["sanction"])


    def test_a_sanction_outside_the_regimes_catalogue_is_refused_by_its_name(self, hr_user):
        # Afzetting and inhouding van salaris belong to local government, not to education.
        case = reported(school_case(hr_user), hr_user)
        # Named by its label; a code the application does not know, as it was sent.
        for sanction, named in (("afzetting", "Removal from office (afzetting)"),
                                ("inhouding_salaris", "Salary withholding (inhouding van salaris)"),
                                ("geldboete", "geldboete")):
            with pytest.raises(ValidationError) as error:
                check_in_catalogue(case=case, sanction=sanction, on=TODAY())
            message = " ".join(error.value.message_dict["sanction"])
            assert f"“{named}” is not in the catalogue" in message
        assert check_in_catalogue(case=case, sanction="ontslag", on=TODAY()).sanction == "ontslag"


class TestProposalKeepsTheDecisionConditions:
    """The proposal step sits between the hearing and the decision: the time to decide after the
    hearing and the protected employee's legal opinion hold for both."""

    def test_protected_employee_needs_a_legal_opinion_before_the_proposal_and_the_decision(
            self, statutory_case, hr_user, decider_user, legal_user):
        case = heard(statutory_case, hr_user, decider_user)
        Employee.objects.filter(pk=case.employee.pk).update(protection=Protection.UNION_MANDATE)
        with pytest.raises(errors.WorkflowError, match="legal opinion"):
            factories.propose(reload(case), hr_user)
        assert reload(case).state == CaseState.DISCIPLINARY_HEARD
        review_request(case=case, user=hr_user, reviewer=legal_user, question="Beschermd?")
        opinion_file(case=case, user=legal_user, text="Een blaam kan, mits motivering.")
        case = factories.propose(reload(case), hr_user)
        assert case.state == CaseState.SANCTION_PROPOSED

    def test_protection_known_after_the_proposal_still_stops_the_decision(
            self, statutory_case, hr_user, decider_user):
        case = factories.propose(heard(statutory_case, hr_user, decider_user), hr_user)
        Employee.objects.filter(pk=case.employee.pk).update(protection=Protection.UNION_MANDATE)
        with pytest.raises(errors.WorkflowError, match="legal opinion"):
            disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                              sanction="blaam", reason="x",
                                              body=factories.deciding_body(reload(case)))
        assert reload(case).state == CaseState.SANCTION_PROPOSED

    def test_passed_time_to_decide_stops_the_proposal_until_the_hr_lead_allows_it(
            self, statutory_case, hr_user, decider_user):
        case = heard(statutory_case, hr_user, decider_user)
        # The time to decide after the hearing ran out (the dates as if the hearing were old).
        case.deadlines.filter(code="decision_after_hearing").update(
            due_date=TODAY() - datetime.timedelta(days=1))
        with pytest.raises(errors.WorkflowError, match="time to decide after the hearing"):
            factories.propose(reload(case), hr_user)
        assert reload(case).state == CaseState.DISCIPLINARY_HEARD
        deadline_proceed_late(deadline=case.deadlines.get(code="decision_after_hearing"),
                              user=factories.hr_lead(), justification="Raad pas nu samen.")
        case = factories.propose(reload(case), hr_user)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction="blaam", reason="x",
                                                 body=factories.deciding_body(reload(case)))
        assert case.state == CaseState.SANCTION_DECIDED


def test_the_sanction_proposal_is_a_section_of_the_case_page_naming_the_proposer(
        client, statutory_case, hr_user, decider_user):
    case = heard(statutory_case, hr_user, decider_user)
    client.force_login(hr_user)
    before = client.get(f"/cases/{case.reference}/").content.decode()
    assert 'href="#proposal"' not in before and 'id="proposal"' not in before
    proposer = case.investigator
    disciplinary.case_propose_sanction(case=reload(case), user=hr_user, proposer=proposer,
                                       proposer_role="investigator", sanction="blaam",
                                       motivation="Herhaalde schending.")
    html = client.get(f"/cases/{case.reference}/").content.decode()
    menu = html[html.index('<nav class="case-sections"'):]
    assert 'href="#proposal"' in menu[:menu.index("</nav>")]
    section = html[html.index('<section id="proposal"'):]
    section = section[:section.index("</section>")]
    assert proposer.get_full_name() and proposer.get_full_name() in section
    assert "Herhaalde schending." in section
