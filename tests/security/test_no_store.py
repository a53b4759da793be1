"""F8: pages and downloads that show case data say `Cache-Control: no-store`, so they do not stay in
a shared computer's browser cache."""

import pytest
from django.urls import reverse

from tests import factories
from tests.security.conftest import reported_case
from workflows.documents.services import document_issue
from workflows.services import steps

pytestmark = pytest.mark.django_db


def test_case_page_pdf_and_evidence_downloads_are_never_stored(client):
    manager, hr = factories.manager(), factories.hr()
    case = steps.case_take_in_triage(case=reported_case(manager), user=hr)
    document = document_issue(case=case, kind="incident_report", user=hr)
    evidence = case.incident.evidence.get()
    client.force_login(hr)
    urls = [
        case.get_absolute_url(),
        reverse("workflows:case_list"),
        reverse("documents:download", args=[case.reference, document.pk]),
        reverse("incidents:evidence_download", args=[case.incident_id, evidence.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    client.force_login(manager)
    response = client.get(reverse("incidents:report_detail", args=[case.incident_id]))
    assert "no-store" in response["Cache-Control"]
