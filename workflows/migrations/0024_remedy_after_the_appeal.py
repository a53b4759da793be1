"""The route after the appeal against a disciplinary sanction: an annulment appeal to the Council
of State against the decision taken on that appeal. The disciplinary decision must state every
remedy, its form and its time limit (Bestuursdecreet 7 December 2018, art. II.4; legal review,
defect 11). Shipped to be confirmed by the legal service, like the other remedies (migration 0004):
the letter shows the flag and cannot be marked as sent until legal confirms it on the rulebook page.
"""

import datetime

from django.db import migrations, models

COUNCIL_OF_STATE = dict(
    body_nl="de Raad van State, afdeling Bestuursrechtspraak",
    postal_address="Wetenschapsstraat 33, 1040 Brussel",
    form_nl="een verzoekschrift tot nietigverklaring, gedagtekend en ondertekend door u of door "
            "een advocaat, bij aangetekende brief of langs elektronische weg",
    time_limit_nl="binnen 60 dagen na de kennisgeving van de beslissing over uw beroep",
    legal_source="artikelen 14 en 19 van de gecoördineerde wetten op de Raad van State van "
                 "12 januari 1973",
    to_be_confirmed=True,
)
# regime, in force from (as the appeal routes of migration 0004)
APPEAL_ROUTES = [("local_government", "2019-01-01"), ("education", "1991-03-27")]


def load(apps, schema_editor):
    Remedy = apps.get_model("workflows", "Remedy")
    for regime, effective in APPEAL_ROUTES:
        Remedy.objects.get_or_create(
            decision="appeal_decision", regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(effective), defaults=COUNCIL_OF_STATE)


def unload(apps, schema_editor):
    apps.get_model("workflows", "Remedy").objects.filter(decision="appeal_decision").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0023_merge_rulebook_remedies_and_statistics_steps'),
    ]

    operations = [
        migrations.AlterField(
            model_name='remedy',
            name='decision',
            field=models.CharField(choices=[('disciplinary_sanction', 'Disciplinary sanction'), ('preventive_suspension', 'Preventive suspension'), ('dismissal', 'Dismissal for serious reason'), ('appeal_decision', 'Decision on the appeal against a sanction')], max_length=30, verbose_name='decision'),
        ),
        migrations.RunPython(load, unload),
    ]
