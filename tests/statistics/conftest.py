import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone

from core import roles
from incidents.models import Department, EmployingEntity, LegalStatus, Platform
from incidents.services import incident_submit
from tests import factories
from tests.workflows.test_disciplinary_track import proposed, reload
from workflows.models import Case, Decision
from workflows.services.steps import case_take_in_triage
from workflows.statistics.consistency import comparison_release_advance
from workflows.states import CaseState, Regime, Track

YEAR = timezone.localdate().year
# Names no factory or fixture generates, so a test can look for them on a page.
SURNAMES = (f"Zz{n}Persoon" for n in itertools.count())


def department(entity, name):
    return Department.objects.get_or_create(entity=entity, name=name)[0]


def case_in(dept, *, platform=Platform.ONLINE_NETWORK, provisions=None,
            status=LegalStatus.CONTRACTUAL, knowledge_date=None, **changes) -> Case:
    """A submitted case of an employee of `dept`, then set (as data) to where a test needs it."""
    employee = factories.EmployeeFactory(department=dept, status=status, last_name=next(SURNAMES))
    extra = {"knowledge_date": knowledge_date} if knowledge_date else {}
    incident = factories.IncidentFactory(employee=employee, platform=platform,
                                         provisions=provisions, **extra)
    incident_submit(incident=incident, user=incident.reporter)
    case = Case.objects.get(incident=incident)
    if provisions is not None:
        case.provisions.set(provisions)
    if changes:
        Case.objects.filter(pk=case.pk).update(**changes)
    return Case.objects.get(pk=case.pk)


def closed_with_sanction(dept, sanction, provisions, *, seriousness=Case.Seriousness.SERIOUS,
                         decider=None):
    """A case closed with `sanction`, and its comparison group's release as the closing step
    leaves it (`case_run_step`)."""
    case = case_in(dept, provisions=provisions, status=LegalStatus.STATUTORY,
                   state=CaseState.CLOSED, track=Track.DISCIPLINARY,
                   regime=Regime.LOCAL_GOVERNMENT, seriousness=seriousness,
                   outcome=Case.Outcome.SANCTION, closed_at=timezone.now())
    Decision.objects.create(case=case, kind=sanction, sanction=sanction, reasons="Gemotiveerd",
                            authority="College", decided_by=decider or factories.decider(),
                            decided_on=timezone.localdate())
    comparison_release_advance(case=case)  # as closing through the services does
    return case


@pytest.fixture(autouse=True)
def fresh_statistics():
    """A test that switches the statistics cache on leaves nothing for the next one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def departments(db):
    return {
        "communication": department(EmployingEntity.MUNICIPALITY, "Communicatie"),
        "works": department(EmployingEntity.MUNICIPALITY, "Technische dienst"),
        "ocmw": department(EmployingEntity.OCMW, "Thuiszorg"),
        "school": department(EmployingEntity.SCHOOL, "Basisschool De Regenboog"),
    }


def management_user(**kwargs):
    return factories.UserFactory(groups=[roles.MANAGEMENT], **kwargs)


@pytest.fixture
def provision(db):
    return factories.ProvisionFactory()


@pytest.fixture
def pending(departments, provision, hr_user, decider_user):
    """A statutory case heard, its sanction proposed and awaiting the decision, qualified as
    serious under `provision`."""
    case = case_take_in_triage(case=case_in(departments["communication"], provisions=[provision],
                                            status=LegalStatus.STATUTORY,
                                            knowledge_date=timezone.localdate()), user=hr_user)
    case = proposed(case, hr_user, decider_user)
    Case.objects.filter(pk=case.pk).update(seriousness=Case.Seriousness.SERIOUS)
    return reload(case)
