import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from incidents.models import (
    AccountKind,
    CodeVersion,
    Communication,
    Body,
    Department,
    Employer,
    EmployingEntity,
    Employee,
    EmployeeStatus,
    Incident,
    LegalStatus,
    Platform,
    Provision,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])
        if create:
            self.save()


def manager(**kwargs):
    return UserFactory(groups=[roles.REPORTING_MANAGERS], **kwargs)


def hr(**kwargs):
    return UserFactory(groups=[roles.HR], **kwargs)


def hr_lead(**kwargs):
    return UserFactory(groups=[roles.HR, roles.HR_LEADS], **kwargs)


def legal(**kwargs):
    return UserFactory(groups=[roles.LEGAL], **kwargs)


def decider(**kwargs):
    return UserFactory(groups=[roles.DECIDING_AUTHORITY], **kwargs)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("entity", "name")

    name = "Dienst Communicatie"
    entity = EmployingEntity.MUNICIPALITY


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        django_get_or_create = ("name",)

    name = "Gemeente Voorbeeld"
    kind = EmployingEntity.MUNICIPALITY


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("employer", "name")

    employer = factory.SubFactory(EmployerFactory)
    kind = Body.Kind.COLLEGE
    name = "het college van burgemeester en schepenen"
    on_behalf = "Namens het college"


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    personnel_number = factory.Sequence(lambda n: f"P{n:05d}")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    department = factory.SubFactory(DepartmentFactory)
    job_title = "Medewerker"

    @factory.post_generation
    def status(self, create, extracted, **kwargs):
        if create:
            EmployeeStatus.objects.create(
                employee=self,
                legal_status=extracted or LegalStatus.CONTRACTUAL,
                valid_from=kwargs.get("since", datetime.date(2015, 1, 1)),
            )


class CodeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeVersion
        django_get_or_create = ("label",)

    label = "Test code"
    adopted_on = datetime.date(2020, 1, 1)


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provision

    code_version = factory.SubFactory(CodeVersionFactory)
    article = "5.3"
    section = Provision.Section.DONT
    applies_to = Provision.Applies.PERSONAL
    text_nl = "verspreid geen interne of vertrouwelijke informatie"
    text_en = "do not spread internal or confidential information"
    position = factory.Sequence(lambda n: 1000 + n)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    reporter = factory.LazyFunction(manager)
    employee = factory.SubFactory(EmployeeFactory)
    facts_date = datetime.date(2026, 11, 2)
    knowledge_date = datetime.date(2026, 11, 3)
    platform = Platform.ONLINE_NETWORK
    platform_name = "Facebook"
    account_kind = AccountKind.PRIVATE
    communication = Communication.PERSONAL
    description = "Het personeelslid plaatste een bericht met vertrouwelijke informatie."
    content_urls = "https://www.facebook.com/voorbeeld/posts/1"
    still_online = True

    @factory.post_generation
    def provisions(self, create, extracted, **kwargs):
        if create:
            self.provisions.set(extracted or [ProvisionFactory()])


def deciding_body(case, decision=None):
    """The first body the rulebook makes competent for the decision the case awaits; the
    employee's employing entity gets one if it has none (e.g. an education employee of the test
    municipality)."""
    from django.utils import timezone

    from workflows.competence import competence_rule, competent_bodies
    from workflows.states import CaseState, Track

    if decision is None and case.track == Track.DISMISSAL:
        decision = "dismissal"
    elif decision is None:
        reported = case.state in (CaseState.INVESTIGATION, CaseState.INVESTIGATION_REPORTED)
        decision = "prosecution" if reported else "sanction"
    today = timezone.localdate()
    body = competent_bodies(case=case, decisions=[decision], on=today).order_by("pk").first()
    if body is None:
        kind = competence_rule(case=case, decision=decision, on=today).body_kind
        body = BodyFactory(employer=case.employee.employer, kind=kind, name=f"Orgaan {kind}")
    return body


def propose(case, hr, *, sanction="", motivation="Voorstel van de leidinggevende."):
    """The line manager's sanction proposal (tuchtvoorstel), recorded by HR."""
    from workflows.services.disciplinary import case_propose_sanction

    return case_propose_sanction(case=case, user=hr, proposer=case.incident.reporter,
                                 proposer_role="line_manager", sanction=sanction,
                                 motivation=motivation)
def english_client(**kwargs):
    """A browser whose user chose English (the header's language button), so pages can be
    compared with the code's msgids."""
    from django.conf import settings
    from django.test import Client

    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def authenticator_app(user, **kwargs):
    """A confirmed TOTP device, as after the user's enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True, **kwargs)


def totp_code(device, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or ``steps_ahead`` periods of 30 s later)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():0{device.digits}d}"


def next_totp_code(device) -> str:
    """The code the user's app shows that the server will still take: this period's, or the next
    period's when this period's code was already used (a code is accepted once; the device's
    drift, learnt at its last code, counts)."""
    from django_otp.oath import TOTP, hotp

    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(now, device.last_t + 1)
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"


def login_verified(client, user):
    """force_login, and mark the session as having given its second factor: for tests that run
    with ``OTP_REQUIRED`` on and are not about the login itself."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
    session.save()
    return client
