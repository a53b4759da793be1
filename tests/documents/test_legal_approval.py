"""Legal can mark an issued document as legally approved; nobody else can."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workflows.documents.services import ALREADY_APPROVED, document_approve, document_issue
from workflows.services.reviews import review_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(triaged_case, hr_user):
    return document_issue(case=triaged_case, kind="incident_report", user=hr_user)


def test_the_reviewer_approves_and_the_event_is_recorded(issued, hr_user, legal_user, client):
    review_request(case=issued.case, user=hr_user, reviewer=legal_user, question="Akkoord?")
    client.force_login(legal_user)
    url = f"/cases/{issued.case.reference}/documents/{issued.pk}/approve/"
    assert client.post(url).status_code == 302
    issued.refresh_from_db()
    assert issued.approved_by == legal_user and issued.is_approved
    assert issued.case.events.filter(kind="document_approved").count() == 1
    page = client.get(issued.case.get_absolute_url()).content.decode()
    assert "Legally approved by Lies Maes" in page and "by jurist" not in page


def test_the_handler_cannot_approve(issued, hr_user):
    with pytest.raises(PermissionDenied):
        document_approve(document=issued, user=hr_user)


def test_approving_twice_is_refused(issued, hr_user, legal_user):
    review_request(case=issued.case, user=hr_user, reviewer=legal_user, question="Akkoord?")
    document_approve(document=issued, user=legal_user)
    with pytest.raises(ValidationError) as error:
        document_approve(document=issued, user=legal_user)
    assert error.value.messages == [str(ALREADY_APPROVED)]

