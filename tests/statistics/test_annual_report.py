"""The annual report for the council: protected figures in the documents' house style."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests import factories
from tests.statistics.conftest import YEAR, case_in, management_user
from workflows.models import AccessLog, Case

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_report_shows_the_years_figures_protected_and_names_nobody(client, departments):
    for _ in range(6):
        case_in(departments["communication"])
    case_in(departments["ocmw"])
    user = management_user()
    client.force_login(user)
    response = client.get(reverse("statistics:annual_report"), {"year": YEAR})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert f"Jaarverslag tuchtdossiers {YEAR}" in text
    assert "Thuiszorg" in text and "< 5" in text
    assert "Pagina 1 van" in text
    for case in Case.objects.select_related("incident__employee"):
        assert case.reference not in text
        assert case.incident.employee.last_name not in text
    assert AccessLog.objects.filter(user=user, target__startswith="annual report").exists()


def test_report_embeds_the_house_font(client, departments):
    case_in(departments["communication"])
    client.force_login(management_user())
    reader = PdfReader(io.BytesIO(client.get(reverse("statistics:annual_report")).content))
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert all("DejaVuSans" in name for name in fonts)


def test_report_is_refused_without_the_permission(client, departments):
    client.force_login(factories.hr())
    assert client.get(reverse("statistics:annual_report")).status_code == 403


def test_a_chart_longer_than_a_page_is_split_across_pages(client, db):
    from tests.statistics.conftest import department

    for index in range(30):
        case_in(department("municipality", f"Dienst {index:02d}"))
    client.force_login(management_user())
    response = client.get(reverse("statistics:annual_report"), {"year": YEAR})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Dienst 00" in text and "Dienst 29" in text
