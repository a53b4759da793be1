import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.documents.conftest import LETTER_DELIVERY, TODAY, days_ago
from workflows.documents import services
from workflows.documents.models import IssuedDocument, IssuedDocumentIsFinal
from workflows.documents.selectors import document_available, documents_available
from workflows.models import CaseEvent
from workflows.services import disciplinary
from workflows.services.steps import INVALID_REASON_METHOD

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


def stored_bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


class TestDocumentsAvailable:
    def test_a_case_in_triage_offers_only_the_report_and_the_case_file(self, triaged_case):
        assert documents_available(triaged_case) == [Kind.INCIDENT_REPORT, Kind.CASE_FILE]

    def test_convocation_and_minutes_once_a_hearing_is_convened(self, heard_dismissal_case):
        available = documents_available(heard_dismissal_case)
        assert Kind.CONVOCATION in available and Kind.HEARING_MINUTES in available
        assert Kind.DISMISSAL_LETTER not in available

    def test_dismissal_letter_and_reason_notice_once_dismissal_is_decided(self, dismissed_case):
        available = documents_available(dismissed_case)
        assert Kind.DISMISSAL_LETTER in available and Kind.REASON_NOTICE in available
        assert Kind.DISCIPLINARY_DECISION not in available

    def test_closing_letter_only_when_closed_without_follow_up(self, closed_case):
        assert Kind.CLOSING_LETTER in documents_available(closed_case)
        assert Kind.NO_PROSECUTION not in documents_available(closed_case)

    def test_decision_not_to_prosecute_when_not_prosecuted(self, not_prosecuted_case):
        assert Kind.NO_PROSECUTION in documents_available(not_prosecuted_case)
        assert Kind.CLOSING_LETTER not in documents_available(not_prosecuted_case)

    def test_disciplinary_decision_and_suspension_on_the_disciplinary_track(
            self, sanctioned_case, decider_user):
        disciplinary.case_impose_preventive_suspension(
            case=sanctioned_case, user=decider_user, starts_on=days_ago(2), ends_on=days_ago(1),
            reason="In het belang van de dienst.", heard_on=days_ago(3))
        available = documents_available(sanctioned_case)
        assert Kind.DISCIPLINARY_DECISION in available
        assert Kind.PREVENTIVE_SUSPENSION in available

    def test_issuing_asks_of_one_kind_what_the_list_of_available_documents_says(
            self, dismissed_case, not_prosecuted_case):
        for case in (dismissed_case, not_prosecuted_case):
            available = documents_available(case)
            assert [kind for kind in Kind if document_available(case, kind)] == available
        assert not document_available(dismissed_case, "no_such_document")


class TestDocumentIssue:
    def test_issuing_stores_the_pdf_its_hash_author_and_version_1(self, triaged_case, hr_user):
        document = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                           user=hr_user)
        content = stored_bytes(document)
        assert content.startswith(b"%PDF-")
        assert document.version == 1
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.size == len(content)
        assert document.generated_by == hr_user
        assert document.file.name.startswith("documents/")
        assert triaged_case.reference not in document.file.name

    def test_regenerating_adds_a_version_and_keeps_the_earlier_one(self, triaged_case, hr_user):
        first = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                        user=hr_user)
        first_bytes = stored_bytes(first)
        second = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                         user=hr_user)
        assert [d.version for d in IssuedDocument.objects.filter(case=triaged_case)] == [1, 2]
        first.refresh_from_db()
        assert stored_bytes(first) == first_bytes
        assert hashlib.sha256(stored_bytes(first)).hexdigest() == first.sha256
        assert hashlib.sha256(stored_bytes(second)).hexdigest() == second.sha256
        assert first.file.name != second.file.name

    def test_issuing_records_a_case_event_with_the_hash(self, triaged_case, hr_user):
        document = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                           user=hr_user)
        event = CaseEvent.objects.filter(case=triaged_case).order_by("-sequence").first()
        assert event.kind == "document_issued"
        assert event.actor == hr_user
        sealed = event.payload.pop("sealed")
        assert event.payload == {"document": document.pk, "kind": "incident_report",
                                 "version": 1, "sha256": document.sha256}
        assert sealed[f"documents.issueddocument:{document.pk}"]["sha256"]

    def test_a_document_the_case_cannot_produce_yet_is_refused(self, triaged_case, hr_user):
        with pytest.raises(ValidationError) as error:
            services.document_issue(case=triaged_case, kind=Kind.DISMISSAL_LETTER, user=hr_user, delivery=LETTER_DELIVERY)
        assert str(services.NOT_AVAILABLE) in error.value.messages
        assert not IssuedDocument.objects.exists()

    def test_someone_without_the_right_to_handle_the_case_cannot_issue(self, triaged_case):
        other_hr = factories.hr_lead()
        with pytest.raises(PermissionDenied):
            services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT, user=other_hr)

    def test_a_legal_reviewer_may_compile_the_case_file_but_not_write_letters(
            self, reviewed_case, legal_user):
        document = services.document_issue(case=reviewed_case, kind=Kind.CASE_FILE,
                                           user=legal_user)
        assert document.kind == Kind.CASE_FILE
        with pytest.raises(PermissionDenied):
            services.document_issue(case=reviewed_case, kind=Kind.DISMISSAL_LETTER,
                                    user=legal_user, delivery=LETTER_DELIVERY)

    def test_a_sent_document_cannot_be_replaced(self, dismissed_case, hr_user, remedies_confirmed):
        letter = services.document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER,
                                         user=hr_user, delivery=LETTER_DELIVERY)
        services.document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                                    method="registered_letter")
        with pytest.raises(ValidationError) as error:
            services.document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER,
                                    user=hr_user, delivery=LETTER_DELIVERY)
        assert str(services.ALREADY_SENT % {"version": 1}) in error.value.messages
        assert IssuedDocument.objects.filter(kind=Kind.DISMISSAL_LETTER).count() == 1

    def test_after_superseding_a_sent_document_a_new_version_can_be_issued(
            self, dismissed_case, hr_user, remedies_confirmed):
        letter = services.document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER,
                                         user=hr_user, delivery=LETTER_DELIVERY)
        services.document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                                    method="registered_letter")
        services.document_supersede(document=letter, user=hr_user,
                                    reason="Verkeerde naam van de beslissende overheid.")
        second = services.document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER,
                                         user=hr_user, delivery=LETTER_DELIVERY)
        assert second.version == 2
        letter.refresh_from_db()
        assert letter.is_sent and letter.is_superseded


class TestDocumentMarkSent:
    def test_marking_as_sent_records_date_method_and_event(self, dismissed_case, hr_user, remedies_confirmed):
        letter = services.document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER,
                                         user=hr_user, delivery=LETTER_DELIVERY)
        letter = services.document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                                             method="registered_letter")
        assert (letter.sent_on, letter.sent_method, letter.sent_by) == (
            TODAY, "registered_letter", hr_user)
        event = CaseEvent.objects.filter(case=dismissed_case).order_by("-sequence").first()
        assert event.kind == "document_sent"
        assert event.payload["method"] == "registered_letter"

    def test_the_serious_reason_cannot_be_sent_by_email(self, dismissed_case, hr_user):
        notice = services.document_issue(case=dismissed_case, kind=Kind.REASON_NOTICE,
                                         user=hr_user, delivery=LETTER_DELIVERY)
        with pytest.raises(ValidationError) as error:
            services.document_mark_sent(document=notice, user=hr_user, sent_on=TODAY,
                                        method="email")
        assert str(INVALID_REASON_METHOD) in error.value.messages
        notice.refresh_from_db()
        assert not notice.is_sent

    def test_a_date_in_the_future_is_refused(self, triaged_case, hr_user):
        report = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                         user=hr_user)
        with pytest.raises(ValidationError):
            services.document_mark_sent(document=report, user=hr_user,
                                        sent_on=days_ago(-1), method="email")

    def test_a_document_is_marked_as_sent_only_once(self, triaged_case, hr_user):
        report = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                         user=hr_user)
        services.document_mark_sent(document=report, user=hr_user, sent_on=TODAY, method="email")
        with pytest.raises(ValidationError) as error:
            services.document_mark_sent(document=report, user=hr_user, sent_on=TODAY,
                                        method="email")
        assert str(services.ALREADY_MARKED_SENT) in error.value.messages


class TestDocumentSupersede:
    def test_a_reason_is_required(self, triaged_case, hr_user):
        report = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                         user=hr_user)
        with pytest.raises(ValidationError):
            services.document_supersede(document=report, user=hr_user, reason="  ")
        report.refresh_from_db()
        assert not report.is_superseded

    def test_superseding_keeps_the_document_and_records_the_reason(self, triaged_case, hr_user):
        report = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                         user=hr_user)
        services.document_supersede(document=report, user=hr_user, reason="Tikfout in de datum.")
        report.refresh_from_db()
        assert report.superseded_reason == "Tikfout in de datum."
        assert report.superseded_by == hr_user
        assert report.file.storage.exists(report.file.name)
        event = CaseEvent.objects.filter(case=triaged_case).order_by("-sequence").first()
        assert (event.kind, event.note) == ("document_superseded", "Tikfout in de datum.")

    def test_someone_without_the_right_cannot_supersede(self, triaged_case, hr_user):
        report = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                         user=hr_user)
        with pytest.raises(PermissionDenied):
            services.document_supersede(document=report, user=factories.hr_lead(), reason="x")


class TestIssuedDocumentsAreFinal:
    def test_an_issued_document_cannot_be_changed_or_deleted(self, triaged_case, hr_user):
        report = services.document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT,
                                         user=hr_user)
        with pytest.raises(IssuedDocumentIsFinal):
            IssuedDocument.objects.filter(pk=report.pk).update(sha256="0" * 64)
        with pytest.raises(IssuedDocumentIsFinal):
            report.save()
        with pytest.raises(IssuedDocumentIsFinal):
            report.delete()
        with pytest.raises(IssuedDocumentIsFinal):
            IssuedDocument.objects.all().delete()
