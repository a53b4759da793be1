"""Rulebook entries for the disciplinary record and the dismissal's aftermath (issue #12).

All are flagged "to be confirmed by the legal service": docs/legal-sources.md lists the erasure
(doorhaling) periods as unverified, the effect of a registered letter as an analogy (art. 53bis
Ger.W.), and the employer's documents after a dismissal were not re-read in their source. The
periods of the former Gemeentedecreet are the defaults for erasure.
"""

import datetime

from django.db import migrations

LOCAL, EDUCATION, CONTRACT = "local_government", "education", "contract"
WD, CD, M = "working_days", "calendar_days", "months"
ERASURE_SOURCE = {
    LOCAL: "regeling van het vroegere Gemeentedecreet (te bevestigen voor het Decreet Lokaal "
           "Bestuur)",
    EDUCATION: "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX "
               "(termijn te bevestigen)",
}
EFFECTIVE = {LOCAL: "2019-01-01", EDUCATION: "1991-03-27", CONTRACT: "1978-07-03"}

# sanction, name_nl, name_en, months
ERASURES = [
    ("blaam", "Doorhaling van de blaam", "Erasure of a reprimand", 12),
    ("inhouding_salaris", "Doorhaling van de inhouding van salaris",
     "Erasure of a salary withholding", 36),
    ("schorsing", "Doorhaling van de tuchtschorsing", "Erasure of a disciplinary suspension", 48),
]

# code, name_nl, name_en, length, unit, starts_nl, starts_en, source
AFTERMATH = [
    ("registered_letter_effect", "Uitwerking van een aangetekende brief",
     "Effect of a registered letter", 3, WD, "afgifte bij de post", "posting",
     "art. 53bis Gerechtelijk Wetboek, naar analogie (te bevestigen)"),
    ("dismissal_task_c4", "Afgifte van het formulier C4", "Handing over the C4 form", 0, CD,
     "einde van de tewerkstelling", "end of employment",
     "art. 137 KB 25 november 1991 werkloosheidsreglementering (te bevestigen)"),
    ("dismissal_task_social_documents", "Sociale documenten (individuele rekening, "
     "vakantieattest)", "Social documents (individual account, holiday pay certificate)", 2, M,
     "einde van de tewerkstelling", "end of employment",
     "KB 8 augustus 1980 art. 12; vakantiereglementering (te bevestigen)"),
    ("dismissal_task_final_pay", "Eindafrekening van het loon en vertrekvakantiegeld",
     "Final pay and end-of-service holiday pay", 1, M, "einde van de tewerkstelling",
     "end of employment", "art. 9 Loonbeschermingswet 12 april 1965 (te bevestigen)"),
]


def rows():
    for regime in (LOCAL, EDUCATION):
        for sanction, name_nl, name_en, months in ERASURES:
            yield (f"erasure_{sanction}", regime, name_nl, name_en, months, M, "de beslissing",
                   "the decision", ERASURE_SOURCE[regime])
    for regime in (CONTRACT, LOCAL, EDUCATION):
        for code, name_nl, name_en, length, unit, starts_nl, starts_en, source in AFTERMATH:
            yield code, regime, name_nl, name_en, length, unit, starts_nl, starts_en, source


def load_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for code, regime, name_nl, name_en, length, unit, starts_nl, starts_en, source in rows():
        DeadlineRule.objects.get_or_create(
            code=code, regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(EFFECTIVE[regime]),
            defaults=dict(
                name_nl=name_nl, name_en=name_en, length=length, unit=unit, starts_nl=starts_nl,
                starts_en=starts_en, legal_source=source, to_be_confirmed=True,
                change_reason="Eerste versie (issue #12: tuchtverleden en nazorg na ontslag)",
            ),
        )


def unload_rules(apps, schema_editor):
    codes = {row[0] for row in rows()}
    apps.get_model("workflows", "DeadlineRule").objects.filter(code__in=codes, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0002_rulebook")]
    operations = [migrations.RunPython(load_rules, unload_rules)]
