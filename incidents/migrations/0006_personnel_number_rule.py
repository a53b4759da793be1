"""One rule for personnel numbers (letters A-Z, digits, ".", "_", "-"; see
incidents/models/staff.py). Existing numbers that break it are rewritten once: accents are dropped
and every other character becomes "-" ("12 34/B" -> "12-34-B", "Ö12" -> "O12"). Where two numbers
would become the same, or a number has nothing left, the migration stops and names them, so that the
operator corrects them by hand (in the database or in the payroll export) and migrates again.
Payroll exports must then use the new numbers too: the import refuses the old ones with a message.
"""

import re
import unicodedata

import django.core.validators
from django.db import migrations, models

RULE = re.compile(r"[A-Za-z0-9._-]{1,30}")


def normalised(number: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", number).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text.strip()).strip("-")[:30]


def apply_the_rule(apps, schema_editor):
    Employee = apps.get_model("incidents", "Employee")
    taken = set(Employee.objects.values_list("personnel_number", flat=True))
    renames, problems = {}, []
    for number in sorted(taken):
        if RULE.fullmatch(number):
            continue
        new = normalised(number)
        if not new or new in taken or new in renames.values():
            problems.append(f"“{number}” -> “{new}”")
        renames[number] = new
    if problems:
        raise RuntimeError(
            "These personnel numbers break the rule (letters A-Z, digits, '.', '_', '-') and cannot "
            "be corrected automatically (empty or already taken): " + ", ".join(problems)
            + ". Correct them by hand, then run migrate again."
        )
    for old, new in renames.items():
        Employee.objects.filter(personnel_number=old).update(personnel_number=new)


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0005_employee_protection'),
    ]

    operations = [
        migrations.RunPython(apply_the_rule, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='employee',
            name='personnel_number',
            field=models.CharField(help_text='A personnel number has 1 to 30 characters: letters A–Z without accents, digits, “.”, “_” or “-” (no spaces or “/”).', max_length=30, unique=True, validators=[django.core.validators.RegexValidator('\\A[A-Za-z0-9._-]{1,30}\\Z', 'A personnel number has 1 to 30 characters: letters A–Z without accents, digits, “.”, “_” or “-” (no spaces or “/”).', code='invalid_personnel_number')], verbose_name='personnel number'),
        ),
    ]
