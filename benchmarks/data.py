"""The benchmark's data set, made through the same services the application uses."""

import datetime

from django.utils import timezone

from core import roles
from incidents.models import (
    AccountKind, Communication, Department, Employee, EmployeeStatus, EmployingEntity, LegalStatus,
    Platform, Provision,
)
from incidents.services import addendum_add, incident_save_draft, incident_submit
from workflows.services import steps


def _user(username, group):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username=username, password="bench-password")
    user.groups.add(Group.objects.get(name=group))
    return user


def build(*, cases: int, events: int) -> dict:
    manager, lead = _user("bench-manager", roles.REPORTING_MANAGERS), _user("bench-lead", roles.HR_LEADS)
    lead.groups.add(*_user("bench-hr-tmp", roles.HR).groups.all())
    departments = [Department.objects.create(name=f"Dienst {i}", entity=EmployingEntity.MUNICIPALITY)
                   for i in range(10)]
    provisions = list(Provision.objects.filter(code_version__is_current=True,
                                               applies_to__in=["personal", "both"])[:2])
    today = timezone.localdate()
    references = []
    for number in range(cases):
        employee = Employee.objects.create(
            personnel_number=f"B{number:06d}", first_name="Voornaam", last_name=f"Naam{number}",
            department=departments[number % 10])
        EmployeeStatus.objects.create(employee=employee, legal_status=LegalStatus.CONTRACTUAL,
                                      valid_from=datetime.date(2015, 1, 1))
        incident = incident_save_draft(reporter=manager, provisions=provisions, people=[], fields={
            "employee": employee, "facts_date": today - datetime.timedelta(days=3),
            "knowledge_date": today - datetime.timedelta(days=2), "platform": Platform.BLOG,
            "account_kind": AccountKind.PRIVATE, "communication": Communication.PERSONAL,
            "description": "Benchmarkmelding " * 20})
        incident_submit(incident=incident, user=manager)
        case = steps.case_take_in_triage(case=incident.case, user=lead)
        if number % 2:
            steps.case_open_dismissal(case=case, user=lead, knowledge_date=today - datetime.timedelta(days=number % 5))
        references.append(case.reference)
    large = incident.case
    for number in range(events):
        addendum_add(incident=large.incident, user=manager, text=f"Aanvulling {number}: " + "tekst " * 40)
    return {"lead": lead, "manager": manager, "large": large, "references": references}
