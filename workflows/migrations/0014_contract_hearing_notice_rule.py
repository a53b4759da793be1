"""How long before the hearing that precedes a dismissal of contractual staff the invitation must
reach the employee.

The hearing duty itself is verified (docs/legal-sources.md §1: Constitutional Court 86/2017 and
22/2018: a public employer hears a contractual employee before a dismissal linked to person or
conduct, also for serious reason); no source fixes a notice period, only that the employee must be
able to prepare. The default, 2 working days (Saturday counts, as for art. 35), still lets a
hearing convened on the day of knowledge fall within the 3 working days of art. 35; it is enforced
and flagged to be confirmed, like the disciplinary summons.
"""

import datetime

from django.db import migrations


def load_rule(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.get_or_create(
        code="hearing_notice", regime="contract", version=1,
        effective_from=datetime.date(2017, 7, 6),
        defaults=dict(
            name_nl="Uitnodiging vóór het verhoor", name_en="Invitation before the hearing",
            length=2, unit="working_days", starts_nl="verzending van de uitnodiging",
            starts_en="sending of the invitation",
            legal_source="Grondwettelijk Hof 86/2017 en 22/2018 (hoorplicht; termijn te "
                         "bevestigen door de juridische dienst)",
            to_be_confirmed=True,
            change_reason="Eerste versie, uit docs/legal-sources.md (november 2026): te bevestigen",
        ),
    )


def unload_rule(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.filter(
        code="hearing_notice", regime="contract", version=1).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("workflows", "0013_preventive_suspension_rules_data"),
    ]

    operations = [migrations.RunPython(load_rule, unload_rule)]
