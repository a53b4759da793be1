"""Import of the staff register from the payroll system's CSV export.

The column layout, the codes accepted and an example are in docs/employee-import.md. Every row is
checked before anything is written, and the import is all or nothing: a register that is half
imported would make the procedure chosen for a case (which depends on the legal status) depend on
where the import happened to stop.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from incidents.models import Department, Employee, EmployeeStatus, EmployingEntity, LegalStatus
from incidents.models.staff import PERSONNEL_NUMBER_INVALID, PERSONNEL_NUMBER_PATTERN
from incidents.services import employee_link_check, employee_link_record

COLUMNS = (
    "personnel_number", "last_name", "first_name", "department", "entity", "legal_status",
    "status_since", "job_title", "left_on", "username", "address",
)
REQUIRED_COLUMNS = COLUMNS[:7]
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
LENGTH_LIMITS = {
    "personnel_number": Employee._meta.get_field("personnel_number"),
    "last_name": Employee._meta.get_field("last_name"),
    "first_name": Employee._meta.get_field("first_name"),
    "department": Department._meta.get_field("name"),
    "job_title": Employee._meta.get_field("job_title"),
    "address": Employee._meta.get_field("address"),
}
MAX_FILE_BYTES = 5 * 1024 * 1024

NOT_ALLOWED = _("You may not import employees.")
FILE_TOO_LARGE = _("The file is larger than %(megabytes)s MB.")
NOT_A_TEXT_FILE = _(
    "This is not a CSV text file. Save the spreadsheet as “CSV UTF-8” and import that file."
)
NOT_UTF8 = _("The file is not encoded in UTF-8. In Excel, save it as “CSV UTF-8”.")
EMPTY_FILE = _("The file is empty.")
NO_ROWS = _("The file has column names but no employees.")
NOT_CSV = _("The file cannot be read as CSV: %(error)s")
MISSING_COLUMNS = _("Missing columns: %(columns)s.")
UNKNOWN_COLUMNS = _("Unknown columns: %(columns)s. The accepted columns are: %(accepted)s.")
REPEATED_COLUMNS = _("These columns appear more than once: %(columns)s.")

LINE_ERROR = _("line %(line)s: %(reason)s")
WRONG_VALUE_COUNT = _("%(count)s values instead of %(expected)s")
REQUIRED = _("%(column)s is empty")
TOO_LONG = _("%(column)s is longer than %(max)s characters")
UNKNOWN_ENTITY = _("unknown employing entity “%(value)s”")
UNKNOWN_LEGAL_STATUS = _("unknown legal status “%(value)s”")
INVALID_DATE = _("%(column)s “%(value)s” is not a date (use DD/MM/YYYY or YYYY-MM-DD)")
INVALID_NUMBER = _("personnel number “%(value)s” is not valid. %(rule)s")
REPEATED_NUMBER = _("personnel number %(value)s already appears on line %(line)s")
UNKNOWN_USERNAME = _("there is no user account “%(value)s”")
REPEATED_USERNAME = _("user account “%(value)s” already appears on line %(line)s")
USERNAME_TAKEN = _("user account “%(value)s” already belongs to employee %(number)s")
STATUS_BEFORE_HISTORY = _(
    "status_since %(date)s is before the last recorded change of status (%(last)s); "
    "correct the history in the employee's record instead"
)
STATUS_DATE_TAKEN = _(
    "the status from %(date)s is already recorded as “%(status)s”; "
    "correct the history in the employee's record instead"
)
SUMMARY = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")


@dataclass
class EmployeeRow:
    line: int
    personnel_number: str
    department: tuple[str, str]  # (entity, name)
    legal_status: str
    status_since: date
    fields: dict = field(default_factory=dict)  # other Employee fields the file sets


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return SUMMARY % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


def employees_import(*, rows_or_file, user=None) -> ImportSummary:
    """Create and update employees by personnel number from a CSV export or parsed rows.

    `rows_or_file` is the CSV as bytes or as a binary file (an upload, an open file), or rows as
    mappings from column name to text (numbered from line 2, as under a header line). `user` is
    whoever asked for the import; None means the command line, run by the operator.
    Raises ValidationError listing every problem; nothing is written then.
    """
    if user is not None and not user.has_perm("incidents.add_employee"):
        raise PermissionDenied(NOT_ALLOWED)
    lines, problems = _read(rows_or_file)
    existing = {
        e.personnel_number: e
        for e in Employee.objects.filter(
            personnel_number__in=[values.get("personnel_number", "") for _line, values in lines]
        ).select_related("user").prefetch_related("status_history")
    }
    rows, row_problems = _check_rows(lines, existing)
    row_problems += _check_links(rows, existing, user)
    # Sorted by line only (a stable sort): a row's own reasons keep their order.
    problems = sorted(problems + row_problems, key=lambda problem: problem[0])
    if problems:
        raise ValidationError(
            [LINE_ERROR % {"line": line, "reason": reason} for line, reason in problems]
        )
    return _apply(rows, existing, user)


def _read(rows_or_file) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    """The rows as (line number, values by column), and the lines that are not rows at all."""
    if isinstance(rows_or_file, (bytes, bytearray)) or hasattr(rows_or_file, "read"):
        lines, problems = _parse_csv(_decode(rows_or_file))
    else:
        lines, problems = list(enumerate(rows_or_file, start=2)), []
        if not lines:
            raise ValidationError(NO_ROWS)
        _check_columns([name.strip().lower() for name in lines[0][1]])
    return [(line, _tidy(values)) for line, values in lines], problems


def _tidy(values: Mapping) -> dict[str, str]:
    return {
        str(name).strip().lower(): "" if value is None else str(value).strip()
        for name, value in values.items()
    }


def _decode(source) -> str:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        data = source.read(MAX_FILE_BYTES + 1)
    if isinstance(data, str):
        return data
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(FILE_TOO_LARGE % {"megabytes": MAX_FILE_BYTES // (1024 * 1024)})
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(NOT_UTF8)
    if b"\x00" in data:
        raise ValidationError(NOT_A_TEXT_FILE)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(NOT_UTF8) from None


def _parse_csv(text: str) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    if not text.strip():
        raise ValidationError(EMPTY_FILE)
    header_line = text.lstrip("\r\n").splitlines()[0]
    try:
        # Sniff the header only: column names never contain a delimiter, job titles might.
        delimiter = csv.Sniffer().sniff(header_line, delimiters=";,").delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
        _check_columns(header)
        lines, problems, line = [], [], reader.line_num + 1
        for values in reader:
            if len(values) != len(header) and any(value.strip() for value in values):
                problems.append((line, WRONG_VALUE_COUNT % {
                    "count": len(values), "expected": len(header)}))
            elif any(value.strip() for value in values):
                lines.append((line, dict(zip(header, values))))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(NOT_CSV % {"error": error}) from None
    if not lines and not problems:
        raise ValidationError(NO_ROWS)
    return lines, problems


def _check_columns(header: list[str]) -> None:
    errors = []
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [f"“{name}”" for name in header if name not in COLUMNS]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if missing:
        errors.append(MISSING_COLUMNS % {"columns": ", ".join(missing)})
    if unknown:
        errors.append(
            UNKNOWN_COLUMNS % {"columns": ", ".join(unknown), "accepted": ", ".join(COLUMNS)}
        )
    if repeated:
        errors.append(REPEATED_COLUMNS % {"columns": ", ".join(repeated)})
    if errors:
        raise ValidationError(errors)


def _check_rows(lines, existing: dict) -> tuple[list[EmployeeRow], list[tuple[int, str]]]:
    rows, problems, seen_numbers, seen_users = [], [], {}, {}
    users = _users([values.get("username", "") for _line, values in lines])
    for line, values in lines:
        reasons = _check_row(values, users)
        number, username = values.get("personnel_number"), values.get("username")
        if number and number in seen_numbers:
            reasons.append(REPEATED_NUMBER % {"value": number, "line": seen_numbers[number]})
        if username and username in seen_users:
            reasons.append(REPEATED_USERNAME % {"value": username, "line": seen_users[username]})
        seen_numbers.setdefault(number, line)
        if username:
            seen_users.setdefault(username, line)
        if not reasons:
            row = _row(line, values, users)
            reasons = _check_history(row, existing.get(row.personnel_number))
            rows.append(row)
        problems.extend((line, reason) for reason in reasons)
    return rows, problems


def _check_links(rows: list[EmployeeRow], existing: dict, actor) -> list[tuple[int, str]]:
    """F1: the importer cannot change the account link of their own record (nor take over one)."""
    problems = []
    for row in rows:
        account = row.fields.get("user")
        employee = existing.get(row.personnel_number) or Employee()
        try:
            employee_link_check(employee=employee, new_user_id=account.pk if account else
                                employee.user_id, actor=actor)
        except PermissionDenied as error:
            problems.append((row.line, str(error)))
    return problems


def _check_row(values: dict, users: dict) -> list[str]:
    reasons = []
    for name in REQUIRED_COLUMNS:
        if not values.get(name):
            reasons.append(REQUIRED % {"column": name})
    for name, model_field in LENGTH_LIMITS.items():
        if len(values.get(name, "")) > model_field.max_length:
            reasons.append(TOO_LONG % {"column": name, "max": model_field.max_length})
    number = values.get("personnel_number", "")
    if number and len(number) <= 30 and not re.fullmatch(PERSONNEL_NUMBER_PATTERN, number):
        reasons.append(INVALID_NUMBER % {"value": number, "rule": PERSONNEL_NUMBER_INVALID})
    if values.get("entity") and _choice(values["entity"], EmployingEntity) is None:
        reasons.append(UNKNOWN_ENTITY % {"value": values["entity"]})
    if values.get("legal_status") and _choice(values["legal_status"], LegalStatus) is None:
        reasons.append(UNKNOWN_LEGAL_STATUS % {"value": values["legal_status"]})
    for name in ("status_since", "left_on"):
        if values.get(name) and _date(values[name]) is None:
            reasons.append(INVALID_DATE % {"column": name, "value": values[name]})
    reasons.extend(_check_username(values, users))
    return reasons


def _check_username(values: dict, users: dict) -> list[str]:
    username = values.get("username")
    if not username:
        return []
    account = users.get(username)
    if account is None:
        return [UNKNOWN_USERNAME % {"value": username}]
    linked = getattr(account, "employee", None)
    if linked is not None and linked.personnel_number != values.get("personnel_number"):
        return [USERNAME_TAKEN % {"value": username, "number": linked.personnel_number}]
    return []


def _check_history(row: EmployeeRow, employee: Employee | None) -> list[str]:
    """A file gives the status in force now and since when; it may add a change, not rewrite one."""
    last = _last_period(employee) if employee else None
    if last is None or last.legal_status == row.legal_status:
        return []
    if row.status_since < last.valid_from:
        return [STATUS_BEFORE_HISTORY % {
            "date": f"{row.status_since:%d/%m/%Y}", "last": f"{last.valid_from:%d/%m/%Y}"}]
    if row.status_since == last.valid_from:
        return [STATUS_DATE_TAKEN % {
            "date": f"{last.valid_from:%d/%m/%Y}", "status": last.get_legal_status_display()}]
    return []


def _last_period(employee: Employee) -> EmployeeStatus | None:
    """The latest recorded period, also if it starts in the future (a change already announced)."""
    history = sorted(employee.status_history.all(), key=lambda period: period.valid_from)
    return history[-1] if history else None


def _row(line: int, values: dict, users: dict) -> EmployeeRow:
    fields = {"first_name": values["first_name"], "last_name": values["last_name"]}
    # An optional column that is absent leaves the field as it is; a present one sets it, except
    # that an empty username keeps the account link (unlinking is done by hand in the admin).
    for optional in ("job_title", "address"):
        if optional in values:
            fields[optional] = values[optional]
    if "left_on" in values:
        fields["left_on"] = _date(values["left_on"]) if values["left_on"] else None
    if values.get("username"):
        fields["user"] = users[values["username"]]
    return EmployeeRow(
        line=line,
        personnel_number=values["personnel_number"],
        department=(_choice(values["entity"], EmployingEntity), values["department"]),
        legal_status=_choice(values["legal_status"], LegalStatus),
        status_since=_date(values["status_since"]),
        fields=fields,
    )


def _users(usernames: Iterable[str]) -> dict:
    accounts = get_user_model().objects.filter(username__in=[u for u in usernames if u])
    return {account.username: account for account in accounts.select_related("employee")}


def _choice(value: str, choices) -> str | None:
    """The code of a TextChoices member, given its code or its label in English or Dutch."""
    wanted = value.strip().lower()
    for language in ("en", "nl-be"):
        with translation.override(language):
            for code, label in choices.choices:
                if wanted in (code, str(label).lower()):
                    return code
    return None


def _date(value: str) -> date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), date_format).date()
        except ValueError:
            continue
    return None


@transaction.atomic
def _apply(rows: list[EmployeeRow], existing: Mapping[str, Employee], actor) -> ImportSummary:
    summary, departments = ImportSummary(), {}
    for row in rows:
        department = _department(row.department, departments)
        employee = existing.get(row.personnel_number)
        if employee is None:
            employee = Employee(personnel_number=row.personnel_number, department=department)
            _save(employee, row.fields)
            _add_status(employee, row)
            summary.created.append(row.personnel_number)
            continue
        changed = employee.department_id != department.pk or any(
            getattr(employee, name) != value for name, value in row.fields.items()
        )
        if changed:
            old_user_id = employee.user_id
            employee.department = department
            _save(employee, row.fields)
            employee_link_record(employee=employee, old_user_id=old_user_id, actor=actor)
        last = _last_period(employee)
        if last is None or last.legal_status != row.legal_status:
            _add_status(employee, row)
            changed = True
        (summary.updated if changed else summary.unchanged).append(row.personnel_number)
    return summary


def _department(key: tuple[str, str], cache: dict) -> Department:
    entity, name = key
    if (entity, name.lower()) not in cache:
        department = Department.objects.filter(entity=entity, name__iexact=name).first()
        if department is None:
            department = Department(entity=entity, name=name)
            department.full_clean()
            department.save()
        cache[(entity, name.lower())] = department
    return cache[(entity, name.lower())]


def _save(employee: Employee, fields: dict) -> None:
    for name, value in fields.items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()


def _add_status(employee: Employee, row: EmployeeRow) -> None:
    period = EmployeeStatus(
        employee=employee, legal_status=row.legal_status, valid_from=row.status_since
    )
    period.full_clean()
    period.save()
