"""The hearing minutes and the decision show the defence; the decision cites only live prior
sanctions; the subject-access export holds the attachments and the record entries."""

import datetime
import io
import zipfile

import pytest

from tests import factories
from tests.defence.conftest import TODAY, pdf_upload, reload
from tests.documents.conftest import flat, pdf_text
from workflows.defence import services
from workflows.defence.models import AttachmentKind, Counsel
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue
from workflows.models import Sanction
from workflows.retention.export import INDEX_NAME, subject_access_export
from workflows.services import disciplinary

pytestmark = pytest.mark.django_db


@pytest.fixture
def defended_case(heard_case, hr_user):
    hearing = heard_case.hearings.get()
    services.inspection_record(case=heard_case, user=hr_user, inspected_on=TODAY(),
                               place="Personeelsdienst", pieces="Onderzoeksverslag en schermafdrukken")
    services.counsel_record(case=heard_case, user=hr_user, name="Mr. An Peeters",
                            capacity=Counsel.Capacity.LAWYER, hearing=hearing, attended=True)
    services.attachment_add(case=heard_case, user=hr_user, kind=AttachmentKind.WRITTEN_DEFENCE,
                            uploaded=pdf_upload("verweernota.pdf"), document_date=TODAY(),
                            hearing=hearing)
    return heard_case


def decided_with_record(case, hr, decider):
    erased = services.prior_sanction_enter(case=case, user=hr, sanction=Sanction.REPRIMAND,
                                           decided_on=datetime.date(2019, 3, 1),
                                           authority="College 2019")
    live = services.prior_sanction_enter(case=case, user=hr, sanction=Sanction.SUSPENSION,
                                         decided_on=TODAY() - datetime.timedelta(days=200),
                                         authority="College recent")
    case = factories.propose(reload(case), hr)
    disciplinary.case_decide_sanction(case=case, user=decider,
                                      sanction=Sanction.SUSPENSION, duration_months=2,
                                      reason="Herhaling na een eerdere schorsing.",
                                      body=factories.deciding_body(case),
                                      cited_sanctions=[f"p{live.pk}"])
    return erased, live


def test_the_hearing_minutes_record_inspection_counsel_and_written_defence(defended_case,
                                                                           hr_user):
    minutes = document_issue(case=defended_case, kind=IssuedDocument.Kind.HEARING_MINUTES,
                             user=hr_user)
    text = flat(pdf_text(minutes))
    assert "Inzage in het dossier op" in text and "Personeelsdienst" in text
    assert "Bijgestaan door Mr. An Peeters (advocaat), aanwezig op het verhoor." in text
    assert "Schriftelijk verweer ontvangen op" in text


def test_the_decision_mentions_the_defence_and_cites_only_live_sanctions(
        defended_case, hr_user, decider_user):
    decided_with_record(defended_case, hr_user, decider_user)
    decision = document_issue(case=reload(defended_case),
                              kind=IssuedDocument.Kind.DISCIPLINARY_DECISION, user=hr_user,
                              delivery="hand_delivered")
    text = flat(pdf_text(decision))
    assert "Verweer" in text and "Bijgestaan door Mr. An Peeters" in text
    assert "Schriftelijk verweer ontvangen op" in text
    assert "College recent" in text
    assert "College 2019" not in text  # the erased reprimand is never printed


def test_the_decision_mentions_the_employees_remarks_on_the_minutes(defended_case, hr_user,
                                                                     decider_user):
    services.attachment_add(case=defended_case, user=hr_user, kind=AttachmentKind.MINUTES_REMARKS,
                            uploaded=pdf_upload("opmerkingen.pdf"), document_date=TODAY(),
                            hearing=defended_case.hearings.get(), note="Het uur klopt niet")
    decided_with_record(defended_case, hr_user, decider_user)
    decision = document_issue(case=reload(defended_case),
                              kind=IssuedDocument.Kind.DISCIPLINARY_DECISION, user=hr_user,
                              delivery="hand_delivered")
    text = flat(pdf_text(decision))
    assert ("Opmerkingen van het personeelslid bij het proces-verbaal ontvangen op" in text
            and "Het uur klopt niet" in text)


def test_a_decision_without_defence_says_so(heard_case, hr_user, decider_user):
    case = factories.propose(reload(heard_case), hr_user)
    disciplinary.case_decide_sanction(case=case, user=decider_user, sanction="",
                                      reason="Geen fout.", body=factories.deciding_body(case))
    decision = document_issue(case=reload(heard_case),
                              kind=IssuedDocument.Kind.DISCIPLINARY_DECISION, user=hr_user,
                              delivery="hand_delivered")
    text = flat(pdf_text(decision))
    assert "Er werd geen schriftelijk verweer ontvangen." in text
    assert "eerdere tuchtstraffen" not in text


def test_the_subject_access_export_holds_the_attachments_and_the_record(defended_case, hr_user,
                                                                       decider_user):
    decided_with_record(defended_case, hr_user, decider_user)
    lead = factories.hr_lead()
    data = subject_access_export(employee=defended_case.employee, user=lead)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    attachment = defended_case.attachments.get()
    path = f"{defended_case.reference}/attachments/{attachment.pk}-verweernota.pdf"
    assert files[path] == pdf_upload().read()
    index = files[INDEX_NAME].decode()
    assert path in index and attachment.sha256 in index
    assert "College 2019" in index and "College recent" in index  # the whole record
    assert "Mr. An Peeters" in index and "Personeelsdienst" in index


def test_the_export_leaves_out_the_sanction_of_a_case_the_lead_may_not_see(hr_user, decider_user):
    """Two cases of one employee, each ending in a sanction; the older one is restricted. The
    lead's export shows the record entry of the case they see, and not the other one."""
    from tests.defence.test_record import earlier_sanction_case
    from workflows.services.assignment import case_set_restricted

    lead = factories.hr_lead()
    employee = factories.EmployeeFactory(status="statutory")
    hidden = earlier_sanction_case(employee, hr_user, decider_user)
    shown = earlier_sanction_case(employee, hr_user, decider_user)
    case_set_restricted(case=hidden, restricted=True, actor=factories.hr_lead(),
                        reason="Collega van de jurist.")
    index = zipfile.ZipFile(io.BytesIO(subject_access_export(employee=employee, user=lead))).read(
        INDEX_NAME).decode()
    assert shown.reference in index
    assert hidden.reference not in index


class TestWhoRecordsTheDefence:
    def test_the_deciding_authority_cannot_record_an_inspection(self, client, heard_case,
                                                                decider_user):
        client.force_login(decider_user)
        response = client.post(f"/cases/{heard_case.reference}/action/inspection/", {
            "inspected_on": TODAY().isoformat(), "place": "HR", "pieces": "Alles"})
        assert response.status_code == 403
        assert not heard_case.inspections.exists()

    def test_an_hr_officer_not_on_the_case_gets_404(self, client, heard_case):
        client.force_login(factories.hr())
        response = client.post(f"/cases/{heard_case.reference}/action/counsel/", {
            "name": "X", "capacity": "lawyer"})
        assert response.status_code == 404
        assert not heard_case.counsel.exists()

    def test_the_handler_records_them_and_the_timeline_says_so(self, client, heard_case,
                                                               hr_user):
        client.force_login(hr_user)
        response = client.post(f"/cases/{heard_case.reference}/action/inspection/", {
            "inspected_on": TODAY().isoformat(), "place": "HR", "pieces": "Verslag"})
        assert response.status_code == 302
        page = client.get(heard_case.get_absolute_url()).content.decode()
        assert "Inspection of the file recorded" in page
        assert heard_case.events.filter(kind="inspection_recorded").count() == 1
