"""Exports hold only what their user may see, cannot carry a formula, and are logged."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from tests.statistics.conftest import YEAR, case_in, management_user
from workflows.exports import csv_bytes, safe_cell
from workflows.models import AccessLog, Case, CaseDeadline, DeadlineRule
from workflows.services.steps import case_take_in_triage

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def two_handlers(departments):
    """Hanne handles the first case, Piet the second; neither may see the other's."""
    hanne = factories.hr(first_name="Hanne", last_name="Claes")
    piet = factories.hr(first_name="Piet", last_name="Smet")
    mine = case_take_in_triage(case=case_in(departments["communication"]), user=hanne)
    theirs = case_take_in_triage(case=case_in(departments["ocmw"]), user=piet)
    rule = DeadlineRule.objects.first()
    for case in (mine, theirs):
        CaseDeadline.objects.create(case=case, code=rule.code, rule=rule,
                                    start_date=timezone.localdate(),
                                    due_date=timezone.localdate() + datetime.timedelta(days=3))
    return hanne, mine, theirs


class TestCaseListExport:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_holds_only_the_cases_the_user_may_see(self, client, two_handlers, fmt):
        hanne, mine, theirs = two_handlers
        client.force_login(hanne)
        response = client.get(reverse("workflows:case_list_export", args=[fmt]))
        rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
        flat = " ".join(str(v) for row in rows for v in row)
        assert mine.reference in flat and mine.incident.employee.last_name in flat
        assert theirs.reference not in flat
        assert theirs.incident.employee.last_name not in flat
        assert len(rows) == 2

    def test_follows_the_list_filters(self, client, two_handlers):
        hanne, mine, _theirs = two_handlers
        client.force_login(hanne)
        response = client.get(reverse("workflows:case_list_export", args=["csv"]),
                              {"query": "no-such-name"})
        assert len(read_csv(response)) == 1

    def test_each_export_is_logged(self, client, two_handlers):
        hanne, _mine, _theirs = two_handlers
        client.force_login(hanne)
        client.get(reverse("workflows:case_list_export", args=["xlsx"]))
        entry = AccessLog.objects.get(user=hanne, action=AccessLog.Action.EXPORT)
        assert "case list" in entry.target and "1 rows" in entry.target

    def test_unknown_format_is_not_found(self, client, two_handlers):
        client.force_login(two_handlers[0])
        assert client.get(reverse("workflows:case_list_export", args=["pdf"])).status_code == 404


class TestDeadlinesExport:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_holds_only_the_deadlines_of_visible_cases(self, client, two_handlers, fmt):
        hanne, mine, theirs = two_handlers
        client.force_login(hanne)
        response = client.get(reverse("workflows:deadlines_export", args=[fmt]))
        rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
        flat = " ".join(str(v) for row in rows for v in row)
        assert mine.reference in flat and theirs.reference not in flat
        assert AccessLog.objects.filter(user=hanne, action=AccessLog.Action.EXPORT).exists()

    def test_is_refused_to_people_outside_hr(self, client, two_handlers):
        client.force_login(factories.manager())
        assert client.get(reverse("workflows:deadlines_export", args=["csv"])).status_code == 403


class TestFormulaInjection:
    @pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"])
    def test_text_that_would_start_a_formula_is_escaped(self, text):
        assert safe_cell(text) == "'" + text

    def test_numbers_and_dates_stay_values(self):
        assert safe_cell(-3) == -3
        assert safe_cell(datetime.date(2026, 1, 2)) == datetime.date(2026, 1, 2)

    def test_employee_name_with_a_formula_is_inert_in_both_formats(self, client, departments):
        hanne = factories.hr()
        case = case_in(departments["communication"])
        case.incident.employee.__class__.objects.filter(pk=case.incident.employee.pk).update(
            first_name="=HYPERLINK(\"http://evil\")")
        case_take_in_triage(case=case, user=hanne)
        client.force_login(hanne)
        text = client.get(reverse("workflows:case_list_export", args=["csv"])).content.decode(
            "utf-8-sig")
        assert "'=HYPERLINK" in text
        assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(text), delimiter=";")
                       for cell in row)
        sheet = load_workbook(io.BytesIO(client.get(
            reverse("workflows:case_list_export", args=["xlsx"])).content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        assert any(str(cell.value).startswith("'=HYPERLINK") for cell in cells)

    def test_csv_is_utf8_with_bom_and_semicolons(self):
        content = csv_bytes(["Naam", "Dienst"], [["Zoë", "Burgerzaken"]])
        assert content.startswith(b"\xef\xbb\xbf")
        assert "Zoë;Burgerzaken".encode() in content


class TestStatisticsExport:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_shows_small_numbers_as_on_the_page_and_is_logged(self, client, departments, fmt):
        for _ in range(6):
            case_in(departments["communication"])
        case_in(departments["ocmw"])
        user = management_user()
        client.force_login(user)
        response = client.get(reverse("statistics:export", args=[fmt]),
                              {"year": YEAR, "entity": "all"})
        rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
        departments_rows = {row[1]: row[2] for row in rows if row[1] in ("Thuiszorg",
                                                                         "Communicatie")}
        assert departments_rows["Thuiszorg"] == "< 5"
        assert str(departments_rows["Communicatie"]) in ("6", "×")
        assert not any(case.reference in str(rows) for case in Case.objects.all())
        assert AccessLog.objects.filter(user=user, action=AccessLog.Action.EXPORT,
                                        target__startswith="statistics").exists()

    def test_is_refused_without_the_permission(self, client, departments):
        client.force_login(factories.hr())
        assert client.get(reverse("statistics:export", args=["csv"])).status_code == 403
