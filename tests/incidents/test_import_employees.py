"""Importing the staff register from the payroll export: service, command and admin page."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import importers
from incidents.importers import (
    EMPTY_FILE,
    INVALID_DATE,
    LINE_ERROR,
    MISSING_COLUMNS,
    NO_ROWS,
    NOT_A_TEXT_FILE,
    NOT_UTF8,
    REPEATED_COLUMNS,
    REPEATED_NUMBER,
    REPEATED_USERNAME,
    REQUIRED,
    REQUIRED_COLUMNS,
    STATUS_BEFORE_HISTORY,
    STATUS_DATE_TAKEN,
    TOO_LONG,
    UNKNOWN_COLUMNS,
    UNKNOWN_ENTITY,
    UNKNOWN_LEGAL_STATUS,
    UNKNOWN_USERNAME,
    USERNAME_TAKEN,
    WRONG_VALUE_COUNT,
    employees_import,
)
from incidents.management.commands.import_employees import IMPORT_REFUSED
from incidents.models import Department, Employee, EmployingEntity, LegalStatus
from tests.factories import EmployeeFactory, UserFactory, hr, hr_lead

pytestmark = pytest.mark.django_db

HEADER = (
    "personnel_number;last_name;first_name;department;entity;legal_status;status_since;"
    "job_title;left_on;username"
)
PEETERS = (
    "10234;Peeters;An;Dienst Communicatie;municipality;statutory;01/03/2012;Communicatieambtenaar;;"
)
JACOBS = "20311;Jacobs;Tom;Sociale Dienst;ocmw;contractual;01/02/2021;Maatschappelijk werker;;"
CLAES = (
    "30562;Claes;Pieter;Basisschool De Regenboog;school;education_temporary_indefinite;"
    "2022-09-01;;;"
)
SHORT_HEADER = "personnel_number;last_name;first_name;department;entity;legal_status;status_since"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "\r\n".join([header, *rows]).encode("utf-8")


def line_error(line: int, reason) -> str:
    return LINE_ERROR % {"line": line, "reason": reason}


def import_errors(data) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        employees_import(rows_or_file=data)
    return refused.value.messages


class TestEmployeesImport:
    def test_a_good_file_creates_each_employee_with_department_entity_and_status(self):
        summary = employees_import(rows_or_file=csv_bytes(PEETERS, JACOBS, CLAES))

        assert sorted(summary.created) == ["10234", "20311", "30562"]
        peeters = Employee.objects.get(personnel_number="10234")
        assert (peeters.first_name, peeters.last_name, peeters.job_title) == (
            "An", "Peeters", "Communicatieambtenaar")
        assert (peeters.department.name, peeters.department.entity) == (
            "Dienst Communicatie", EmployingEntity.MUNICIPALITY)
        assert peeters.status_on(datetime.date(2012, 3, 1)) == LegalStatus.STATUTORY
        assert peeters.left_on is None
        claes = Employee.objects.get(personnel_number="30562")
        assert claes.status_on(datetime.date(2022, 9, 1)) == (
            LegalStatus.EDUCATION_TEMPORARY_INDEFINITE
        )

    def test_importing_again_updates_employees_by_personnel_number(self):
        employees_import(rows_or_file=csv_bytes(PEETERS, JACOBS))
        moved = PEETERS.replace("Dienst Communicatie", "Dienst Vrije Tijd").replace(
            "Communicatieambtenaar", "Diensthoofd vrije tijd")

        summary = employees_import(rows_or_file=csv_bytes(moved, JACOBS))

        assert (summary.created, summary.updated, summary.unchanged) == ([], ["10234"], ["20311"])
        assert str(summary) == "0 created, 1 updated, 1 unchanged."
        assert Employee.objects.count() == 2
        peeters = Employee.objects.get(personnel_number="10234")
        assert (peeters.department.name, peeters.job_title) == (
            "Dienst Vrije Tijd", "Diensthoofd vrije tijd")

    def test_a_change_of_legal_status_adds_a_period_and_keeps_the_earlier_one(self):
        employees_import(rows_or_file=csv_bytes(JACOBS))
        appointed = JACOBS.replace("contractual;01/02/2021", "statutory;01/07/2025")

        summary = employees_import(rows_or_file=csv_bytes(appointed))

        jacobs = Employee.objects.get(personnel_number="20311")
        assert summary.updated == ["20311"]
        assert list(jacobs.status_history.values_list("legal_status", "valid_from")) == [
            (LegalStatus.CONTRACTUAL, datetime.date(2021, 2, 1)),
            (LegalStatus.STATUTORY, datetime.date(2025, 7, 1)),
        ]
        assert jacobs.status_on(datetime.date(2024, 12, 31)) == LegalStatus.CONTRACTUAL

    def test_the_same_status_with_another_date_changes_nothing(self):
        employees_import(rows_or_file=csv_bytes(JACOBS))
        later = JACOBS.replace("01/02/2021", "01/03/2021")
        summary = employees_import(rows_or_file=csv_bytes(later))
        assert summary.unchanged == ["20311"]
        assert Employee.objects.get(personnel_number="20311").status_history.count() == 1

    def test_an_existing_department_is_reused_whatever_its_case(self):
        existing = Department.objects.create(name="Sociale Dienst", entity=EmployingEntity.OCMW)
        employees_import(rows_or_file=csv_bytes(JACOBS.replace("Sociale Dienst", "sociale dienst")))
        assert Employee.objects.get(personnel_number="20311").department == existing
        assert Department.objects.filter(entity=EmployingEntity.OCMW).count() == 1

    def test_a_department_name_in_another_entity_is_another_department(self):
        employees_import(rows_or_file=csv_bytes(
            JACOBS, JACOBS.replace("20311", "10999").replace("ocmw", "municipality")))
        entities = Department.objects.filter(name="Sociale Dienst").values_list("entity", flat=True)
        assert set(entities) == {EmployingEntity.OCMW, EmployingEntity.MUNICIPALITY}

    def test_left_on_is_set_from_the_file_and_an_empty_cell_clears_it(self):
        leaving = JACOBS.replace("Maatschappelijk werker;;", "Maatschappelijk werker;31/12/2026;")
        employees_import(rows_or_file=csv_bytes(leaving))
        assert Employee.objects.get(personnel_number="20311").left_on == datetime.date(2026, 12, 31)

        employees_import(rows_or_file=csv_bytes(JACOBS))
        assert Employee.objects.get(personnel_number="20311").left_on is None

    def test_an_optional_column_left_out_of_the_file_leaves_the_field_as_it_is(self):
        employees_import(rows_or_file=csv_bytes(JACOBS))
        summary = employees_import(rows_or_file=csv_bytes(
            "20311;Jacobs;Tom;Sociale Dienst;ocmw;contractual;01/02/2021", header=SHORT_HEADER))
        assert summary.unchanged == ["20311"]
        assert Employee.objects.get(personnel_number="20311").job_title == "Maatschappelijk werker"

    def test_a_username_links_the_employee_to_that_user_account(self):
        account = UserFactory(username="tom.jacobs")
        employees_import(rows_or_file=csv_bytes(JACOBS + "tom.jacobs"))
        assert Employee.objects.get(personnel_number="20311").user == account

    def test_a_comma_separated_file_with_byte_order_mark_and_iso_dates_is_read(self):
        data = "\ufeff" + "\n".join([
            HEADER.replace(";", ","),
            '20311,Jacobs,Tom,"Sociale Dienst, Sociaal Huis",ocmw,contractual,2021-02-01,,,',
        ])
        employees_import(rows_or_file=data.encode("utf-8"))
        jacobs = Employee.objects.get(personnel_number="20311")
        assert jacobs.department.name == "Sociale Dienst, Sociaal Huis"
        assert jacobs.status_on(datetime.date(2021, 2, 1)) == LegalStatus.CONTRACTUAL

    def test_column_order_and_case_do_not_matter_and_labels_are_accepted_for_codes(self):
        header = "Last_Name;Personnel_Number;First_Name;Department;Entity;Legal_Status;Status_Since"
        employees_import(rows_or_file=csv_bytes(
            "Jacobs;20311;Tom;Sociale Dienst;Municipality;Contractual;1/2/2021", header=header))
        jacobs = Employee.objects.get(personnel_number="20311")
        assert jacobs.department.entity == EmployingEntity.MUNICIPALITY
        assert jacobs.status_on(datetime.date(2021, 2, 1)) == LegalStatus.CONTRACTUAL

    def test_rows_can_be_given_as_mappings(self):
        row = dict(zip(HEADER.split(";"), JACOBS.split(";")))
        summary = employees_import(rows_or_file=[row])
        assert summary.created == ["20311"]

    def test_a_user_without_the_right_to_add_employees_may_not_import(self):
        with pytest.raises(PermissionDenied):
            employees_import(rows_or_file=csv_bytes(JACOBS), user=hr())
        assert not Employee.objects.exists()

    def test_an_hr_lead_may_import(self):
        assert employees_import(rows_or_file=csv_bytes(JACOBS), user=hr_lead()).created == ["20311"]


class TestAllOrNothing:
    def test_a_file_with_one_bad_row_imports_nothing_and_names_that_line_and_reason(self):
        bad = CLAES.replace("education_temporary_indefinite", "vast")
        errors = import_errors(csv_bytes(PEETERS, JACOBS, bad))
        assert errors == [line_error(4, UNKNOWN_LEGAL_STATUS % {"value": "vast"})]
        assert not Employee.objects.exists()
        assert not Department.objects.exists()

    def test_a_bad_row_keeps_existing_employees_as_they_were(self):
        employees_import(rows_or_file=csv_bytes(JACOBS))
        renamed = JACOBS.replace("Tom", "Thomas")
        import_errors(csv_bytes(renamed, PEETERS.replace("municipality", "provincie")))
        assert Employee.objects.get(personnel_number="20311").first_name == "Tom"

    def test_a_failure_while_writing_rolls_back_the_rows_already_written(self, monkeypatch):
        real_add_status = importers._add_status

        def fail_on_second_employee(employee, row):
            if row.line == 3:
                raise ValidationError("the database refused the row")
            real_add_status(employee, row)

        monkeypatch.setattr(importers, "_add_status", fail_on_second_employee)
        with pytest.raises(ValidationError):
            employees_import(rows_or_file=csv_bytes(PEETERS, JACOBS))
        assert not Employee.objects.exists()
        assert not Department.objects.exists()

    def test_every_bad_row_is_reported_in_line_order(self):
        errors = import_errors(csv_bytes(
            PEETERS.replace("01/03/2012", "31/02/2012"),
            JACOBS,
            CLAES.replace("school", "provincie").replace("Claes", ""),
        ))
        assert errors == [
            line_error(2, INVALID_DATE % {"column": "status_since", "value": "31/02/2012"}),
            line_error(4, REQUIRED % {"column": "last_name"}),
            line_error(4, UNKNOWN_ENTITY % {"value": "provincie"}),
        ]

    def test_blank_lines_are_skipped_and_still_counted(self):
        bad = PEETERS.replace("statutory", "vast")
        errors = import_errors(csv_bytes(JACOBS, "", ";;;;;;;;;", bad))
        assert errors == [line_error(5, UNKNOWN_LEGAL_STATUS % {"value": "vast"})]


class TestRowRules:
    @pytest.mark.parametrize("column", REQUIRED_COLUMNS)
    def test_each_required_column_must_be_filled(self, column):
        row = dict(zip(HEADER.split(";"), JACOBS.split(";")), **{column: "  "})
        assert import_errors([row]) == [line_error(2, REQUIRED % {"column": column})]

    @pytest.mark.parametrize(
        ("column", "limit"),
        [("personnel_number", 30), ("last_name", 100), ("first_name", 100), ("department", 200),
         ("job_title", 200)],
    )
    def test_values_longer_than_the_register_holds_are_refused(self, column, limit):
        row = dict(zip(HEADER.split(";"), JACOBS.split(";")), **{column: "x" * (limit + 1)})
        assert import_errors([row]) == [line_error(2, TOO_LONG % {"column": column, "max": limit})]

    def test_an_unknown_employing_entity_is_refused(self):
        errors = import_errors(csv_bytes(JACOBS.replace("ocmw", "provincie")))
        assert errors == [line_error(2, UNKNOWN_ENTITY % {"value": "provincie"})]

    @pytest.mark.parametrize("value", ["31/02/2021", "2021/02/01", "01-02-2021", "gisteren"])
    def test_dates_must_be_day_month_year_or_iso(self, value):
        errors = import_errors(csv_bytes(JACOBS.replace("01/02/2021", value)))
        assert errors == [line_error(2, INVALID_DATE % {"column": "status_since", "value": value})]

    def test_left_on_must_be_a_date(self):
        errors = import_errors(csv_bytes(JACOBS.replace("werker;;", "werker;eind 2026;")))
        assert errors == [line_error(2, INVALID_DATE % {"column": "left_on", "value": "eind 2026"})]

    def test_a_row_with_too_few_or_too_many_values_is_refused(self):
        too_many = JACOBS.replace("20311", "20313") + ";x"
        errors = import_errors(csv_bytes(JACOBS, "20312;Jacobs;Eva", too_many))
        assert errors == [
            line_error(3, WRONG_VALUE_COUNT % {"count": 3, "expected": 10}),
            line_error(4, WRONG_VALUE_COUNT % {"count": 11, "expected": 10}),
        ]

    def test_a_personnel_number_may_appear_only_once_in_the_file(self):
        errors = import_errors(csv_bytes(JACOBS, PEETERS, JACOBS.replace("Tom", "Thomas")))
        assert errors == [line_error(4, REPEATED_NUMBER % {"value": "20311", "line": 2})]

    def test_a_username_must_be_an_existing_account(self):
        errors = import_errors(csv_bytes(JACOBS + "tom.jacobs"))
        assert errors == [line_error(2, UNKNOWN_USERNAME % {"value": "tom.jacobs"})]

    def test_a_username_may_appear_only_once_in_the_file(self):
        UserFactory(username="tom.jacobs")
        errors = import_errors(csv_bytes(JACOBS + "tom.jacobs", PEETERS + "tom.jacobs"))
        assert errors == [line_error(3, REPEATED_USERNAME % {"value": "tom.jacobs", "line": 2})]

    def test_a_user_account_of_another_employee_is_refused(self):
        EmployeeFactory(personnel_number="99999", user=UserFactory(username="tom.jacobs"))
        errors = import_errors(csv_bytes(JACOBS + "tom.jacobs"))
        taken = USERNAME_TAKEN % {"value": "tom.jacobs", "number": "99999"}
        assert errors == [line_error(2, taken)]

    def test_a_status_change_may_not_start_before_the_last_recorded_change(self):
        EmployeeFactory(personnel_number="20311", status=LegalStatus.STATUTORY,
                        status__since=datetime.date(2023, 1, 1))
        errors = import_errors(csv_bytes(JACOBS))
        assert errors == [line_error(2, STATUS_BEFORE_HISTORY % {
            "date": "01/02/2021", "last": "01/01/2023"})]

    def test_a_status_change_may_not_rewrite_the_status_recorded_on_that_day(self):
        EmployeeFactory(personnel_number="20311", status=LegalStatus.STATUTORY,
                        status__since=datetime.date(2021, 2, 1))
        errors = import_errors(csv_bytes(JACOBS))
        assert errors == [line_error(2, STATUS_DATE_TAKEN % {
            "date": "01/02/2021", "status": LegalStatus.STATUTORY.label})]


class TestFileRules:
    @pytest.mark.parametrize("data", [b"", b"  \r\n\r\n "])
    def test_an_empty_file_is_refused(self, data):
        assert import_errors(data) == [EMPTY_FILE]

    def test_a_file_with_only_the_header_is_refused(self):
        assert import_errors(csv_bytes()) == [NO_ROWS]

    @pytest.mark.parametrize(
        "data",
        [
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        ],
        ids=["image", "excel-workbook"],
    )
    def test_a_binary_file_is_refused(self, data):
        assert import_errors(data) == [NOT_A_TEXT_FILE]

    @pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
    def test_a_file_not_in_utf8_is_refused(self, encoding):
        data = "\n".join([HEADER, JACOBS.replace("Tom", "Zoë")])
        assert import_errors(data.encode(encoding)) == [NOT_UTF8]

    def test_a_file_larger_than_the_limit_is_refused(self, monkeypatch):
        monkeypatch.setattr(importers, "MAX_FILE_BYTES", 100)
        errors = import_errors(csv_bytes(JACOBS, PEETERS))
        assert errors == [importers.FILE_TOO_LARGE % {"megabytes": 0}]

    def test_missing_columns_are_named(self):
        header = "personnel_number;last_name;first_name;department;status_since"
        row = "20311;Jacobs;Tom;Sociale Dienst;01/02/2021"
        errors = import_errors(csv_bytes(row, header=header))
        assert errors == [MISSING_COLUMNS % {"columns": "entity, legal_status"}]

    def test_an_unknown_column_is_refused_rather_than_ignored(self):
        errors = import_errors(csv_bytes(JACOBS, header=HEADER.replace("left_on", "lef_on")))
        assert errors == [UNKNOWN_COLUMNS % {
            "columns": "“lef_on”", "accepted": ", ".join(importers.COLUMNS)}]

    def test_a_repeated_column_is_refused(self):
        errors = import_errors(csv_bytes(JACOBS, header=HEADER.replace("username", "job_title")))
        assert errors == [REPEATED_COLUMNS % {"columns": "job_title"}]


class TestImportEmployeesCommand:
    def test_the_command_imports_the_file_and_prints_a_summary(self, tmp_path):
        path = tmp_path / "export.csv"
        path.write_bytes(csv_bytes(PEETERS, JACOBS))
        out = io.StringIO()
        call_command("import_employees", str(path), stdout=out)
        assert out.getvalue().strip() == "2 created, 0 updated, 0 unchanged."

    def test_the_example_file_in_the_documentation_imports_every_legal_status(self):
        out = io.StringIO()
        example = settings.BASE_DIR / "docs" / "employees-example.csv"
        call_command("import_employees", str(example), stdout=out)
        assert out.getvalue().strip() == "8 created, 0 updated, 0 unchanged."
        statuses = {employee.current_status for employee in Employee.objects.all()}
        assert statuses == set(LegalStatus.values)

    def test_a_bad_file_prints_every_error_and_exits_with_status_1(self, tmp_path):
        path = tmp_path / "export.csv"
        path.write_bytes(
            csv_bytes(PEETERS.replace("statutory", "vast"), JACOBS.replace("ocmw", "cpas"))
        )
        err = io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("import_employees", str(path), stderr=err)
        # manage.py turns a CommandError into this exit status.
        assert refused.value.returncode == 1
        assert str(refused.value) == IMPORT_REFUSED % {"count": 2}
        assert err.getvalue().splitlines() == [
            line_error(2, UNKNOWN_LEGAL_STATUS % {"value": "vast"}),
            line_error(3, UNKNOWN_ENTITY % {"value": "cpas"}),
        ]
        assert not Employee.objects.exists()

    def test_a_missing_file_is_reported_with_status_1(self, tmp_path):
        with pytest.raises(CommandError) as refused:
            call_command("import_employees", str(tmp_path / "missing.csv"))
        assert refused.value.returncode == 1
        assert "missing.csv" in str(refused.value)


IMPORT_URL = reverse("admin:incidents_employee_import")
CHANGELIST_URL = reverse("admin:incidents_employee_changelist")


def upload(data: bytes, name: str = "export.csv") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


class TestImportAdmin:
    def test_an_hr_lead_finds_the_import_on_the_employee_list(self, client):
        client.force_login(hr_lead(is_staff=True))
        response = client.get(CHANGELIST_URL)
        assert response.status_code == 200
        assert IMPORT_URL in response.content.decode()

    def test_an_hr_lead_imports_a_file_and_sees_the_summary(self, client):
        client.force_login(hr_lead(is_staff=True))
        response = client.post(IMPORT_URL, upload(csv_bytes(PEETERS, JACOBS)), follow=True)
        assert response.redirect_chain == [(CHANGELIST_URL, 302)]
        shown = [str(message) for message in response.context["messages"]]
        assert shown == ["2 created, 0 updated, 0 unchanged."]
        assert Employee.objects.count() == 2

    def test_the_page_shows_every_row_error_and_nothing_is_imported(self, client):
        client.force_login(hr_lead(is_staff=True))
        bad = CLAES.replace("school", "lagere school")
        response = client.post(IMPORT_URL, upload(csv_bytes(PEETERS, bad)))
        assert response.status_code == 200
        assert response.context["errors"] == [
            line_error(3, UNKNOWN_ENTITY % {"value": "lagere school"})
        ]
        assert "lagere school" in response.content.decode()
        assert not Employee.objects.exists()

    @pytest.mark.parametrize(
        ("data", "message"),
        [(b"\x89PNG\r\n\x1a\n\x00\x00", NOT_A_TEXT_FILE), ("Zoë;".encode("cp1252"), NOT_UTF8)],
    )
    def test_a_file_that_is_not_a_utf8_csv_gives_a_message_not_an_error_page(
        self, client, data, message
    ):
        client.force_login(hr_lead(is_staff=True))
        response = client.post(IMPORT_URL, upload(data))
        assert response.status_code == 200
        assert response.context["errors"] == [message]

    def test_an_empty_upload_gives_a_message(self, client):
        client.force_login(hr_lead(is_staff=True))
        response = client.post(IMPORT_URL, upload(b""))
        assert response.status_code == 200
        assert response.context["form"].errors["file"]

    def test_staff_without_the_right_to_add_employees_is_refused(self, client):
        client.force_login(UserFactory(is_staff=True))
        assert client.get(IMPORT_URL).status_code == 403
        assert client.post(IMPORT_URL, upload(csv_bytes(JACOBS))).status_code == 403
        assert not Employee.objects.exists()

    def test_the_import_link_is_hidden_from_who_may_only_view_employees(self, client):
        client.force_login(hr(is_staff=True))
        response = client.get(CHANGELIST_URL)
        assert response.status_code == 200
        assert IMPORT_URL not in response.content.decode()

    def test_the_employee_list_needs_the_same_number_of_queries_for_more_employees(self, client):
        client.force_login(hr_lead(is_staff=True))
        EmployeeFactory.create_batch(2)
        with CaptureQueriesContext(connection) as few:
            client.get(CHANGELIST_URL)
        EmployeeFactory.create_batch(8, department__name="Dienst Vrije Tijd")
        with CaptureQueriesContext(connection) as many:
            client.get(CHANGELIST_URL)
        assert len(many) == len(few)


def test_the_address_column_feeds_the_letters(tmp_path):
    from incidents.importers import employees_import

    path = tmp_path / "met-adres.csv"
    path.write_text(
        "personnel_number;last_name;first_name;department;entity;legal_status;status_since;address\n"
        "P7001;Peeters;An;Burgerzaken;municipality;contractual;01/01/2020;Kerkstraat 1, 9000 Gent\n",
        encoding="utf-8")
    with path.open("rb") as handle:
        employees_import(rows_or_file=handle)
    employee = Employee.objects.get(personnel_number="P7001")
    assert employee.address_lines == ["Kerkstraat 1", "9000 Gent"]
