"""The rulebook's first entries, from docs/legal-sources.md (November 2026).

Entries marked to_be_confirmed are defaults taken from neighbouring statutes where no public source
confirmed the rule; the legal service confirms or corrects them in the admin (a correction is a new
version; cases keep the version they were computed with).
"""

import datetime

from django.db import migrations

CONTRACT, LOCAL, EDUCATION = "contract", "local_government", "education"
WD, CD, M = "working_days", "calendar_days", "months"

RULES = [
    # code, regime, name_nl, name_en, length, unit, starts_nl, starts_en, source, effective, tbc
    ("dismissal", CONTRACT, "Ontslag om dringende reden", "Dismissal for serious reason", 3, WD,
     "kennisname", "certain knowledge",
     "art. 35 al. 3 Arbeidsovereenkomstenwet 3 juli 1978", "1978-07-03", False),
    ("reason_notice", CONTRACT, "Kennisgeving van de dringende reden",
     "Notification of the serious reason", 3, WD, "ontslag", "dismissal",
     "art. 35 al. 4 Arbeidsovereenkomstenwet 3 juli 1978", "1978-07-03", False),
    ("dismissal", EDUCATION, "Ontslag om dringende reden (tijdelijk personeel bepaalde duur)",
     "Dismissal for serious reason (fixed-term temporary staff)", 3, WD, "kennisname",
     "certain knowledge",
     "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991 (artikel te bevestigen); "
     "standaard overgenomen van art. 35 Arbeidsovereenkomstenwet", "1991-03-27", True),
    ("reason_notice", EDUCATION, "Kennisgeving van de dringende reden",
     "Notification of the serious reason", 3, WD, "ontslag", "dismissal",
     "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991 (artikel te bevestigen); "
     "standaard overgenomen van art. 35 Arbeidsovereenkomstenwet", "1991-03-27", True),
    ("start_proceedings", LOCAL, "Instellen van de tuchtvordering", "Start of proceedings", 6, M,
     "kennisname door de tuchtoverheid", "knowledge by the disciplinary authority",
     "regel onder het vroegere Gemeentedecreet (te bevestigen voor het Decreet Lokaal Bestuur)",
     "2019-01-01", True),
    ("prosecution_decision", LOCAL, "Beslissing over de tuchtvervolging",
     "Decision whether to prosecute", 60, CD, "kennisname van het onderzoeksverslag",
     "formal note of the investigation report",
     "BVR 20 juli 2018 (artikelnummer te bevestigen)", "2019-01-01", False),
    ("appeal", LOCAL, "Beroep bij de Beroepscommissie voor Tuchtzaken",
     "Appeal to the Beroepscommissie voor Tuchtzaken", 30, CD, "ontvangst van de beslissing",
     "receipt of the decision", "art. 214 Decreet Lokaal Bestuur 22 december 2017; RvS 248.009",
     "2019-01-01", False),
    ("preventive_suspension_max", LOCAL, "Einde van de preventieve schorsing",
     "End of the preventive suspension", 6, M, "begin van de schorsing", "start of the suspension",
     "art. 209 Decreet Lokaal Bestuur 22 december 2017", "2019-01-01", False),
    ("salary_withholding_max", LOCAL, "Maximale duur inhouding van salaris",
     "Maximum duration of salary withholding", 3, M, "begin van de sanctie",
     "start of the sanction",
     "Vlaams personeelsstatuut Deel VIII art. VIII 3-4 (naburige regeling, te bevestigen)",
     "2019-01-01", True),
    ("disciplinary_suspension_max", LOCAL, "Maximale duur tuchtschorsing",
     "Maximum duration of disciplinary suspension", 3, M, "begin van de sanctie",
     "start of the sanction",
     "Vlaams personeelsstatuut Deel VIII art. VIII 3-4 (naburige regeling, te bevestigen)",
     "2019-01-01", True),
    ("start_proceedings", EDUCATION, "Instellen van de tuchtvordering", "Start of proceedings", 6,
     M, "kennisname door de inrichtende macht", "knowledge by the governing body",
     "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX (te bevestigen)",
     "1991-03-27", True),
    ("prosecution_decision", EDUCATION, "Beslissing over de tuchtvervolging",
     "Decision whether to prosecute", 60, CD, "kennisname van het onderzoeksverslag",
     "formal note of the investigation report",
     "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX (te bevestigen; "
     "standaard overgenomen van het BVR 20 juli 2018)", "1991-03-27", True),
    ("appeal", EDUCATION, "Beroep bij de kamer van beroep", "Appeal to the kamer van beroep", 20,
     CD, "ontvangst van de beslissing", "receipt of the decision",
     "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX (termijn te "
     "bevestigen)", "1991-03-27", True),
    ("preventive_suspension_max", EDUCATION, "Einde van de preventieve schorsing",
     "End of the preventive suspension", 12, M, "begin van de schorsing",
     "start of the suspension",
     "Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX", "1991-03-27",
     False),
    ("salary_withholding_max", EDUCATION, "Maximale duur inhouding van salaris",
     "Maximum duration of salary withholding", 3, M, "begin van de sanctie",
     "start of the sanction", "te bevestigen door de juridische dienst", "1991-03-27", True),
    ("disciplinary_suspension_max", EDUCATION, "Maximale duur tuchtschorsing",
     "Maximum duration of disciplinary suspension", 3, M, "begin van de sanctie",
     "start of the sanction", "te bevestigen door de juridische dienst", "1991-03-27", True),
]


def load_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for (code, regime, name_nl, name_en, length, unit, starts_nl, starts_en, source, effective,
         tbc) in RULES:
        DeadlineRule.objects.get_or_create(
            code=code, regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(effective),
            defaults=dict(
                name_nl=name_nl, name_en=name_en, length=length, unit=unit, starts_nl=starts_nl,
                starts_en=starts_en, legal_source=source, to_be_confirmed=tbc,
                change_reason="Eerste versie, uit legal-rules.md (november 2026)",
            ),
        )


def unload_rules(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]
    operations = [migrations.RunPython(load_rules, unload_rules)]
