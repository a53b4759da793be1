"""How long before the disciplinary hearing the summons must reach the employee.

No public source confirmed the period for local government or subsidised education
(docs/legal-sources.md: "hearing notice … unverified: make them rulebook entries marked
to be confirmed"), so both rules are enforced and marked to be confirmed; the legal service
confirms or corrects them in the admin (a correction is a new version).
"""

import datetime

from django.db import migrations

RULES = [
    ("local_government", "2019-01-01",
     "BVR 20 juli 2018 (termijn en artikel te bevestigen door de juridische dienst)"),
    ("education", "1991-03-27",
     "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX (termijn te "
     "bevestigen door de juridische dienst)"),
]


def load_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for regime, effective, source in RULES:
        DeadlineRule.objects.get_or_create(
            code="hearing_notice", regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(effective),
            defaults=dict(
                name_nl="Oproeping vóór het verhoor", name_en="Summons before the hearing",
                length=10, unit="calendar_days", starts_nl="verzending van de oproeping",
                starts_en="sending of the summons", legal_source=source, to_be_confirmed=True,
                change_reason="Eerste versie, uit docs/legal-sources.md (november 2026): te bevestigen",
            ),
        )


def unload_rules(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.filter(
        code="hearing_notice", version=1).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("workflows", "0004_remedies"),
    ]

    operations = [migrations.RunPython(load_rules, unload_rules)]
