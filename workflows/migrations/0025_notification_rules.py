"""How a disciplinary decision must be notified, as rulebook data (legal-rules §5, "Notification
of a disciplinary decision": by registered letter or delivery against receipt, since the appeal
period runs from receipt and the employer must prove it; a bailiff's writ proves it as well).
Shipped to be confirmed by the legal service; applied all the same.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

METHODS = "registered_letter,bailiff,hand_delivered"
# regime, in force from, the source of the appeal whose period runs from receipt (as migration 0004)
FIRST_VERSIONS = [
    ("local_government", "2019-01-01",
     "artikel 214 van het Decreet over het lokaal bestuur van 22 december 2017"),
    ("education", "1991-03-27",
     "hoofdstuk IX van het decreet van 27 maart 1991 betreffende de rechtspositie van sommige "
     "personeelsleden van het gesubsidieerd onderwijs"),
]


def load(apps, schema_editor):
    NotificationRule = apps.get_model("workflows", "NotificationRule")
    for regime, effective, source in FIRST_VERSIONS:
        NotificationRule.objects.get_or_create(
            subject="disciplinary_decision", regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(effective),
            defaults=dict(methods=METHODS, legal_source=source, to_be_confirmed=True,
                          change_reason="Eerste versie, uit docs/legal-sources.md (november 2026)"))


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0024_remedy_after_the_appeal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NotificationRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('regime', models.CharField(choices=[('contract', 'Employment contract (art. 35 Arbeidsovereenkomstenwet)'), ('local_government', 'Statutory staff (Decreet Lokaal Bestuur)'), ('education', 'Subsidised education (decree of 27 March 1991)')], max_length=20, verbose_name='legal regime')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('legal_source', models.CharField(max_length=300, verbose_name='legal source')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('to_be_confirmed', models.BooleanField(default=False, verbose_name='to be confirmed by the legal service')),
                ('change_reason', models.TextField(blank=True, verbose_name='reason for this version')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('subject', models.CharField(choices=[('disciplinary_decision', 'Notifying a disciplinary decision')], max_length=30, verbose_name='what is notified')),
                ('methods', models.CharField(help_text="The notification methods, comma-separated, in NotificationMethod's order.", max_length=200, verbose_name='methods allowed')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'notification rule',
                'verbose_name_plural': 'notification rules',
                'ordering': ['regime', 'subject', '-effective_from', '-version'],
                'constraints': [models.UniqueConstraint(fields=('subject', 'regime', 'effective_from', 'version'), name='unique_notification_rule_version')],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
