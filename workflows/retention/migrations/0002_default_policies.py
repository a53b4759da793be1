"""Placeholder retention periods, one per case outcome, ALL TO BE CONFIRMED BY THE ARCHIVIST.

No fixed period for disciplinary files was found (docs/legal-sources.md §4: the Flemish
selectielijst, Bestuursdecreet 7 December 2018, sets periods per series). These values only make
the purge workable until the archivist sets the real ones in the admin; every row is marked
`to_be_confirmed`. Existing rows are never overwritten, so re-running this migration is harmless.
"""

from django.db import migrations

SOURCE = "Placeholder: to be confirmed against the selectielijst (Bestuursdecreet 7 December 2018)"
NO_CONSEQUENCE = "Placeholder: no measure was taken, so the file is kept only briefly."
WARNING = "Placeholder: a warning may be relied on if the conduct is repeated."
SANCTION = ("Placeholder: the longest period, for measures with legal consequences and possible "
            "litigation.")

# outcome: (years, note)
DEFAULTS = {
    "no_follow_up": (2, NO_CONSEQUENCE),
    "no_measure": (2, NO_CONSEQUENCE),
    "not_prosecuted": (2, NO_CONSEQUENCE),
    "no_sanction": (2, NO_CONSEQUENCE),
    "conversation": (2, NO_CONSEQUENCE),
    "written_warning": (5, WARNING),
    "warning": (5, WARNING),
    "sanction_annulled": (5, "Placeholder: kept while the annulment may still be disputed."),
    "work_rules_sanction": (10, SANCTION),
    "sanction": (10, SANCTION),
    "dismissed": (10, SANCTION),
    "dismissal_with_notice": (10, SANCTION),
}


def load_defaults(apps, schema_editor):
    RetentionPolicy = apps.get_model("retention", "RetentionPolicy")
    for outcome, (years, note) in DEFAULTS.items():
        RetentionPolicy.objects.get_or_create(outcome=outcome, defaults={
            "years": years, "months": 0, "legal_source": SOURCE, "note": note,
            "to_be_confirmed": True,
        })


class Migration(migrations.Migration):

    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
