"""Rulebook after the legal review of November 2026 (docs/legal-sources.md §5).

- What a passed deadline means (lapse or late, with its legal consequence) and whether a last day on
  a Saturday, Sunday or holiday moves (Civil Code, Book 1, art. 1.7): attributes the existing rules
  did not have yet, filled in here.
- New rules, flagged "to be confirmed" where no public source was re-read: the minimum notice of a
  hearing, the time to decide after it, the presumed receipt of an uncollected registered letter.
- A deadline no longer stores "met": it stores that the step was taken, and whether that was in
  time is computed from the dates.
"""

import datetime

from django.db import migrations

CONTRACT, LOCAL, EDUCATION = "contract", "local_government", "education"
LATE_DISMISSAL_NL = (
    "Een ontslag na de termijn van drie werkdagen is geen ontslag om dringende reden: het bestuur "
    "moet een opzeggingstermijn naleven of een opzeggingsvergoeding betalen (artikel 35, derde lid, "
    "en artikel 39 Arbeidsovereenkomstenwet)."
)
LATE_DISMISSAL_EN = (
    "A dismissal after the three working days is not a dismissal for serious reason: the employer "
    "must give notice or pay an indemnity in lieu of notice (art. 35 al. 3 and art. 39 of the "
    "Employment Contracts Act)."
)
LATE_REASON_NL = (
    "Een laattijdige kennisgeving van de dringende reden maakt het ontslag om dringende reden "
    "onregelmatig (artikel 35, vierde lid): ook dan zijn een opzeggingstermijn of een "
    "opzeggingsvergoeding verschuldigd."
)
LATE_REASON_EN = (
    "A late notification of the serious reason makes the dismissal for serious reason irregular "
    "(art. 35 al. 4): notice or an indemnity in lieu of notice is then due."
)
LATE_APPEAL_NL = "Een laattijdig beroep kan door de beroepsinstantie onontvankelijk verklaard worden."
LATE_APPEAL_EN = "The appeal body may declare a late appeal inadmissible."
LATE_DECISION_NL = (
    "Een beslissing na deze termijn kan als laattijdig aangevochten worden; de gevolgen worden "
    "bevestigd door de juridische dienst."
)
LATE_DECISION_EN = (
    "A decision after this period may be challenged as late; the consequences are to be confirmed "
    "by the legal service."
)

# code, regimes, on_expiry, consequence nl/en, moves, move to be confirmed
ATTRIBUTES = [
    ("dismissal", [CONTRACT, EDUCATION], "late", LATE_DISMISSAL_NL, LATE_DISMISSAL_EN, False, False),
    ("reason_notice", [CONTRACT, EDUCATION], "late", LATE_REASON_NL, LATE_REASON_EN, False, False),
    ("prosecution_decision", [LOCAL, EDUCATION], "lapse", "", "", True, True),
    ("start_proceedings", [LOCAL, EDUCATION], "lapse", "", "", True, True),
    ("appeal", [LOCAL, EDUCATION], "late", LATE_APPEAL_NL, LATE_APPEAL_EN, True, True),
    ("preventive_suspension_max", [LOCAL, EDUCATION], "lapse", "", "", False, False),
]

TO_CONFIRM = "te bevestigen door de juridische dienst"
NEW_RULES = [
    # code, regime, name_nl, name_en, length, unit, starts_nl, starts_en, source, effective,
    # on_expiry, consequence nl/en, moves, move_tbc
    ("hearing_notice", LOCAL, "Minimale termijn tussen oproeping en verhoor",
     "Minimum notice between summons and hearing", 10, "calendar_days", "oproeping", "summons",
     f"BVR 20 juli 2018 (oproeping; termijn {TO_CONFIRM})", "2019-01-01", "late", "", "", False,
     False),
    ("hearing_notice", EDUCATION, "Minimale termijn tussen oproeping en verhoor",
     "Minimum notice between summons and hearing", 10, "calendar_days", "oproeping", "summons",
     f"Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX ({TO_CONFIRM})",
     "1991-03-27", "late", "", "", False, False),
    ("decision_after_hearing", LOCAL, "Beslissing na het verhoor", "Decision after the hearing",
     2, "months", "verhoor", "hearing", f"BVR 20 juli 2018 ({TO_CONFIRM})", "2019-01-01", "late",
     LATE_DECISION_NL, LATE_DECISION_EN, True, True),
    ("decision_after_hearing", EDUCATION, "Beslissing na het verhoor",
     "Decision after the hearing", 2, "months", "verhoor", "hearing",
     f"Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, hoofdstuk IX ({TO_CONFIRM})",
     "1991-03-27", "late", LATE_DECISION_NL, LATE_DECISION_EN, True, True),
    ("registered_letter_receipt", LOCAL, "Vermoedelijke ontvangst van een niet-afgehaalde "
     "aangetekende brief", "Presumed receipt of an uncollected registered letter", 3,
     "judicial_working_days", "afgifte ter post", "posting",
     f"naar analogie met art. 53bis Gerechtelijk Wetboek ({TO_CONFIRM})", "2019-01-01", "late",
     "", "", False, False),
    ("registered_letter_receipt", EDUCATION, "Vermoedelijke ontvangst van een niet-afgehaalde "
     "aangetekende brief", "Presumed receipt of an uncollected registered letter", 3,
     "judicial_working_days", "afgifte ter post", "posting",
     f"naar analogie met art. 53bis Gerechtelijk Wetboek ({TO_CONFIRM})", "1991-03-27", "late",
     "", "", False, False),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    CaseDeadline = apps.get_model("workflows", "CaseDeadline")
    CaseDeadline.objects.filter(status="met").update(status="taken")
    for code, regimes, on_expiry, late_nl, late_en, moves, move_tbc in ATTRIBUTES:
        DeadlineRule.objects.filter(code=code, regime__in=regimes).update(
            on_expiry=on_expiry, late_consequence_nl=late_nl, late_consequence_en=late_en,
            moves_to_next_working_day=moves, move_to_be_confirmed=move_tbc)
    for (code, regime, name_nl, name_en, length, unit, starts_nl, starts_en, source, effective,
         on_expiry, late_nl, late_en, moves, move_tbc) in NEW_RULES:
        DeadlineRule.objects.get_or_create(
            code=code, regime=regime, version=1,
            effective_from=datetime.date.fromisoformat(effective),
            defaults=dict(
                name_nl=name_nl, name_en=name_en, length=length, unit=unit, starts_nl=starts_nl,
                starts_en=starts_en, legal_source=source, to_be_confirmed=True,
                on_expiry=on_expiry, late_consequence_nl=late_nl, late_consequence_en=late_en,
                moves_to_next_working_day=moves, move_to_be_confirmed=move_tbc,
                change_reason="Toegevoegd na het juridisch nazicht van november 2026",
            ),
        )


def unload(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    DeadlineRule.objects.filter(code__in={rule[0] for rule in NEW_RULES}).delete()
    apps.get_model("workflows", "CaseDeadline").objects.filter(status="taken").update(status="met")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0003_deadline_state_overrides_and_hearing_outcomes")]
    operations = [migrations.RunPython(load, unload)]
