"""What a disciplinary decision letter says a sanction means for the employee becomes rulebook data
on the sanction's catalogue entry (it was a constant of the letter's wording). The effect of a
disciplinary suspension on pay is not confirmed by any source read (docs/legal-sources.md: the
light/heavy split and durations are unverified), so it ships flagged: the letter shows the flag and
cannot be marked as sent until the legal service confirms or corrects it in the rulebook."""

from django.db import migrations, models

# The sentences the letters printed until now (workflows/documents/wording.py), frozen here.
EFFECTS = {
    "blaam": "Een blaam heeft geen gevolgen voor uw salaris.",
    "inhouding_salaris": (
        "Het ingehouden bedrag wordt afgehouden van uw nettosalaris, binnen de grenzen van de wet "
        "van 12 april 1965 betreffende de bescherming van het loon der werknemers."
    ),
    "schorsing": "Tijdens de tuchtschorsing oefent u uw functie niet uit.",
    "ontslag": "Het ontslag beëindigt uw aanstelling.",
    "afzetting": "De afzetting beëindigt uw aanstelling.",
}
FLAGGED = {"schorsing"}


def fill(apps, schema_editor):
    rules = apps.get_model("workflows", "SanctionRule").objects
    for sanction, text in EFFECTS.items():
        rules.filter(sanction=sanction).update(effect_nl=text,
                                               effect_to_be_confirmed=sanction in FLAGGED)


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0021_rulebook_first_versions_cite_docs_legal_sources'),
    ]

    operations = [
        migrations.AddField(
            model_name='sanctionrule',
            name='effect_nl',
            field=models.TextField(blank=True, verbose_name='effect stated in the letter (Dutch)'),
        ),
        migrations.AddField(
            model_name='sanctionrule',
            name='effect_to_be_confirmed',
            field=models.BooleanField(default=False, verbose_name='effect to be confirmed by the legal service'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
