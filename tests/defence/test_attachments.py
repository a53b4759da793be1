"""Case attachments: checked by content, tied to the step they prove, never changed, in the hash
chain and checked by verify_case_history; downloaded only by who may see the case, and logged."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.evidence import EMPTY_FILE, FORBIDDEN_TYPE, IMAGE_TOO_BIG, NAME_MISMATCH
from incidents.models import LegalStatus
from tests import factories
from tests.defence.conftest import (
    TODAY,
    pdf_upload,
    png_upload,
    reload,
    run_to_hearing,
    sanction_and_notify,
)
from tests.incidents.test_evidence import png_declaring
from tests.integrity.test_tampering import forgery
from tests.workflows.conftest import submitted_case
from workflows.defence import services
from workflows.defence.models import AttachmentKind, CaseAttachment
from workflows.integrity import check_case
from workflows.models import AccessLog, HistoryIsAppendOnly, NotificationMethod, Sanction
from workflows.services.reviews import review_request
from workflows.services.steps import case_take_in_triage

pytestmark = pytest.mark.django_db

HEARING_KINDS = [AttachmentKind.WRITTEN_DEFENCE, AttachmentKind.SIGNED_MINUTES,
                 AttachmentKind.MINUTES_REMARKS]
FREE_KINDS = [AttachmentKind.LEGAL_ADVICE, AttachmentKind.MEDICAL_OR_POLICE, AttachmentKind.OTHER]


def step_of(case, kind):
    """The hearing or notification each kind of document must be tied to."""
    if kind in HEARING_KINDS:
        return {"hearing": case.hearings.get()}
    if kind == AttachmentKind.MAIL_RECEIPT:
        return {"notification": case.notifications.get(method=NotificationMethod.REGISTERED_LETTER),
                "track_and_trace": "RR123456785BE"}
    if kind == AttachmentKind.BAILIFF_WRIT:
        return {"notification": case.notifications.get(method=NotificationMethod.BAILIFF)}
    return {}


@pytest.fixture
def notified_case(heard_case, hr_user, decider_user):
    case = sanction_and_notify(heard_case, hr_user, decider_user, sanction=Sanction.REPRIMAND)
    # A second notification by bailiff, so both proofs of sending have a step to prove.
    case.notifications.create(subject="decision", method=NotificationMethod.BAILIFF,
                              sent_on=TODAY(), received_on=TODAY())
    return reload(case)


def add(case, user, kind, uploaded=None, **extra):
    return services.attachment_add(case=case, user=user, kind=kind,
                                   uploaded=uploaded or pdf_upload(), document_date=TODAY(),
                                   **{**step_of(case, kind), **extra})


class TestContent:
    @pytest.mark.parametrize("kind", AttachmentKind.values)
    def test_every_kind_refuses_a_file_that_is_not_a_pdf_or_image(self, notified_case, hr_user,
                                                                  kind):
        events_before = notified_case.events.count()
        with pytest.raises(ValidationError) as error:
            add(notified_case, hr_user, kind,
                uploaded=pdf_upload("verweer.pdf", b"MZ\x90\x00 a Windows program"))
        assert error.value.message_dict["file"] == [FORBIDDEN_TYPE % {"name": "verweer.pdf"}]
        assert not CaseAttachment.objects.exists()
        assert notified_case.events.count() == events_before

    @pytest.mark.parametrize("kind", AttachmentKind.values)
    def test_every_kind_refuses_content_that_contradicts_the_name(self, notified_case, hr_user,
                                                                  kind):
        with pytest.raises(ValidationError) as error:
            add(notified_case, hr_user, kind, uploaded=png_upload("minutes.pdf"))
        assert error.value.message_dict["file"] == [
            NAME_MISMATCH % {"name": "minutes.pdf", "detected": "PNG"}]
        assert not CaseAttachment.objects.exists()

    @pytest.mark.parametrize("kind", AttachmentKind.values)
    def test_every_kind_refuses_an_image_bomb_and_an_empty_file(self, notified_case, hr_user,
                                                               kind):
        bomb = SimpleUploadedFile("scan.png", png_declaring(100_000, 100_000))
        with pytest.raises(ValidationError) as error:
            add(notified_case, hr_user, kind, uploaded=bomb)
        assert error.value.message_dict["file"] == [IMAGE_TOO_BIG % {"name": "scan.png"}]
        with pytest.raises(ValidationError) as error:
            add(notified_case, hr_user, kind, uploaded=SimpleUploadedFile("leeg.pdf", b""))
        assert error.value.message_dict["file"] == [EMPTY_FILE % {"name": "leeg.pdf"}]
        assert not CaseAttachment.objects.exists()

    @pytest.mark.parametrize("kind", AttachmentKind.values)
    def test_every_kind_is_stored_with_its_hash_and_chained(self, notified_case, hr_user, kind):
        attachment = add(notified_case, hr_user, kind)
        event = notified_case.events.order_by("-sequence").first()
        assert event.kind == "attachment_added"
        assert event.payload["sha256"] == attachment.sha256 and len(attachment.sha256) == 64
        assert event.payload["kind"] == kind
        assert attachment.added_by == hr_user
        assert attachment.file.name.startswith("attachments/")
        assert "verweer" not in attachment.file.name  # stored under a random name
        assert check_case(notified_case) == []


class TestTiedToItsStep:
    @pytest.mark.parametrize("kind", HEARING_KINDS)
    def test_hearing_documents_need_the_hearing(self, notified_case, hr_user, kind):
        with pytest.raises(ValidationError) as error:
            services.attachment_add(case=notified_case, user=hr_user, kind=kind,
                                    uploaded=pdf_upload(), document_date=TODAY())
        assert error.value.message_dict["hearing"] == [services.HEARING_REQUIRED]

    @pytest.mark.parametrize("kind", HEARING_KINDS)
    def test_hearing_documents_point_at_the_hearing(self, notified_case, hr_user, kind):
        attachment = add(notified_case, hr_user, kind)
        assert attachment.hearing == notified_case.hearings.get()
        assert notified_case.events.last().payload["hearing"] == attachment.hearing_id

    def test_a_receipt_needs_the_notification_it_proves(self, notified_case, hr_user):
        with pytest.raises(ValidationError) as error:
            services.attachment_add(case=notified_case, user=hr_user,
                                    kind=AttachmentKind.MAIL_RECEIPT, uploaded=png_upload(),
                                    document_date=TODAY(), track_and_trace="RR1BE")
        assert error.value.message_dict["notification"] == [services.NOTIFICATION_REQUIRED]

    def test_a_receipt_cannot_prove_a_notification_by_bailiff(self, notified_case, hr_user):
        by_bailiff = notified_case.notifications.get(method=NotificationMethod.BAILIFF)
        with pytest.raises(ValidationError) as error:
            services.attachment_add(case=notified_case, user=hr_user,
                                    kind=AttachmentKind.MAIL_RECEIPT, uploaded=png_upload(),
                                    document_date=TODAY(), notification=by_bailiff,
                                    track_and_trace="RR1BE")
        assert error.value.message_dict["notification"] == [services.WRONG_METHOD % {
            "method": NotificationMethod.REGISTERED_LETTER.label}]

    def test_a_bailiffs_writ_cannot_prove_a_registered_letter(self, notified_case, hr_user):
        letter = notified_case.notifications.get(method=NotificationMethod.REGISTERED_LETTER)
        with pytest.raises(ValidationError):
            services.attachment_add(case=notified_case, user=hr_user,
                                    kind=AttachmentKind.BAILIFF_WRIT, uploaded=pdf_upload(),
                                    document_date=TODAY(), notification=letter)

    def test_a_receipt_carries_its_track_and_trace_number(self, notified_case, hr_user):
        with pytest.raises(ValidationError) as error:
            add(notified_case, hr_user, AttachmentKind.MAIL_RECEIPT, track_and_trace=" ")
        assert error.value.message_dict["track_and_trace"] == [services.TRACKING_REQUIRED]
        receipt = add(notified_case, hr_user, AttachmentKind.MAIL_RECEIPT)
        assert receipt.notification.method == NotificationMethod.REGISTERED_LETTER
        assert notified_case.events.last().payload["track_and_trace"] == "RR123456785BE"

    @pytest.mark.parametrize("kind", FREE_KINDS)
    def test_other_documents_prove_no_particular_step(self, notified_case, hr_user, kind):
        with pytest.raises(ValidationError) as error:
            add(notified_case, hr_user, kind, hearing=notified_case.hearings.get())
        assert error.value.messages == [str(services.NO_STEP_FOR_KIND)]


class TestIntegrity:
    def test_an_attachment_cannot_be_changed_or_deleted(self, notified_case, hr_user):
        attachment = add(notified_case, hr_user, AttachmentKind.LEGAL_ADVICE)
        attachment.note = "changed"
        with pytest.raises(HistoryIsAppendOnly):
            attachment.save()
        with pytest.raises(HistoryIsAppendOnly):
            attachment.delete()
        with pytest.raises(HistoryIsAppendOnly):
            CaseAttachment.objects.filter(pk=attachment.pk).update(sha256="0" * 64)

    @pytest.mark.parametrize("sorts", ["before", "after"])
    def test_verify_case_history_finds_a_replaced_file(self, notified_case, hr_user, sorts):
        attachment = add(notified_case, hr_user, AttachmentKind.SIGNED_MINUTES)
        with open(attachment.file.path, "wb") as handle:
            handle.write(forgery(attachment.sha256, sorts))
        output = io.StringIO()
        with pytest.raises(SystemExit):
            call_command("verify_case_history", stdout=output, stderr=output)
        assert "verweer.pdf" in output.getvalue()

    @pytest.mark.parametrize("sorts", ["before", "after"])
    def test_a_row_whose_hash_was_rewritten_no_longer_matches_the_chain(self, notified_case,
                                                                        hr_user, sorts):
        """Changing the file AND its recorded SHA-256 is caught: the event keeps the original."""
        attachment = add(notified_case, hr_user, AttachmentKind.WRITTEN_DEFENCE)
        forged = forgery(attachment.sha256, sorts)
        with open(attachment.file.path, "wb") as handle:
            handle.write(forged)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE defence_caseattachment SET sha256 = %s WHERE id = %s",
                           [hashlib.sha256(forged).hexdigest(), attachment.pk])
        problems = [f.problem for f in check_case(notified_case)]
        assert "attachment “verweer.pdf” is missing or does not match its SHA-256" in problems
        # The row's content was sealed in the chain too (workflows/sealing.py): the field is named.
        assert f"case attachment #{attachment.pk} (defence.caseattachment:{attachment.pk}): field " \
               "“SHA-256” (sha256) was changed after it was sealed" in problems
        assert len(problems) == 2


class TestWhoMayAttach:
    def test_hr_legal_and_the_deciding_authority_may_attach(self, notified_case, hr_user,
                                                            decider_user):
        reviewer = factories.legal()
        review_request(case=notified_case, user=hr_user, reviewer=reviewer, question="Ok?")
        for user in (hr_user, decider_user, reviewer):
            add(notified_case, user, AttachmentKind.LEGAL_ADVICE)
        assert notified_case.attachments.count() == 3

    def test_a_manager_or_an_hr_officer_of_another_case_may_not(self, notified_case):
        for outsider in (factories.manager(), factories.hr()):
            with pytest.raises(PermissionDenied):
                add(notified_case, outsider, AttachmentKind.OTHER)
        assert not notified_case.attachments.exists()


class TestDownload:
    def url(self, attachment):
        return f"/cases/{attachment.case.reference}/attachments/{attachment.pk}/"

    def test_download_is_logged(self, client, notified_case, hr_user):
        attachment = add(notified_case, hr_user, AttachmentKind.WRITTEN_DEFENCE)
        client.force_login(hr_user)
        response = client.get(self.url(attachment))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        log = AccessLog.objects.get(case=notified_case, action=AccessLog.Action.DOWNLOAD_EVIDENCE)
        assert log.user == hr_user and "verweer.pdf" in log.target

    def test_the_handler_of_another_case_gets_404_and_no_file(self, client, notified_case,
                                                              hr_user):
        attachment = add(notified_case, hr_user, AttachmentKind.WRITTEN_DEFENCE)
        other_handler = factories.hr()
        other_case = case_take_in_triage(case=submitted_case(), user=other_handler)
        client.force_login(other_handler)
        assert client.get(other_case.get_absolute_url()).status_code == 200
        assert client.get(self.url(attachment)).status_code == 404
        wrong_case_url = f"/cases/{other_case.reference}/attachments/{attachment.pk}/"
        assert client.get(wrong_case_url).status_code == 404
        assert not AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD_EVIDENCE).exists()

    def test_upload_through_the_case_page(self, client, notified_case, hr_user):
        client.force_login(hr_user)
        response = client.post(f"/cases/{notified_case.reference}/action/attach/", {
            "kind": AttachmentKind.SIGNED_MINUTES, "file": pdf_upload("pv-getekend.pdf"),
            "document_date": TODAY().isoformat(), "hearing": notified_case.hearings.get().pk,
        })
        assert response.status_code == 302
        page = client.get(notified_case.get_absolute_url()).content.decode()
        assert "Signed minutes of the hearing: pv-getekend.pdf" in page

    def test_a_bad_upload_comes_back_with_its_message(self, client, notified_case, hr_user):
        client.force_login(hr_user)
        response = client.post(f"/cases/{notified_case.reference}/action/attach/", {
            "kind": AttachmentKind.OTHER, "file": pdf_upload("x.pdf", b"not a pdf"),
            "document_date": TODAY().isoformat(),
        })
        assert response.status_code == 400
        assert "is not an accepted type" in response.content.decode()
        assert not notified_case.attachments.exists()


def test_the_case_page_runs_the_same_queries_for_1_or_6_attachments_and_record_entries(
        client, notified_case, hr_user):
    def grow(n):
        for i in range(n):
            add(notified_case, hr_user, AttachmentKind.LEGAL_ADVICE)
            services.prior_sanction_enter(case=notified_case, user=hr_user,
                                          sanction=Sanction.REPRIMAND,
                                          decided_on=TODAY().replace(year=2020 + i),
                                          authority="College")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(notified_case.get_absolute_url()).status_code == 200
        return len(queries)

    client.force_login(hr_user)
    grow(1)
    count()  # the first look fills the caches (content types, permissions)
    few = count()
    grow(5)
    assert count() == few


def offered(form, name) -> list:
    return [value.value for value, _label in form.fields[name].choices if value]


class TestHearingAndNotificationChoices:
    def test_the_case_page_offers_its_hearings_and_notifications_reading_each_once(
            self, client, notified_case, hr_user):
        client.force_login(hr_user)
        client.get(notified_case.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(notified_case.get_absolute_url())
            forms = response.context["action_forms"]
            hearings = [offered(forms["attach"], "hearing"), offered(forms["counsel"], "hearing")]
            notifications = offered(forms["attach"], "notification")
        sql = [q["sql"] for q in queries.captured_queries]
        assert sum('FROM "workflows_hearing"' in q for q in sql) == 1
        assert sum('FROM "workflows_notification"' in q for q in sql) == 1
        assert hearings == [[notified_case.hearings.get().pk]] * 2
        assert sorted(notifications) == sorted(notified_case.notifications.values_list(
            "pk", flat=True)) and len(notifications) == 2

    def test_a_hearing_of_another_case_is_refused(self, client, notified_case, hr_user,
                                                  decider_user):
        other = submitted_case(status=LegalStatus.STATUTORY,
                               facts=TODAY() - datetime.timedelta(days=3),
                               knowledge=TODAY() - datetime.timedelta(days=2))
        other = run_to_hearing(case_take_in_triage(case=other, user=hr_user), hr_user,
                               decider_user)
        client.force_login(hr_user)
        response = client.post(f"/cases/{notified_case.reference}/action/attach/", {
            "kind": AttachmentKind.SIGNED_MINUTES, "file": pdf_upload("pv.pdf"),
            "document_date": TODAY().isoformat(), "hearing": other.hearings.get().pk,
        })
        assert response.status_code == 400
        assert not notified_case.attachments.exists()
