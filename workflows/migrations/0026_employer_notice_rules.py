"""The forms in which the employer may give notice of an ordinary dismissal, as rulebook data
instead of a constant in the code: art. 37 §1 al. 4 Arbeidsovereenkomstenwet allows only a
registered letter or a bailiff's writ, on pain of nullity (docs/legal-sources.md: statute read,
not yet confirmed by the legal service). The dismissal track runs in the contract regime and, for
temporary staff of subsidised education, in the education regime, where the same forms apply
until the legal service confirms or corrects them. Both shipped to be confirmed; applied all the
same.
"""

import datetime

from django.db import migrations, models

METHODS = "registered_letter,bailiff"
FIRST_VERSIONS = [
    ("contract", "1978-07-03",
     "artikel 37, §1, vierde lid, van de Arbeidsovereenkomstenwet van 3 juli 1978"),
    ("education", "1991-03-27",
     "artikel 37, §1, vierde lid, van de Arbeidsovereenkomstenwet van 3 juli 1978, naar analogie "
     "voor de tijdelijke personeelsleden van het gesubsidieerd onderwijs"),
]


def load(apps, schema_editor):
    NotificationRule = apps.get_model("workflows", "NotificationRule")
    for regime, effective, source in FIRST_VERSIONS:
        NotificationRule.objects.get_or_create(
            subject="employer_notice", regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(effective),
            defaults=dict(methods=METHODS, legal_source=source, to_be_confirmed=True,
                          change_reason="Eerste versie, uit docs/legal-sources.md (november 2026)"))


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0025_notification_rules'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notificationrule',
            name='subject',
            field=models.CharField(choices=[('disciplinary_decision', 'Notifying a disciplinary decision'), ('employer_notice', 'Notice of dismissal given by the employer')], max_length=30, verbose_name='what is notified'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
