"""Common ground for the security tests: the people of the organisation, reports and cases built
through the real services (so each step can be tried in the state where it is allowed), hostile
files, and a snapshot of the database that proves refused input changed nothing."""

import datetime
import io
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import time

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from PIL import Image

from incidents.models import AccountKind, Communication, Incident, LegalStatus, Platform, Provision
from incidents.services import evidence_add_file, incident_save_draft, incident_submit
from tests import factories
from tests.defence.conftest import hold_basis
from workflows.defence import proceedings
from workflows.models import Case
from workflows.services import disciplinary, steps
from workflows.services.assignment import case_add_co_handler
from workflows.services.reviews import review_request

# Tables whose every value is compared, not only their row count: a refused request may not even
# change one field of a case, a report, a deadline or a hearing.
COMPARED_ROWS = ("workflows.Case", "incidents.Incident", "workflows.CaseDeadline",
                 "workflows.Hearing", "incidents.Evidence")
# The session row is rewritten on every request (idle timeout): its count never changes, its
# expiry does.
NOT_COMPARED = {"sessions.Session"}


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


# A preventive suspension of one year (education) that still runs for about a month.
SUSPENDED_FROM = datetime.date.today() - datetime.timedelta(days=330)
SUSPENDED_UNTIL = SUSPENDED_FROM + relativedelta(months=12) - datetime.timedelta(days=1)


def iso(day: datetime.date) -> str:
    return day.isoformat()


# --- the database before and after ------------------------------------------------------------

def _counted_tables() -> list[tuple[str, str]]:
    return [(model._meta.label, model._meta.db_table)
            for model in apps.get_models(include_auto_created=True)
            if model._meta.label not in NOT_COMPARED and model._meta.managed
            and not model._meta.proxy]


def db_snapshot() -> dict:
    """Row counts of every table (many-to-many tables included), in one query, and every value of
    the tables that carry a case's substance."""
    quote = connection.ops.quote_name
    # Model labels are identifiers of this project (letters, digits, dots, underscores).
    sql = " UNION ALL ".join(f"SELECT '{label}', COUNT(*) FROM {quote(table)}"
                             for label, table in _counted_tables())
    with connection.cursor() as cursor:
        cursor.execute(sql)
        snapshot = dict(cursor.fetchall())
    for label in COMPARED_ROWS:
        snapshot[label + " rows"] = list(
            apps.get_model(label)._default_manager.order_by("pk").values())
    return snapshot


def snapshot_diff(before: dict, after: dict) -> list[str]:
    return [f"{key}: {before.get(key)!r:.300} -> {after.get(key)!r:.300}"
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


@contextmanager
def rolled_back():
    """Run one hostile request inside a savepoint that is rolled back, so the next request meets
    exactly the same case (an accepted payload must not move the case on)."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def english_client(**kwargs) -> Client:
    """A browser whose user chose English, so messages can be compared with the code's msgids."""
    return factories.english_client(**kwargs)


@pytest.fixture
def client():
    return english_client()


# --- files -------------------------------------------------------------------------------------

def png_bytes(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb's calling
    card): valid signature, valid IHDR with its CRC, one small IDAT, IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def zip_bomb() -> bytes:
    """A 25 kB zip that inflates to 25 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("bomb.bin", b"\x00" * (25 * 1024 * 1024))
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- people, reports and cases -----------------------------------------------------------------

LATER_KNOWLEDGE = "De bevoegde overheid kreeg de melding pas later."


def current_provisions(applies_to=("personal", "both")):
    return list(Provision.objects.filter(code_version__is_current=True,
                                         applies_to__in=applies_to).order_by("position")[:2])


def report_fields(employee) -> dict:
    return {
        "employee": employee, "facts_date": days_ago(10), "facts_time": datetime.time(21, 15),
        "knowledge_date": days_ago(9), "platform": Platform.ONLINE_NETWORK,
        "platform_name": "Facebook", "account_kind": AccountKind.PRIVATE,
        "account_name": "privé-account", "communication": Communication.PERSONAL,
        "description": "Het personeelslid deelde vertrouwelijke informatie.",
        "content_urls": "https://www.facebook.com/voorbeeld/posts/1", "still_online": True,
    }


def draft_report(reporter, *, status=LegalStatus.CONTRACTUAL, evidence=True) -> Incident:
    employee = factories.EmployeeFactory(status=status)
    incident = incident_save_draft(
        reporter=reporter, fields=report_fields(employee), provisions=current_provisions(),
        people=[{"name": "Pieter De Smet", "role": "witness", "details": "collega"}],
    )
    if evidence:
        evidence_add_file(incident=incident, uploaded=upload("scherm.png", png_bytes()),
                          user=reporter)
    return incident


def reported_case(reporter, *, status=LegalStatus.CONTRACTUAL) -> Case:
    incident = draft_report(reporter, status=status)
    incident_submit(incident=incident, user=reporter)
    return Case.objects.get(incident=incident)


@dataclass
class World:
    manager: object
    other_manager: object
    hr: object
    other_hr: object
    hr_lead: object
    legal: object
    decider: object
    outsider: object
    inactive_hr: object

    def reported(self, status=LegalStatus.CONTRACTUAL) -> Case:
        return reported_case(self.manager, status=status)

    def triaged(self, status=LegalStatus.CONTRACTUAL) -> Case:
        return steps.case_take_in_triage(case=self.reported(status), user=self.hr)

    # Dismissal for serious reason (contractual staff).
    def informal(self) -> Case:
        return steps.case_take_informal_measure(case=self.triaged(), user=self.hr,
                                                measure="conversation", reason="Gesprek.")

    def dismissal_opened(self, knowledge=None) -> Case:
        return steps.case_open_dismissal(case=self.triaged(), user=self.hr,
                                         knowledge_date=knowledge or days_ago(1),
                                         reason=LATER_KNOWLEDGE)

    def hearing_scheduled(self) -> Case:
        return steps.case_convene_hearing(
            summoned_on=timezone.localdate() - datetime.timedelta(days=7),
            case=self.dismissal_opened(), user=self.hr, place="Gemeentehuis",
            scheduled_at=timezone.now() - datetime.timedelta(hours=2), facts_summary="Bericht.",
            confirm_unusual_time=True)

    def heard(self) -> Case:
        return steps.case_record_hearing(case=self.hearing_scheduled(), user=self.hr,
                                         outcome="held", held_on=today(), minutes="Verklaring.",
                                         start_time=time(10), end_time=time(11, 15))

    def dismissal_decided(self) -> Case:
        case = self.heard()
        return steps.case_decide_dismissal(case=case, user=self.decider, reason="Ernstige fout.",
                                           body=factories.deciding_body(case))

    def dismissal_notified(self) -> Case:
        return steps.case_notify_dismissal(case=self.dismissal_decided(), user=self.hr,
                                           method="registered_letter", sent_on=today())

    # Disciplinary procedure (statutory staff).
    def investigation(self) -> Case:
        return steps.case_open_disciplinary(case=self.triaged(LegalStatus.STATUTORY),
                                            user=self.hr, knowledge_date=days_ago(20),
                                            investigator=self.hr)

    def investigation_reported(self) -> Case:
        return disciplinary.case_take_note_of_report(case=self.investigation(), user=self.hr,
                                                     noted_on=days_ago(10))

    def prosecution(self) -> Case:
        case = self.investigation_reported()
        return disciplinary.case_decide_to_prosecute(
            case=case, user=self.decider, reason="Bevestigd.", body=factories.deciding_body(case))

    def summoned(self) -> Case:
        return steps.case_convene_hearing(
            case=self.prosecution(), user=self.hr, place="Raadzaal",
            scheduled_at=timezone.now() - datetime.timedelta(hours=2), facts_summary="Bericht.",
            summoned_on=timezone.localdate() - datetime.timedelta(days=14),
            confirm_unusual_time=True)

    def disciplinary_heard(self) -> Case:
        return steps.case_record_hearing(case=self.summoned(), user=self.hr, outcome="held",
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=today(), minutes="Verklaring.")

    def sanction_proposed(self) -> Case:
        return factories.propose(self.disciplinary_heard(), self.hr, sanction="blaam")

    def sanction_decided(self) -> Case:
        case = self.sanction_proposed()
        return disciplinary.case_decide_sanction(
            case=case, user=self.decider, sanction="blaam", reason="Herhaald.",
            body=factories.deciding_body(case))

    def appeal_window(self, received=None) -> Case:
        received = received or today()
        return disciplinary.case_notify_decision(
            case=self.sanction_decided(), user=self.hr, method="registered_letter",
            sent_on=received, received_on=received)

    def appeal_period_over(self) -> Case:
        return self.appeal_window(received=days_ago(90))

    def appeal_lodged(self) -> Case:
        return disciplinary.case_lodge_appeal(case=self.appeal_window(), user=self.hr,
                                              lodged_on=today())

    # Case management.
    def reviewed(self) -> Case:
        case = self.triaged()
        review_request(case=case, user=self.hr, reviewer=self.legal, question="Termijn?")
        return case

    def with_co_handler(self) -> Case:
        case = self.triaged()
        case_add_co_handler(case=case, user=self.other_hr, actor=self.hr_lead)
        return case

    def overdue(self) -> Case:
        return self.dismissal_opened(knowledge=days_ago(30))

    def prosecution_lapsed(self) -> Case:
        """The 60 days to decide on prosecution passed: the case can only be closed."""
        case = steps.case_open_disciplinary(case=self.triaged(LegalStatus.STATUTORY),
                                            user=self.hr, knowledge_date=days_ago(90),
                                            investigator=self.hr)
        return disciplinary.case_take_note_of_report(case=case, user=self.hr,
                                                     noted_on=days_ago(70))

    # Criminal proceedings and the aftermath of a dismissal (workflows.defence).
    def with_proceeding(self) -> Case:
        case = self.investigation()
        proceedings.criminal_proceeding_record(case=case, user=self.hr, body="prosecutor",
                                               reference="AN.1", known_on=days_ago(5))
        return case

    # Subsidised education: suspended for the year, criminal proceedings recorded.
    def education_suspended(self) -> Case:
        case = steps.case_open_disciplinary(case=self.triaged(LegalStatus.EDUCATION_PERMANENT),
                                            user=self.hr, knowledge_date=days_ago(20),
                                            investigator=self.hr)
        disciplinary.case_impose_preventive_suspension(
            case=case, user=self.decider, starts_on=SUSPENDED_FROM,
            ends_on=SUSPENDED_UNTIL, salary_reduction_percent=0, reason="Ordemaatregel.",
            heard_on=SUSPENDED_FROM)
        proceedings.criminal_proceeding_record(case=case, user=self.hr, body="prosecutor",
                                               reference="AN.3", known_on=today())
        return case

    def on_hold(self) -> Case:
        case = self.with_proceeding()
        proceedings.case_hold_start(case=case, user=self.hr,
                                    proceeding=case.criminal_proceedings.get(),
                                    starts_on=days_ago(5), basis=hold_basis(case))
        return case

    def with_checklist(self) -> Case:
        case = self.dismissal_notified()
        proceedings.dismissal_checklist_create(case=case, user=self.hr)
        return case


@pytest.fixture
def world(db) -> World:
    inactive = factories.hr(username="oud-hr")
    inactive.is_active = False
    inactive.save()
    return World(
        manager=factories.manager(username="leidinggevende"),
        other_manager=factories.manager(username="andere-leidinggevende"),
        hr=factories.hr(username="hr-dossierbeheerder", first_name="Hanne", last_name="Claes"),
        other_hr=factories.hr(username="hr-collega"),
        hr_lead=factories.hr_lead(username="hr-diensthoofd"),
        legal=factories.legal(username="jurist"),
        decider=factories.decider(username="directeur"),
        outsider=factories.UserFactory(username="buitenstaander"),
        inactive_hr=inactive,
    )
