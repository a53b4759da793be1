"""What each regime allows during a preventive suspension: pay, extension, lapse.

docs/legal-sources.md confirms the maximum durations (art. 209 DLB: 6 months, lapses when its time
limits are not respected; education: 1 year, extendable during a criminal case or an appeal) but
says nothing on a salary reduction during the suspension. The pay terms ship as the safe default,
flagged to be confirmed: local government at most one fifth of net pay (the Loonbeschermingswet
bound the sources give for salary withholding) and only while criminal proceedings run on the same
facts; education no reduction at all.
"""

import datetime

from django.db import migrations

TO_CONFIRM = "te bevestigen door de juridische dienst"
LAPSE_NL = (
    "De preventieve schorsing vervalt van rechtswege zodra haar termijn verstreken is "
    "({source}): het personeelslid hervat zijn functie met zijn volledige salaris; de schorsing "
    "kan niet voortgezet worden.")
LAPSE_EN = (
    "The preventive suspension lapses by law once its term has passed ({source}): the employee "
    "resumes work on full pay; the suspension cannot be continued.")
RULES = [
    dict(regime="local_government", effective_from=datetime.date(2019, 1, 1),
         reduction_allowed=True, max_reduction_percent=20, only_with_criminal_proceedings=True,
         extendable_with_criminal_proceedings=False,
         legal_source=f"art. 209 Decreet Lokaal Bestuur 22 december 2017; grens van een vijfde "
                      f"van het nettoloon (Loonbeschermingswet) en voorwaarde van strafvervolging "
                      f"{TO_CONFIRM}",
         lapse_source="art. 209 DLB"),
    dict(regime="education", effective_from=datetime.date(1991, 3, 27),
         reduction_allowed=False, max_reduction_percent=0, only_with_criminal_proceedings=False,
         extendable_with_criminal_proceedings=True,
         legal_source=f"Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX "
                      f"(verlenging tijdens een strafzaak; behoud van salaris {TO_CONFIRM})",
         lapse_source="decreet 27 maart 1991, hoofdstuk IX"),
]


def load_rules(apps, schema_editor):
    SuspensionRule = apps.get_model("workflows", "SuspensionRule")
    for rule in RULES:
        rule = dict(rule)
        source = rule.pop("lapse_source")
        SuspensionRule.objects.get_or_create(
            regime=rule.pop("regime"), version=1, effective_from=rule.pop("effective_from"),
            defaults=dict(
                **rule, to_be_confirmed=True,
                lapse_consequence_nl=LAPSE_NL.format(source=source),
                lapse_consequence_en=LAPSE_EN.format(source=source),
                change_reason="Eerste versie, uit docs/legal-sources.md (november 2026): "
                              "te bevestigen"),
        )


def unload_rules(apps, schema_editor):
    apps.get_model("workflows", "SuspensionRule").objects.filter(version=1).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("workflows", "0012_preventive_suspension_pay_rules"),
    ]

    operations = [migrations.RunPython(load_rules, unload_rules)]
