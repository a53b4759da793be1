"""Remedies for adverse individual decisions, from docs/legal-sources.md (November 2026).

Addresses and forms that no public source confirmed are marked to_be_confirmed: the letters show
the flag and cannot be marked as sent until the legal service confirms them in the admin.
"""

import datetime

from django.db import migrations, models

CONTRACT, LOCAL, EDUCATION = "contract", "local_government", "education"
COUNCIL_OF_STATE = (
    "de Raad van State, afdeling Bestuursrechtspraak",
    "Wetenschapsstraat 33, 1040 Brussel",
    "een verzoekschrift tot nietigverklaring, gedagtekend en ondertekend door u of door een "
    "advocaat, bij aangetekende brief of langs elektronische weg",
    "binnen 60 dagen na de kennisgeving van deze beslissing",
    "artikelen 14 en 19 van de gecoördineerde wetten op de Raad van State van 12 januari 1973",
)
REMEDIES = [
    # decision, regime, (body, address, form, time limit, source), effective, to be confirmed
    ("disciplinary_sanction", LOCAL, (
        "de Beroepscommissie voor Tuchtzaken",
        "Agentschap Binnenlands Bestuur, Havenlaan 88 bus 70, 1000 Brussel",
        "een gedagtekend en ondertekend verzoekschrift, bij aangetekende brief",
        "binnen 30 dagen na de ontvangst van deze beslissing",
        "artikel 214 van het Decreet over het lokaal bestuur van 22 december 2017",
    ), "2019-01-01", True),
    ("disciplinary_sanction", EDUCATION, (
        "de kamer van beroep voor het officieel gesubsidieerd onderwijs",
        "AGODI, Koning Albert II-laan 15, 1210 Brussel",
        "een gedagtekend en ondertekend verzoekschrift, bij aangetekende brief",
        "binnen 20 dagen na de ontvangst van deze beslissing",
        "hoofdstuk IX van het decreet van 27 maart 1991 betreffende de rechtspositie van sommige "
        "personeelsleden van het gesubsidieerd onderwijs",
    ), "1991-03-27", True),
    ("preventive_suspension", LOCAL, COUNCIL_OF_STATE, "2019-01-01", True),
    ("preventive_suspension", EDUCATION, COUNCIL_OF_STATE, "1991-03-27", True),
    ("dismissal", CONTRACT, (
        "de arbeidsrechtbank bevoegd voor de plaats waar u tewerkgesteld was",
        "Arbeidsrechtbank Gent, Opgeëistenlaan 401 E, 9000 Gent",
        "een dagvaarding of een verzoekschrift op tegenspraak",
        "binnen één jaar na het einde van de arbeidsovereenkomst",
        "artikel 15 van de wet van 3 juli 1978 betreffende de arbeidsovereenkomsten en artikel "
        "578 van het Gerechtelijk Wetboek",
    ), "1978-07-03", True),
    ("dismissal", EDUCATION, COUNCIL_OF_STATE, "1991-03-27", True),
]


def load_remedies(apps, schema_editor):
    Remedy = apps.get_model("workflows", "Remedy")
    for decision, regime, (body, address, form, limit, source), effective, tbc in REMEDIES:
        Remedy.objects.get_or_create(
            decision=decision, regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(effective),
            defaults=dict(body_nl=body, postal_address=address, form_nl=form,
                          time_limit_nl=limit, legal_source=source, to_be_confirmed=tbc),
        )


def unload_remedies(apps, schema_editor):
    apps.get_model("workflows", "Remedy").objects.filter(version=1).delete()



class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0003_decision_refers_to_its_body'),
    ]

    operations = [
        migrations.CreateModel(
            name='Remedy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(choices=[('disciplinary_sanction', 'Disciplinary sanction'), ('preventive_suspension', 'Preventive suspension'), ('dismissal', 'Dismissal for serious reason')], max_length=30, verbose_name='decision')),
                ('regime', models.CharField(choices=[('contract', 'Employment contract (art. 35 Arbeidsovereenkomstenwet)'), ('local_government', 'Statutory staff (Decreet Lokaal Bestuur)'), ('education', 'Subsidised education (decree of 27 March 1991)')], max_length=20, verbose_name='legal regime')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('body_nl', models.CharField(max_length=200, verbose_name='body (Dutch)')),
                ('postal_address', models.CharField(max_length=300, verbose_name='postal address')),
                ('form_nl', models.CharField(max_length=300, verbose_name='form of the appeal (Dutch)')),
                ('time_limit_nl', models.CharField(help_text='As the letter says it, e.g. “binnen 30 dagen na de ontvangst van deze beslissing”.', max_length=300, verbose_name='time limit with its starting event (Dutch)')),
                ('legal_source', models.CharField(help_text='Statutes only: case-law numbers do not belong in a letter to the employee.', max_length=300, verbose_name='legal source')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('to_be_confirmed', models.BooleanField(default=False, verbose_name='to be confirmed by the legal service')),
            ],
            options={
                'verbose_name': 'remedy',
                'verbose_name_plural': 'remedies',
                'ordering': ['regime', 'decision', '-effective_from', '-version'],
                'constraints': [models.UniqueConstraint(fields=('decision', 'regime', 'effective_from', 'version'), name='unique_remedy_version')],
            },
        ),
        migrations.RunPython(load_remedies, unload_remedies),
    ]
