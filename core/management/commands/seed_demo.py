"""Demo data for `make run`: a municipality, its OCMW and a school (with their bodies and
signatories), about 40 employees, the demo users and a few cases.

Running it again changes nothing: every record is looked up by its natural key first.
"""

import datetime
import os
import itertools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from core import roles
from core.second_factor.demo import demo_device_give, demo_secret
from core.second_factor.rules import account_needs_second_factor
from incidents.models import (
    Department,
    Employee,
    EmployeeStatus,
    EmployingEntity,
    LegalStatus,
    Provision,
)

DEMO_PASSWORD = "Tucht-Demo-2026"
DEMO_USERS = [
    # username, first, last, groups
    ("manager", "Mieke", "Maes", [roles.REPORTING_MANAGERS]),
    ("manager2", "Koen", "Claes", [roles.REPORTING_MANAGERS]),
    ("hr", "Hanne", "Rombouts", [roles.HR, roles.HR_LEADS]),
    ("hr2", "Wim", "Verlinden", [roles.HR]),
    ("legal", "Lotte", "Goossens", [roles.LEGAL]),
    ("director", "Dirk", "Peeters", [roles.DECIDING_AUTHORITY, roles.MANAGEMENT]),
]
DEPARTMENTS = [
    ("Communicatie", EmployingEntity.MUNICIPALITY),
    ("Burgerzaken", EmployingEntity.MUNICIPALITY),
    ("Technische dienst", EmployingEntity.MUNICIPALITY),
    ("Financiën", EmployingEntity.MUNICIPALITY),
    ("Sociale dienst", EmployingEntity.OCMW),
    ("Woonzorgcentrum Hof ter Linde", EmployingEntity.OCMW),
    ("Gemeentelijke basisschool De Regenboog", EmployingEntity.SCHOOL),
]
FIRST = ["An", "Bart", "Carine", "Dries", "Els", "Filip", "Greet", "Hans", "Inge", "Jan",
         "Katrien", "Luc", "Marleen", "Nico", "Ongelina", "Pieter", "Ria", "Stijn", "Tine", "Wout"]
LAST = ["Janssens", "Peeters", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
        "Wouters", "De Smet"]
MUNICIPAL = [LegalStatus.CONTRACTUAL, LegalStatus.STATUTORY, LegalStatus.STATUTORY_PROBATION]
SCHOOL = [LegalStatus.EDUCATION_PERMANENT, LegalStatus.EDUCATION_TEMPORARY_INDEFINITE,
          LegalStatus.EDUCATION_TEMPORARY_FIXED]


class Command(BaseCommand):
    help = "Load demo data (development only; refuses to run with DJANGO_DEBUG off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DJANGO_DEBUG=1: it creates known passwords.")
        with transaction.atomic():
            users = {u[0]: self.user(*u) for u in DEMO_USERS}
            for user in users.values():
                demo_device_give(user=user)
            employees = self.employees()
        self.incidents(users, employees)
        self.seal_certificate()
        # `make run PORT=8080` passes the port on, so the address printed is the one served.
        address = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {address} with:"))
        for username, first, last, groups in DEMO_USERS:
            labels = ", ".join(str(roles.ROLE_LABELS[g]) for g in groups)
            self.stdout.write(f"  {username:<9} / {DEMO_PASSWORD}   ({labels})")
        self.second_factor_help(users)

    def second_factor_help(self, users) -> None:
        asked = ", ".join(name for name, user in users.items() if account_needs_second_factor(user))
        self.stdout.write(self.style.WARNING(
            f"Second factor (asked of {asked}): every demo user has the same authenticator app "
            f"key, {demo_secret()}.\nAdd it to an authenticator app, or print the current code "
            "with: DJANGO_DEBUG=1 .venv/bin/python manage.py demo_totp_code"))

    def seal_certificate(self) -> None:
        """A self-signed seal certificate, so that demo documents carry a PAdES seal."""
        from workflows.documents.seal import DEMO_PKCS12, make_demo_certificate

        if not DEMO_PKCS12.is_file():
            make_demo_certificate()
        self.stdout.write(f"Documents are sealed with the demo certificate {DEMO_PKCS12}.")

    def user(self, username, first, last, groups):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.local"},
        )
        # The HR lead keeps the staff register and the rulebook in the admin as well, also in a
        # database seeded before it was given that access.
        needs_staff = roles.HR_LEADS in groups and not user.is_staff
        if created or needs_staff:
            if created:
                user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_staff or roles.HR_LEADS in groups
            user.save()
        user.groups.add(*[Group.objects.get_or_create(name=g)[0] for g in groups])
        return user

    def employees(self) -> list[Employee]:
        from core.demo_employers import demo_employers

        employers = demo_employers()
        departments = [Department.objects.get_or_create(name=n, entity=e)[0] for n, e in DEPARTMENTS]
        names = itertools.product(LAST, FIRST)
        result = []
        for number in range(1, 41):
            department = departments[(number - 1) % len(departments)]
            statuses = SCHOOL if department.entity == EmployingEntity.SCHOOL else MUNICIPAL
            last, first = next(names)
            employee, created = Employee.objects.get_or_create(
                personnel_number=f"DEMO{number:03d}",
                defaults={"first_name": first, "last_name": last, "department": department,
                          "employer": employers[department.entity],
                          "grade": "C" if number % 3 else "B",
                          "job_title": "Leerkracht" if statuses is SCHOOL else "Medewerker"},
            )
            if created:
                EmployeeStatus.objects.create(
                    employee=employee, legal_status=statuses[number % len(statuses)],
                    valid_from=datetime.date(2018, 1, 1),
                )
            result.append(employee)
        return result

    def incidents(self, users, employees) -> None:
        from core.demo_cases import build_demo_cases

        provisions = list(Provision.objects.filter(code_version__is_current=True))
        if not provisions:
            self.stdout.write("No provisions of the code loaded; no demo reports created.")
            return
        # The demo's notification mails would only clutter the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created = build_demo_cases(users=users, employees=employees, provisions=provisions)
        self.stdout.write(f"Demo reports created now: {created}.")
