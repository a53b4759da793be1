"""A few demo reports, each taken through the real services to a different point of a procedure."""

import datetime

from django.db import transaction
from django.utils import timezone

from incidents.models import AccountKind, Communication, Incident, LegalStatus, Platform, Provision
from incidents.services import incident_save_draft, incident_submit
from workflows.deadlines import SATURDAY, is_working_day
from workflows.services import disciplinary, steps

HEARING_HOUR = 10

LATER_KNOWLEDGE = "De leidinggevende meldde de feiten pas later aan de bevoegde overheid."

DESCRIPTIONS = {
    "reported": "Plaatste op Facebook een foto van een interne nota over de begroting.",
    "triage": "Reageerde op X met beledigende woorden op kritiek van een burger op de gemeente.",
    "dismissal": "Deelde in een publieke Facebookgroep persoonsgegevens van een cliënt van het OCMW.",
    "disciplinary": "Gebruikte het logo van de gemeente in de profielfoto van een privéaccount.",
    "closed": "Liket een bericht dat kritiek geeft op een partnerorganisatie.",
}


def _report(*, reporter, employee, key, days_ago, provisions, submit=True):
    facts = timezone.localdate() - datetime.timedelta(days=days_ago)
    existing = Incident.objects.filter(reporter=reporter, employee=employee, facts_date=facts).first()
    if existing:
        return existing, False
    personal = [p for p in provisions if p.applies_to in (Provision.Applies.PERSONAL,
                                                           Provision.Applies.BOTH)]
    incident = incident_save_draft(
        reporter=reporter,
        fields={
            "employee": employee, "facts_date": facts, "knowledge_date": facts + datetime.timedelta(days=1),
            "platform": Platform.ONLINE_NETWORK, "platform_name": "Facebook",
            "account_kind": AccountKind.PRIVATE, "account_name": employee.full_name,
            "communication": Communication.PERSONAL, "description": DESCRIPTIONS[key],
            "content_urls": "https://www.facebook.com/demo/posts/1", "still_online": True,
        },
        provisions=personal[:2], people=[{"name": "Sofie Wouters", "role": "witness", "details": ""}],
    )
    if submit:
        incident_submit(incident=incident, user=reporter)
        incident.refresh_from_db()
    return incident, True


def office_hour_before(now: datetime.datetime) -> datetime.datetime:
    """The last 10:00 on an office day (Monday to Friday, not a public holiday) up to `now`: the
    demo's hearing took place when an administration holds one, whenever the demo is loaded."""
    day = now.date() if now.hour >= HEARING_HOUR else now.date() - datetime.timedelta(days=1)
    while day.weekday() >= SATURDAY or not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(HEARING_HOUR)))


def _employee(employees, status):
    return next(e for e in employees if e.status_history.first().legal_status == status)


@transaction.atomic
def build_demo_cases(*, users, employees, provisions) -> int:
    manager, hr = users["manager"], users["hr"]
    today = timezone.localdate()
    created = 0
    _incident, new = _report(reporter=users["manager2"], employee=employees[5], key="reported",
                             days_ago=20, provisions=provisions, submit=False)
    created += new
    incident, new = _report(reporter=manager, employee=employees[1], key="reported", days_ago=4,
                            provisions=provisions)
    created += new
    incident, new = _report(reporter=manager, employee=_employee(employees, LegalStatus.STATUTORY),
                            key="triage", days_ago=6, provisions=provisions)
    if new:
        created += 1
        steps.case_take_in_triage(case=incident.case, user=hr)
    incident, new = _report(reporter=manager, employee=_employee(employees, LegalStatus.CONTRACTUAL),
                            key="dismissal", days_ago=5, provisions=provisions)
    if new:
        created += 1
        case = steps.case_take_in_triage(case=incident.case, user=hr)
        hearing = office_hour_before(timezone.localtime())
        case = steps.case_open_dismissal(
            case=case, user=hr, knowledge_date=hearing.date() - datetime.timedelta(days=1),
            reason=LATER_KNOWLEDGE)
        case = steps.case_convene_hearing(
            case=case, user=hr, scheduled_at=hearing, summoned_on=hearing.date(),
            place="Gemeentehuis, vergaderzaal 2", facts_summary=DESCRIPTIONS["dismissal"],
        )
        # Heard: the case now waits for the deciding authority (the demo's "director").
        steps.case_record_hearing(
            case=case, user=hr, outcome="held", held_on=hearing.date(),
            attendees="Het personeelslid, de dossierbehandelaar, een vakbondsafgevaardigde",
            minutes="Het personeelslid erkent het bericht te hebben geplaatst.",
        )
    incident, new = _report(reporter=manager, employee=_employee(employees, LegalStatus.EDUCATION_PERMANENT),
                            key="disciplinary", days_ago=30, provisions=provisions)
    if new:
        created += 1
        case = steps.case_take_in_triage(case=incident.case, user=hr)
        case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=today - datetime.timedelta(days=25),
                                            investigator=users["legal"], reason=LATER_KNOWLEDGE)
        disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=today - datetime.timedelta(days=3))
    incident, new = _report(reporter=manager, employee=employees[9], key="closed", days_ago=40,
                            provisions=provisions)
    if new:
        created += 1
        case = steps.case_take_in_triage(case=incident.case, user=hr)
        steps.case_close_without_follow_up(case=case, user=hr, reason="Geen zware fout: een like zonder commentaar.")
    return created
