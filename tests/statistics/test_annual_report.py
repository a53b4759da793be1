"""The annual report for the council: protected figures in the documents' house style."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from pypdf import PdfReader

from tests import factories
from tests.pdfa import preflight  # noqa: F401 (fixture)
from tests.statistics.conftest import YEAR, case_in, management_user
from workflows.models import AccessLog, Case
from workflows.statistics.snapshots import snapshot_refresh

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


def test_report_is_a_valid_pdf_a_1b(client, departments, preflight):  # noqa: F811
    for _ in range(6):
        case_in(departments["communication"])
    client.force_login(management_user())
    response = client.get(reverse("statistics:annual_report"), {"year": YEAR})
    assert preflight(response.content) == []


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


def test_report_says_as_of_when_and_which_changes_it_does_not_count_yet(client, departments,
                                                                        settings):
    settings.STATISTICS_SNAPSHOT_SECONDS = 3600
    for _ in range(6):
        case_in(departments["communication"])
    published = snapshot_refresh(YEAR).computed_at
    case_in(departments["communication"])
    counted = snapshot_refresh(YEAR).computed_at
    client.force_login(management_user())
    text = " ".join(pdf_text(client.get(reverse("statistics:annual_report"),
                                        {"year": YEAR}).content).split())
    with translation.override("nl-be"):
        assert f"met de cijfers van {date_format(localtime(counted), 'j F Y, H:i')}" in text
        assert (f"wijzigingen sinds {date_format(localtime(published), 'j F Y, H:i')} tellen "
                "pas mee vanaf 5 dossiers") in text
