"""The retention purge removes a case's attachments and defence facts with the case (they are
append-only everywhere else), and their files once the purge has committed."""

from pathlib import Path

import pytest

from tests.defence.conftest import TODAY, pdf_upload
from tests.retention.conftest import closed_without_follow_up, first_purge_day
from workflows.defence import services
from workflows.defence.models import AttachmentKind, CaseAttachment, FileInspection
from workflows.retention.services import case_purge

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_purge_removes_attachments_inspections_and_their_files(hr_user):
    case = closed_without_follow_up(hr=hr_user)
    attachment = services.attachment_add(case=case, user=hr_user, kind=AttachmentKind.OTHER,
                                         uploaded=pdf_upload(), document_date=TODAY())
    services.inspection_record(case=case, user=hr_user, inspected_on=TODAY(), place="HR",
                               pieces="Alles")
    stored = Path(attachment.file.path)
    assert stored.exists()
    log = case_purge(case=case, today=first_purge_day(case), ran_by="test suite")
    assert not CaseAttachment.objects.filter(pk=attachment.pk).exists()
    assert not FileInspection.objects.exists()
    assert log.removed["defence.CaseAttachment"] == 1
    assert not stored.exists()
