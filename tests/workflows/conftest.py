import datetime

import pytest
from django.utils import timezone

from incidents.models import LegalStatus
from incidents.services import incident_submit
from tests import factories
from workflows.services.steps import case_take_in_triage


def submitted_case(*, status=LegalStatus.CONTRACTUAL, facts=datetime.date(2026, 11, 2),
                   knowledge=None):
    """The manager learned of the facts today unless told otherwise, so that HR's knowledge date
    is never later than the manager's without the explanation the services ask for."""
    knowledge = knowledge or timezone.localdate()
    employee = factories.EmployeeFactory(status=status)
    incident = factories.IncidentFactory(employee=employee, facts_date=facts,
                                         knowledge_date=knowledge)
    incident_submit(incident=incident, user=incident.reporter)
    incident.refresh_from_db()
    return incident.case


@pytest.fixture
def contractual_case(db, hr_user):
    case = submitted_case()
    return case_take_in_triage(case=case, user=hr_user)


@pytest.fixture
def statutory_case(db, hr_user):
    case = submitted_case(status=LegalStatus.STATUTORY)
    return case_take_in_triage(case=case, user=hr_user)

