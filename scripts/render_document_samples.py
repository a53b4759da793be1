"""Render the first page of every case document as PNG for docs/documents.md.

    .venv/bin/python scripts/render_document_samples.py [output folder] [stress folder]

The output folder defaults to docs/documents. With a stress folder, the review's stress case
(94-character name, three-line address, 4,000-character description, 36 events) is rendered there
too, every page of every document, for a reader to check the layout.

Builds sample cases for a municipality and for a school through the real services in a throw-away SQLite database (and a throw-away
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
from dataclasses import dataclass
from datetime import time
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
from django.core.files import File  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from core import roles  # noqa: E402
from core.demo_employers import demo_employers  # noqa: E402
from incidents.models import (  # noqa: E402
    Department,
    Employee,
    EmployeeStatus,
    Employer,
    Provision,
)
from incidents.services import evidence_add_file, incident_save_draft, incident_submit  # noqa: E402
from workflows.documents.models import IssuedDocument  # noqa: E402
from workflows.competence import competent_bodies  # noqa: E402
from workflows.deadlines import is_working_day  # noqa: E402
from workflows.documents.builders import LETTERS  # noqa: E402
from workflows.documents.services import document_issue, document_supersede  # noqa: E402
from workflows.services import disciplinary, steps  # noqa: E402
from workflows.services.reviews import opinion_file, review_request  # noqa: E402

Kind = IssuedDocument.Kind
TODAY = timezone.localdate()
BRUSSELS = ZoneInfo("Europe/Brussels")
FACTS = "Op Facebook deelde het personeelslid een foto van een vertrouwelijke nota over de " \
        "begroting, met de tekst „Zo gaan ze met óns geld om… naïef, hé?”."
LATER_KNOWLEDGE = "De algemeen directeur kreeg het verslag van de leidinggevende pas later."


def deciding_body(case, decision="sanction"):
    """The first body the rulebook makes competent (the state tells which decision is due)."""
    decision = {"dismissal": "dismissal"}.get(case.track, decision)
    decision = "prosecution" if case.state == "investigation_reported" else decision
    return competent_bodies(case=case, decisions=[decision], on=TODAY).order_by("pk").first()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


def user(username: str, first: str, last: str, *groups: str):
    account = get_user_model().objects.create_user(username, f"{username}@voorbeeld.be",
                                                   first_name=first, last_name=last)
    account.groups.add(*Group.objects.filter(name__in=groups))
    return get_user_model().objects.get(pk=account.pk)


def logo(colour: str) -> File:
    """A round emblem on a square of the entity's colour, as a logo uploaded in the admin."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (120, 120), colour)
    ImageDraw.Draw(image).ellipse((20, 20, 100, 100), fill="white")
    image.save(buffer, format="PNG")
    return File(buffer, name="logo.png")


def screenshot() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), "#dddddd").save(buffer, format="PNG")
    return SimpleUploadedFile("schermafdruk.png", buffer.getvalue(), content_type="image/png")


def working_day_ahead(days: int) -> datetime.date:
    """A weekday `days` or more days ahead, for a hearing that the letter precedes."""
    day = TODAY + datetime.timedelta(days=days)
    while day.weekday() >= 5 or not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


@dataclass
class Person:
    first: str
    last: str
    number: str
    status: str
    address: str = "Kerkstraat 12, 9999 Voorbeeld"
    form_of_address: str = "mevrouw"
    description: str = FACTS


@dataclass
class Setting:
    """One employing entity's sample cases: who signs, which statuses it employs."""

    label: str
    employer: object
    department: str
    dismissal_status: str
    disciplinary_status: str
    authority: str


def case_for(person: Person, setting: Setting, reporter, handler):
    department, _ = Department.objects.get_or_create(name=setting.department,
                                                     entity=setting.employer.kind)
    employee = Employee.objects.create(
        personnel_number=person.number, first_name=person.first, last_name=person.last,
        department=department, employer=setting.employer, job_title="Administratief medewerker",
        address=person.address, form_of_address=person.form_of_address)
    EmployeeStatus.objects.create(employee=employee, legal_status=person.status,
                                  valid_from=datetime.date(2015, 1, 1))
    incident = incident_save_draft(
        reporter=reporter, provisions=list(Provision.objects.filter(
            article="5.3", applies_to="personal")[:2]),
        fields={"employee": employee, "facts_date": days_ago(30),
                "facts_time": datetime.time(21, 15), "knowledge_date": days_ago(28),
                "platform": "online_network", "platform_name": "Facebook",
                "account_kind": "private", "account_name": person.last.lower()[:40],
                "communication": "personal", "description": person.description,
                "still_online": False,
                "content_urls": "https://www.facebook.com/voorbeeld/posts/1"},
        people=[{"name": "Pieter De Smet", "role": "witness", "details": "collega, dienst ICT"}])
    evidence_add_file(incident=incident, uploaded=screenshot(), user=reporter, note="bericht")
    incident_submit(incident=incident, user=reporter)
    incident.refresh_from_db()
    return steps.case_take_in_triage(case=incident.case, user=handler)


def convene(case, hr):
    return steps.case_convene_hearing(case=case, user=hr,
                                      scheduled_at=at(working_day_ahead(12), 10),
                                      place="Gemeentehuis, zaal 2", facts_summary=FACTS,
                                      confirm_after_deadline=True)


def dismissal_case(person, setting, users, *, convened_only=False):
    reporter, hr, decider, legal = users
    case = case_for(person, setting, reporter, hr)
    case = steps.case_open_dismissal(case=case, user=hr,
                                     knowledge_date=days_ago(0 if convened_only else 12),
                                     reason=LATER_KNOWLEDGE)
    if convened_only:
        return convene(case, hr)
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(days_ago(1), 10),
                                      place="Gemeentehuis, zaal 2", facts_summary=FACTS,
                                      summoned_on=days_ago(12), confirm_unusual_time=True,
                                      confirm_after_deadline=True)
    case = steps.case_record_hearing(
        case=case, user=hr, outcome="held", held_on=days_ago(1), gave_certain_knowledge=True,
        start_time=time(10), end_time=time(11, 15),
        knowledge_justification="Pas op het verhoor gaf het personeelslid toe het bericht te "
                                "hebben geplaatst.", confirm_late_knowledge=True,
        attendees=f"{person.first} {person.last}\nHanne Claes (personeelsdienst)\n"
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


def prosecuted_case(person, setting, users):
    reporter, hr, decider, _legal = users
    case = case_for(person, setting, reporter, hr)
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=days_ago(20),
                                        investigator=hr, reason=LATER_KNOWLEDGE)
    case = disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=days_ago(10))
    return disciplinary.case_decide_to_prosecute(
        case=case, user=decider, body=deciding_body(case),
        reason="Het onderzoeksverslag bevestigt de feiten.")


def sanctioned_case(person, setting, users):
    reporter, hr, decider, _legal = users
    case = prosecuted_case(person, setting, users)
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(days_ago(3), 14, 30),
                                      place="Gemeentehuis, raadzaal", facts_summary=FACTS,
                                      summoned_on=days_ago(14), confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr, outcome="held", held_on=days_ago(3),
                                     start_time=time(10), end_time=time(11, 15),
                                     minutes="Het personeelslid erkent de feiten.")
    disciplinary.case_impose_preventive_suspension(
        case=case, user=decider, starts_on=TODAY + datetime.timedelta(days=1),
        ends_on=TODAY + datetime.timedelta(days=50),
        reason="De rust op de dienst moet hersteld worden.", heard_on=days_ago(3))
    case = disciplinary.case_propose_sanction(
        case=case, user=hr, proposer=reporter, proposer_role="line_manager", sanction="schorsing",
        duration_months=2, motivation="Herhaalde verspreiding van vertrouwelijke informatie.")
    return disciplinary.case_decide_sanction(
        case=case, user=decider, sanction="schorsing", duration_months=2,
        body=deciding_body(case),
        reason="De feiten zijn ernstig en schaden het vertrouwen in het bestuur. Uw verweer dat "
               "het bericht privé was, overtuigt niet: het account was openbaar.")


def other_cases(setting, users, offset):
    reporter, hr, decider, _legal = users
    closed = case_for(Person("Sofie", "Maes", f"P{offset + 3:05d}", setting.dismissal_status,
                             form_of_address=""), setting, reporter, hr)
    closed = steps.case_close_without_follow_up(
        case=closed, user=hr, reason="Het bericht bevatte geen vertrouwelijke informatie.")
    case = case_for(Person("Tom", "Jacobs", f"P{offset + 5:05d}", setting.disciplinary_status,
                           form_of_address="heer"), setting, reporter, hr)
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=days_ago(20),
                                        investigator=hr, reason=LATER_KNOWLEDGE)
    case = disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=days_ago(10))
    case = disciplinary.case_decide_not_to_prosecute(
        case=case, user=decider, body=deciding_body(case),
        reason="Het onderzoek kon niet aantonen wie het bericht plaatste.")
    return closed, case


def render(document: IssuedDocument, name: str, output: Path, *, pages: str = "1") -> None:
    pdf = WORK / f"{name}.pdf"
    with document.file.open("rb") as source:
        pdf.write_bytes(source.read())
    if pages == "all":
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(output / name)],
                       check=True)
    else:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(output / name)], check=True)
    print(f"{output / name}.png")


def issue(case, kind, hr):
    delivery = "registered_letter" if kind in LETTERS else ""
    return document_issue(case=case, kind=kind, user=hr, delivery=delivery)


def render_setting(setting: Setting, users, output: Path, offset: int) -> None:
    _reporter, hr, _decider, legal = users
    person = Person("Joëlle", "Van Den Brïel", f"P{offset:05d}", setting.dismissal_status)
    dismissal = dismissal_case(person, setting, users)
    convened = dismissal_case(Person("Jan", "Peeters", f"P{offset + 1:05d}",
                                     setting.dismissal_status, form_of_address="heer"),
                              setting, users, convened_only=True)
    statutory = Person("Koen", "Verhoeven", f"P{offset + 2:05d}", setting.disciplinary_status,
                       form_of_address="heer")
    disciplined = sanctioned_case(statutory, setting, users)
    summoned = convene(prosecuted_case(Person("Els", "Wouters", f"P{offset + 6:05d}",
                                              setting.disciplinary_status), setting, users), hr)
    closed, dropped = other_cases(setting, users, offset)
    samples = [
        (dismissal, Kind.INCIDENT_REPORT, "incident_report"),
        (convened, Kind.CONVOCATION, "convocation_dismissal"),
        (summoned, Kind.CONVOCATION, "convocation_disciplinary"),
        (dismissal, Kind.HEARING_MINUTES, "hearing_minutes"),
        (dismissal, Kind.DISMISSAL_LETTER, "dismissal_letter"),
        (dismissal, Kind.REASON_NOTICE, "reason_notice"),
        (disciplined, Kind.DISCIPLINARY_DECISION, "disciplinary_decision"),
        (disciplined, Kind.PREVENTIVE_SUSPENSION, "preventive_suspension"),
        (dropped, Kind.NO_PROSECUTION, "no_prosecution"),
        (closed, Kind.CLOSING_LETTER, "closing_letter"),
    ]
    for case, kind, name in samples:
        render(issue(case, kind, hr), f"{setting.label}-{name}", output)
    render(document_issue(case=dismissal, kind=Kind.CASE_FILE, user=legal),
           f"{setting.label}-case_file", output)


STRESS_NAME = ("Marie-Françoise Joëlle Ĳsbrandt-Vandenbroucke-D’Hondt "
               "van der Straeten-Van Den Brïel-Çelikoğlu")
STRESS_ADDRESS = "Residentie De Hoge Kouter appartement 4B, Koning Albert I-laan 112 bus 3, " \
                 "9999 Voorbeeld-Sint-Lievens"


def stress_case(setting: Setting, users, output: Path) -> None:
    """The review's stress case: a 94-character name, a three-line address, a 4,000-character
    description, 36 events or more; every document rendered in full, every page."""
    _reporter, hr, _decider, legal = users
    first, last = STRESS_NAME.split(" ", 2)[0:2], STRESS_NAME.split(" ", 2)[2]
    paragraph = (FACTS + " Het bericht werd gedeeld in drie groepen en leidde tot € "
                 "1.250.000 aan vermeende schade volgens art. 35 en § 2 van de nota. ")
    description = "\n\n".join([paragraph * 2] * 20)[:4000]
    person = Person(" ".join(first), last, "P99999", setting.dismissal_status,
                    address=STRESS_ADDRESS, description=description)
    case = dismissal_case(person, setting, users)
    for kind in (Kind.INCIDENT_REPORT, Kind.HEARING_MINUTES, Kind.DISMISSAL_LETTER,
                 Kind.REASON_NOTICE):
        for _version in range(3):
            document = issue(case, kind, hr)
            document_supersede(document=document, user=hr, reason="Nieuwe versie voor de test.")
        issue(case, kind, hr)
    case.refresh_from_db()
    print(f"stress case: {case.events.count()} events, name {len(STRESS_NAME)} characters")
    for kind in (Kind.INCIDENT_REPORT, Kind.HEARING_MINUTES, Kind.DISMISSAL_LETTER,
                 Kind.REASON_NOTICE):
        render(IssuedDocument.objects.filter(case=case, kind=kind).last(), f"stress-{kind}",
               output, pages="all")
    render(document_issue(case=case, kind=Kind.CASE_FILE, user=legal), "stress-case_file",
           output, pages="all")


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "documents"
    output.mkdir(parents=True, exist_ok=True)
    stress_output = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    settings.MEDIA_ROOT = WORK / "media"  # the test settings pick a media folder of their own
    call_command("migrate", verbosity=0)
    employers = demo_employers()
    # Letterhead facts per entity, as an administrator sets them in the admin.
    letterheads = {
        "municipality": dict(name="Gemeente Sint-Lievens-Houtem-Voorbeeld", phone="011 12 34 56",
                             email="personeelsdienst@voorbeeld.be", colour="#0b5394",
                             inspection="personeelsdienst, Marktplein 1, 9999 Voorbeeld, "
                                        "op werkdagen van 9 tot 12 uur"),
        "school": dict(phone="011 65 43 21", colour="#38761d",
                       inspection="secretariaat van de school, Schoolstraat 5, 9999 Voorbeeld, "
                                  "op schooldagen van 8.30 tot 12 uur"),
    }
    for kind, facts in letterheads.items():
        employer = employers[kind]
        employer.logo.save("logo.png", logo(facts.pop("colour")), save=False)
        for field, value in facts.items():
            setattr(employer, field, value)
        employer.save()
    employers = {kind: Employer.objects.get(pk=e.pk) for kind, e in employers.items()}
    users = (user("marleen", "Marleen", "Peeters", roles.REPORTING_MANAGERS),
             user("hanne", "Hanne", "Claes", roles.HR, roles.HR_LEADS),
             user("dirk", "Dirk", "Wouters", roles.DECIDING_AUTHORITY),
             user("lies", "Lies", "Maes", roles.LEGAL))
    municipal = Setting("gemeente", employers["municipality"], "Dienst Financiën",
                        "contractual", "statutory", "Het college van burgemeester en schepenen")
    school = Setting("school", employers["school"], "Basisschool De Regenboog",
                     "education_temporary_fixed", "education_permanent",
                     "Het college van burgemeester en schepenen, als schoolbestuur")
    render_setting(municipal, users, output, 1000)
    render_setting(school, users, output, 2000)
    if stress_output is not None:
        stress_output.mkdir(parents=True, exist_ok=True)
        stress_case(municipal, users, stress_output)
    shutil.rmtree(WORK)


if __name__ == "__main__":
    main()
