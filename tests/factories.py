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


def english_client(**kwargs):
    """A browser whose user chose English (the header's language button), so pages can be
    compared with the code's msgids."""
    from django.conf import settings
    from django.test import Client

    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
