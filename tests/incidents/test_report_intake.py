"""Writing a report: the validation rules, submission, immutability and addenda (issue 3)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from incidents.models import (
    EMPLOYEE_HAD_LEFT,
    FACTS_IN_FUTURE,
    KNOWLEDGE_BEFORE_FACTS,
    KNOWLEDGE_IN_FUTURE,
    PLATFORM_NAME_REQUIRED,
    PROVISION_REQUIRED,
    PROVISION_WRONG_KIND,
    REPORT_LOCKED,
    AccountKind,
    Communication,
    Incident,
    Platform,
    Provision,
    ReportLocked,
)
from incidents.services import (
    ADDENDUM_EMPTY,
    ADDENDUM_ON_DRAFT,
    CASE_CLOSED,
    NOT_YOUR_REPORT,
    addendum_add,
    evidence_add_file,
    incident_delete_draft,
    incident_save_draft,
    incident_submit,
)
from tests import factories
from tests.incidents.test_evidence import png_bytes
from workflows.services.steps import case_close_without_follow_up, case_take_in_triage
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def current_provision(applies_to: str) -> Provision:
    return Provision.objects.filter(code_version__is_current=True, applies_to=applies_to).first()


def report_fields(employee, **overrides) -> dict:
    fields = {
        "employee": employee, "facts_date": days_ago(10), "facts_time": datetime.time(21, 15),
        "knowledge_date": days_ago(9), "platform": Platform.ONLINE_NETWORK,
        "platform_name": "Facebook", "account_kind": AccountKind.PRIVATE,
        "account_name": "jan.peeters", "communication": Communication.PERSONAL,
        "description": "Bericht met vertrouwelijke informatie over een dossier.",
        "content_urls": "https://www.facebook.com/jan.peeters/posts/1", "still_online": True,
    }
    return fields | overrides


def save_draft(reporter=None, *, provisions=None, people=(), incident=None, **overrides):
    return incident_save_draft(
        reporter=reporter or factories.manager(),
        fields=report_fields(overrides.pop("employee", None) or factories.EmployeeFactory(),
                             **overrides),
        provisions=[current_provision("personal")] if provisions is None else provisions,
        people=list(people), incident=incident,
    )


def field_errors(caught) -> dict:
    return caught.value.message_dict


class TestIncidentSaveDraft:
    def test_saves_every_field_of_the_report_as_a_draft(self):
        both, personal = current_provision("both"), current_provision("personal")
        people = [{"name": "An Janssens", "role": "witness", "details": "collega"},
                  {"name": "Piet Peeters", "role": "external", "details": ""}]
        incident = save_draft(provisions=[both, personal], people=people)
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT
        assert (incident.facts_date, incident.facts_time) == (days_ago(10), datetime.time(21, 15))
        assert incident.knowledge_date == days_ago(9)
        assert (incident.platform_name, incident.account_name) == ("Facebook", "jan.peeters")
        assert incident.url_list == ["https://www.facebook.com/jan.peeters/posts/1"]
        assert incident.still_online is True
        assert set(incident.provisions.all()) == {both, personal}
        assert [(p.name, p.role) for p in incident.people.all()] == [
            ("An Janssens", "witness"), ("Piet Peeters", "external")]

    def test_the_time_of_the_facts_is_optional(self):
        assert save_draft(facts_time=None).facts_time is None

    def test_saving_again_replaces_the_people_involved(self):
        incident = save_draft(people=[{"name": "An", "role": "witness", "details": ""}])
        save_draft(incident.reporter, incident=incident, employee=incident.employee,
                   people=[{"name": "Bart", "role": "colleague", "details": ""}])
        assert list(incident.people.values_list("name", flat=True)) == ["Bart"]

    def test_the_facts_cannot_be_in_the_future(self):
        with pytest.raises(ValidationError) as caught:
            save_draft(facts_date=days_ago(-1), knowledge_date=days_ago(-1))
        assert field_errors(caught)["facts_date"] == [FACTS_IN_FUTURE]
        assert not Incident.objects.exists()

    def test_the_facts_may_be_today(self):
        assert save_draft(facts_date=TODAY(), knowledge_date=TODAY()).facts_date == TODAY()

    def test_the_knowledge_date_cannot_be_in_the_future(self):
        with pytest.raises(ValidationError) as caught:
            save_draft(knowledge_date=days_ago(-1))
        assert field_errors(caught)["knowledge_date"] == [KNOWLEDGE_IN_FUTURE]

    def test_the_reporter_cannot_have_learned_of_the_facts_before_they_happened(self):
        with pytest.raises(ValidationError) as caught:
            save_draft(facts_date=days_ago(5), knowledge_date=days_ago(6))
        assert field_errors(caught)["knowledge_date"] == [KNOWLEDGE_BEFORE_FACTS]

    def test_learning_of_the_facts_on_the_day_itself_is_fine(self):
        assert save_draft(facts_date=days_ago(5), knowledge_date=days_ago(5)).pk

    def test_an_employee_who_had_left_before_the_facts_is_refused(self):
        employee = factories.EmployeeFactory(left_on=days_ago(30))
        with pytest.raises(ValidationError) as caught:
            save_draft(employee=employee)
        left = days_ago(30).strftime("%d/%m/%Y")
        assert field_errors(caught)["employee"] == [EMPLOYEE_HAD_LEFT % {"date": left}]

    def test_an_employee_who_left_after_the_facts_can_still_be_reported(self):
        employee = factories.EmployeeFactory(left_on=days_ago(3))
        assert save_draft(employee=employee).employee == employee

    def test_the_platform_other_needs_its_name(self):
        with pytest.raises(ValidationError) as caught:
            save_draft(platform=Platform.OTHER, platform_name="  ")
        assert field_errors(caught)["platform_name"] == [PLATFORM_NAME_REQUIRED]

    def test_a_named_other_platform_is_accepted(self):
        incident = save_draft(platform=Platform.OTHER, platform_name="Mastodon")
        assert (incident.platform, incident.platform_name) == (Platform.OTHER, "Mastodon")

    def test_a_draft_may_be_saved_without_provisions_but_not_submitted(self):
        incident = save_draft(provisions=[])
        with pytest.raises(ValidationError) as caught:
            incident_submit(incident=incident, user=incident.reporter)
        assert field_errors(caught)["provisions"] == [PROVISION_REQUIRED]
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT and not hasattr(incident, "case")

    def test_an_incomplete_draft_keeps_whatever_was_filled_in(self):
        reporter = factories.manager()
        incident = incident_save_draft(
            reporter=reporter, provisions=[], people=[],
            fields={"description": "Begonnen, de rest volgt.", "facts_date": days_ago(3)})
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT
        assert (incident.description, incident.facts_date) == ("Begonnen, de rest volgt.",
                                                              days_ago(3))
        assert incident.employee is None and incident.platform == ""

    def test_an_incomplete_draft_still_refuses_a_format_error(self):
        with pytest.raises(ValidationError) as caught:
            incident_save_draft(reporter=factories.manager(), provisions=[], people=[],
                                fields={"facts_date": days_ago(-2)})
        assert field_errors(caught)["facts_date"] == [FACTS_IN_FUTURE]
        assert not Incident.objects.exists()

    def test_submitting_an_incomplete_draft_names_every_missing_field(self):
        incident = incident_save_draft(reporter=factories.manager(), provisions=[], people=[],
                                       fields={"description": "Alleen dit."})
        with pytest.raises(ValidationError) as caught:
            incident_submit(incident=incident, user=incident.reporter)
        assert set(field_errors(caught)) == {
            "employee", "facts_date", "knowledge_date", "platform", "account_kind",
            "communication"}
        assert Incident.objects.get().status == Incident.Status.DRAFT

    def test_the_database_refuses_a_submitted_report_without_an_employee(self):
        incident = save_draft()
        with pytest.raises(IntegrityError), transaction.atomic():
            Incident.objects.filter(pk=incident.pk).update(
                employee=None, status=Incident.Status.SUBMITTED)

    def test_a_provision_for_professional_communication_does_not_fit_a_personal_post(self):
        professional = current_provision("professional")
        with pytest.raises(ValidationError) as caught:
            save_draft(provisions=[current_provision("both"), professional],
                       communication=Communication.PERSONAL)
        assert field_errors(caught)["provisions"] == [PROVISION_WRONG_KIND % {
            "provision": f"{professional.article} {professional.text}",
            "communication": Communication.PERSONAL.label,
        }]

    def test_a_provision_for_both_kinds_fits_professional_communication(self):
        incident = save_draft(provisions=[current_provision("both")],
                              communication=Communication.PROFESSIONAL)
        assert incident.provisions.get().applies_to == "both"

    def test_only_the_reporter_may_change_the_draft(self):
        incident = save_draft()
        with pytest.raises(PermissionDenied, match=str(NOT_YOUR_REPORT)):
            save_draft(factories.manager(), incident=incident, description="Overschreven")
        incident.refresh_from_db()
        assert incident.description != "Overschreven"


class TestIncidentDeleteDraft:
    def test_the_author_deletes_a_draft_with_its_evidence_files(
        self, django_capture_on_commit_callbacks
    ):
        incident = save_draft()
        evidence = evidence_add_file(incident=incident, user=incident.reporter,
                                     uploaded=SimpleUploadedFile("shot.png", png_bytes()))
        storage, name = evidence.file.storage, evidence.file.name
        with django_capture_on_commit_callbacks(execute=True):
            incident_delete_draft(incident=incident, user=incident.reporter)
        assert not Incident.objects.exists()
        assert not storage.exists(name)

    def test_another_manager_cannot_delete_it(self):
        incident = save_draft()
        with pytest.raises(PermissionDenied, match=str(NOT_YOUR_REPORT)):
            incident_delete_draft(incident=incident, user=factories.manager())
        assert Incident.objects.filter(pk=incident.pk).exists()

    def test_a_submitted_report_is_never_deleted(self):
        incident = save_draft()
        incident_submit(incident=incident, user=incident.reporter)
        with pytest.raises(ReportLocked):
            incident_delete_draft(incident=incident, user=incident.reporter)
        assert Incident.objects.filter(pk=incident.pk).exists()


class TestIncidentSubmit:
    def test_opens_a_case_in_state_reported_and_mails_the_hr_group(
        self, django_capture_on_commit_callbacks
    ):
        officer, colleague = factories.hr(), factories.hr()
        factories.hr(email="")
        incident = save_draft()
        with django_capture_on_commit_callbacks(execute=True):
            incident_submit(incident=incident, user=incident.reporter)
        incident.refresh_from_db()
        assert incident.status == Incident.Status.SUBMITTED
        assert incident.submitted_at is not None
        assert incident.case.state == CaseState.REPORTED
        assert list(incident.case.provisions.all()) == list(incident.provisions.all())
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == sorted([officer.email, colleague.email])
        assert incident.case.reference in mail.outbox[0].subject

    def test_no_mail_leaves_before_the_submission_is_committed(self):
        factories.hr()
        incident = save_draft()
        incident_submit(incident=incident, user=incident.reporter)
        assert mail.outbox == []

    def test_only_the_reporter_may_submit(self):
        incident = save_draft()
        with pytest.raises(PermissionDenied):
            incident_submit(incident=incident, user=factories.manager())
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT

    def test_a_report_is_submitted_only_once(self):
        incident = save_draft()
        incident_submit(incident=incident, user=incident.reporter)
        with pytest.raises(ReportLocked):
            incident_submit(incident=Incident.objects.get(pk=incident.pk), user=incident.reporter)
        assert Incident.objects.get(pk=incident.pk).case.events.filter(kind="opened").count() == 1

    def test_a_draft_whose_provisions_no_longer_fit_is_not_submitted(self):
        incident = save_draft()
        incident.provisions.set([current_provision("professional")])
        with pytest.raises(ValidationError):
            incident_submit(incident=incident, user=incident.reporter)
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT


@pytest.fixture
def submitted():
    incident = save_draft()
    incident_submit(incident=incident, user=incident.reporter)
    return Incident.objects.get(pk=incident.pk)


class TestSubmittedReportIsImmutable:
    def test_saving_the_model_raises_report_locked(self, submitted):
        submitted.description = "Achteraf aangepast"
        with pytest.raises(ReportLocked, match=str(REPORT_LOCKED)):
            submitted.save()
        assert Incident.objects.get(pk=submitted.pk).description != "Achteraf aangepast"

    def test_a_stale_copy_loaded_before_submission_cannot_be_saved_either(self):
        incident = save_draft()
        stale = Incident.objects.get(pk=incident.pk)
        incident_submit(incident=incident, user=incident.reporter)
        stale.description = "Achteraf aangepast"
        with pytest.raises(ReportLocked):
            stale.save()

    def test_it_cannot_be_deleted(self, submitted):
        with pytest.raises(ReportLocked):
            submitted.delete()
        assert Incident.objects.filter(pk=submitted.pk).exists()

    def test_the_draft_service_refuses_it(self, submitted):
        with pytest.raises(ReportLocked):
            save_draft(submitted.reporter, incident=submitted, employee=submitted.employee)


class TestAddendumAdd:
    def test_addenda_are_numbered_in_the_order_they_were_added_with_author_and_date(
        self, submitted
    ):
        before = timezone.now()
        for text in ["Eerste correctie", "Tweede aanvulling", "Derde aanvulling"]:
            addendum_add(incident=submitted, user=submitted.reporter, text=text)
        addenda = list(submitted.addenda.all())
        assert [(a.number, a.text) for a in addenda] == [
            (1, "Eerste correctie"), (2, "Tweede aanvulling"), (3, "Derde aanvulling")]
        assert {a.author for a in addenda} == {submitted.reporter}
        assert before <= addenda[0].created_at <= addenda[1].created_at <= addenda[2].created_at

    def test_the_report_itself_stays_as_it_was_submitted(self, submitted):
        description = submitted.description
        addendum_add(incident=submitted, user=submitted.reporter, text="De post is verwijderd.")
        assert Incident.objects.get(pk=submitted.pk).description == description

    def test_new_evidence_is_attached_to_the_addendum_and_the_case_records_it(self, submitted):
        upload = SimpleUploadedFile("later.png", png_bytes())
        addendum = addendum_add(incident=submitted, user=submitted.reporter, text="",
                                files=[upload], urls=["https://x.com/jan/status/2"])
        assert [(e.kind, e.addendum) for e in submitted.evidence.all()] == [
            ("file", addendum), ("url", addendum)]
        event = submitted.case.events.get(kind="addendum_added")
        sealed = event.payload.pop("sealed")
        assert event.payload == {"addendum": 1, "files": 1, "urls": 1}
        assert {key.split(":")[0] for key in sealed} == {"incidents.addendum", "incidents.evidence"}

    def test_an_addendum_needs_text_or_evidence(self, submitted):
        with pytest.raises(ValidationError, match=str(ADDENDUM_EMPTY)):
            addendum_add(incident=submitted, user=submitted.reporter, text="  ")
        assert not submitted.addenda.exists()

    def test_only_the_reporter_may_add_one(self, submitted):
        with pytest.raises(PermissionDenied):
            addendum_add(incident=submitted, user=factories.manager(), text="Niet van mij")

    def test_no_addendum_once_the_case_is_closed(self, submitted):
        officer = factories.hr()
        case = case_take_in_triage(case=submitted.case, user=officer)
        case_close_without_follow_up(case=case, user=officer, reason="Geen inbreuk")
        with pytest.raises(ValidationError, match=str(CASE_CLOSED)):
            addendum_add(incident=Incident.objects.get(pk=submitted.pk), user=submitted.reporter,
                         text="Nog iets")

    def test_a_draft_is_edited_not_completed_by_addenda(self):
        incident = save_draft()
        with pytest.raises(ValidationError, match=str(ADDENDUM_ON_DRAFT)):
            addendum_add(incident=incident, user=incident.reporter, text="Aanvulling")
        assert not incident.addenda.exists()

    def test_evidence_without_an_addendum_is_refused_on_a_submitted_report(self, submitted):
        with pytest.raises(ReportLocked):
            evidence_add_file(incident=submitted, uploaded=SimpleUploadedFile("x.png", png_bytes()),
                              user=submitted.reporter)
