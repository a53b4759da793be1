"""Render the first page of every case document as PNG for docs/documents.md.

    .venv/bin/python scripts/render_document_samples.py [output folder, default docs/documents]

Builds sample cases through the real services in a throw-away SQLite database (and a throw-away
media folder), issues every kind of document, and converts page 1 of each PDF with poppler's
`pdftoppm -png -r 60 -f 1 -l 1`. Dates are relative to today, so that the legal deadlines the
services check are still open.
"""

import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="tuchtdossier-samples-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'samples.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from core import roles  # noqa: E402
from incidents.models import Department, Employee, EmployeeStatus, Provision  # noqa: E402
from incidents.services import evidence_add_file, incident_save_draft, incident_submit  # noqa: E402
from workflows.documents.models import IssuedDocument  # noqa: E402
from workflows.documents.services import document_issue  # noqa: E402
from workflows.competence import competent_bodies  # noqa: E402
from workflows.services import disciplinary, steps  # noqa: E402
from workflows.services.reviews import opinion_file, review_request  # noqa: E402

Kind = IssuedDocument.Kind
TODAY = timezone.localdate()
BRUSSELS = ZoneInfo("Europe/Brussels")
FACTS = "Op Facebook deelde het personeelslid een foto van een vertrouwelijke nota over de " \
        "begroting, met de tekst „Zo gaan ze met óns geld om… naïef, hé?”."


def deciding_body(case, decision="sanction"):
    """The first body the rulebook makes competent (the state tells which decision is due)."""
    decision = {"dismissal": "dismissal"}.get(case.track, decision)
    decision = "prosecution" if case.state == "investigation_reported" else decision
    return competent_bodies(case=case, decisions=[decision], on=TODAY).order_by("pk").first()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


def user(username: str, first: str, last: str, group: str):
    account = get_user_model().objects.create_user(username, f"{username}@voorbeeld.be",
                                                   first_name=first, last_name=last)
    account.groups.add(Group.objects.get(name=group))
    return get_user_model().objects.get(pk=account.pk)


def logo() -> str:
    path = WORK / "logo.png"
    image = Image.new("RGB", (120, 120), "#0b5394")
    ImageDraw.Draw(image).ellipse((20, 20, 100, 100), fill="white")
    image.save(path)
    return str(path)


def screenshot() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), "#dddddd").save(buffer, format="PNG")
    return SimpleUploadedFile("schermafdruk.png", buffer.getvalue(), content_type="image/png")


def case_for(status: str, first: str, last: str, number: str, reporter, handler):
    department, _ = Department.objects.get_or_create(name="Dienst Financiën",
                                                     entity="municipality")
    employee = Employee.objects.create(personnel_number=number, first_name=first, last_name=last,
                                       department=department, job_title="Administratief medewerker")
    EmployeeStatus.objects.create(employee=employee, legal_status=status,
                                  valid_from=datetime.date(2015, 1, 1))
    incident = incident_save_draft(
        reporter=reporter, provisions=list(Provision.objects.filter(
            article="5.3", applies_to="personal")[:1]),
        fields={"employee": employee, "facts_date": days_ago(30),
                "facts_time": datetime.time(21, 15), "knowledge_date": days_ago(28),
                "platform": "online_network", "platform_name": "Facebook",
                "account_kind": "private", "account_name": last.lower(),
                "communication": "personal", "description": FACTS, "still_online": False,
                "content_urls": "https://www.facebook.com/voorbeeld/posts/1"},
        people=[{"name": "Pieter De Smet", "role": "witness", "details": "collega, dienst ICT"}])
    evidence_add_file(incident=incident, uploaded=screenshot(), user=reporter, note="bericht")
    incident_submit(incident=incident, user=reporter)
    incident.refresh_from_db()
    return steps.case_take_in_triage(case=incident.case, user=handler)


def dismissal_case(reporter, hr, decider, legal):
    case = case_for("contractual", "Joëlle", "Van Den Brïel", "P01234", reporter, hr)
    case = steps.case_open_dismissal(case=case, user=hr, knowledge_date=days_ago(2))
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(days_ago(1), 10),
                                      place="Gemeentehuis, zaal 2", facts_summary=FACTS)
    case = steps.case_record_hearing(
        case=case, user=hr, outcome="held", held_on=days_ago(1), gave_certain_knowledge=True,
        attendees="Joëlle Van Den Brïel\nHanne Claes (personeelsdienst)\n"
                  "Mr. Ann Wuyts (raadsman)",
        minutes="Het personeelslid erkent het bericht geplaatst te hebben en betreurt het.")
    case = steps.case_decide_dismissal(
        case=case, user=decider, body=deciding_body(case),
        reason="Verspreiding van een vertrouwelijke nota ondanks een eerdere waarschuwing.")
    case = steps.case_notify_dismissal(case=case, user=hr, method="registered_letter",
                                       sent_on=TODAY)
    review_request(case=case, user=hr, reviewer=legal, question="Is de termijn nageleefd?")
    opinion_file(case=case, user=legal, text="De termijn van artikel 35 is nageleefd.")
    return case


def disciplinary_case(reporter, hr, decider):
    case = case_for("statutory", "Koen", "Verhoeven", "P05678", reporter, hr)
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=days_ago(20),
                                        investigator=hr)
    case = disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=days_ago(10))
    case = disciplinary.case_decide_to_prosecute(
        case=case, user=decider, body=deciding_body(case),
        reason="Het onderzoeksverslag bevestigt de feiten.")
    disciplinary.case_impose_preventive_suspension(
        case=case, user=decider, starts_on=days_ago(9), ends_on=days_ago(-51),
        salary_reduction=False, reason="De rust op de dienst moet hersteld worden.")
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(days_ago(3), 14, 30),
                                      place="Gemeentehuis, raadzaal", facts_summary=FACTS)
    case = steps.case_record_hearing(case=case, user=hr, outcome="held", held_on=days_ago(3),
                                     minutes="Het personeelslid erkent de feiten.")
    case = disciplinary.case_propose_sanction(
        case=case, user=hr, proposer=reporter, proposer_role="line_manager", sanction="schorsing",
        duration_months=2, motivation="Herhaalde verspreiding van vertrouwelijke informatie.")
    return disciplinary.case_decide_sanction(
        case=case, user=decider, sanction="schorsing", duration_months=2,
        body=deciding_body(case),
        reason="De feiten zijn ernstig en schaden het vertrouwen in het bestuur.")


def other_cases(reporter, hr, decider):
    closed = case_for("contractual", "Sofie", "Maes", "P09012", reporter, hr)
    closed = steps.case_close_without_follow_up(
        case=closed, user=hr, reason="Het bericht bevatte geen vertrouwelijke informatie.")
    dropped = case_for("statutory", "Tom", "Jacobs", "P03456", reporter, hr)
    dropped = steps.case_open_disciplinary(case=dropped, user=hr, knowledge_date=days_ago(20),
                                           investigator=hr)
    dropped = disciplinary.case_take_note_of_report(case=dropped, user=hr, noted_on=days_ago(10))
    dropped = disciplinary.case_decide_not_to_prosecute(
        case=dropped, user=decider, body=deciding_body(dropped),
        reason="Het onderzoek kon niet aantonen wie het bericht plaatste.")
    return closed, dropped


def render(document: IssuedDocument, name: str, output: Path) -> None:
    pdf = WORK / f"{name}.pdf"
    with document.file.open("rb") as source:
        pdf.write_bytes(source.read())
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(output / name)], check=True)
    print(f"{output / name}.png")


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "documents"
    output.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = WORK / "media"  # the test settings pick a media folder of their own
    call_command("migrate", verbosity=0)
    settings.ORGANISATION = {**settings.ORGANISATION, "place": "Voorbeeld", "logo": logo(),
                             "signatory": "Ann Peeters, algemeen directeur",
                             "contact": "personeelsdienst@voorbeeld.be, 011 12 34 56"}
    reporter = user("marleen", "Marleen", "Peeters", roles.REPORTING_MANAGERS)
    hr = user("hanne", "Hanne", "Claes", roles.HR)
    decider = user("dirk", "Dirk", "Wouters", roles.DECIDING_AUTHORITY)
    legal = user("lies", "Lies", "Maes", roles.LEGAL)
    dismissal = dismissal_case(reporter, hr, decider, legal)
    disciplined = disciplinary_case(reporter, hr, decider)
    closed, dropped = other_cases(reporter, hr, decider)
    samples = [
        (dismissal, Kind.INCIDENT_REPORT, "incident_report"),
        (dismissal, Kind.CONVOCATION, "convocation_dismissal"),
        (disciplined, Kind.CONVOCATION, "convocation_disciplinary"),
        (dismissal, Kind.HEARING_MINUTES, "hearing_minutes"),
        (dismissal, Kind.DISMISSAL_LETTER, "dismissal_letter"),
        (dismissal, Kind.REASON_NOTICE, "reason_notice"),
        (disciplined, Kind.DISCIPLINARY_DECISION, "disciplinary_decision"),
        (disciplined, Kind.PREVENTIVE_SUSPENSION, "preventive_suspension"),
        (dropped, Kind.NO_PROSECUTION, "no_prosecution"),
        (closed, Kind.CLOSING_LETTER, "closing_letter"),
    ]
    for case, kind, name in samples:
        render(document_issue(case=case, kind=kind, user=hr), name, output)
    render(document_issue(case=dismissal, kind=Kind.CASE_FILE, user=legal), "case_file", output)
    shutil.rmtree(WORK)


if __name__ == "__main__":
    main()
