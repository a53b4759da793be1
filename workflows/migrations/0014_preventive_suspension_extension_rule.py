"""Subsidised education staff: a preventive suspension (at most one year) can be extended while a
criminal case runs (decree of 27 March 1991, chapter IX; docs/legal-sources.md, verified). The
length of one extension is not in the sources read: six months, flagged "to be confirmed"
(issue #12). The Decreet Lokaal Bestuur has no such entry: art. 209 allows no extension."""

import datetime

from django.db import migrations

CODE = "preventive_suspension_extension"


def load(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.get_or_create(
        code=CODE, regime="education", version=1, effective_from=datetime.date(1991, 3, 27),
        defaults=dict(
            name_nl="Verlenging van de preventieve schorsing tijdens een strafzaak",
            name_en="Extension of the preventive suspension during a criminal case",
            length=6, unit="months",
            starts_nl="einde van de lopende schorsing of van het maximum van een jaar",
            starts_en="end of the running suspension or of the one-year maximum",
            legal_source="Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk "
                         "IX (verlengbaar tijdens een strafzaak; duur per verlenging te bevestigen)",
            to_be_confirmed=True,
            change_reason="Eerste versie (issue #12: verlenging tijdens een strafzaak)",
        ),
    )


def unload(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.filter(code=CODE, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0013_deadlines_of_held_cases_on_hold")]
    operations = [migrations.RunPython(load, unload)]
