"""The legal basis for putting the disciplinary procedure on hold pending criminal proceedings about
the same facts, as rulebook entries per regime (issue #12). Both are flagged "to be confirmed":
docs/legal-sources.md names no article for the hold itself, only that a preventive suspension
remains possible during a criminal investigation (art. 209 DLB; decree of 27 March 1991)."""

import datetime

from django.db import migrations

TEXT_NL = ("De tuchtoverheid wacht de afloop van de strafvordering over dezelfde feiten af (“le "
           "criminel tient le civil en état”): zolang de procedure opgeschort is, wordt geen stap "
           "gezet en lopen haar termijnen niet.")
TEXT_EN = ("The disciplinary authority awaits the outcome of the criminal proceedings about the "
           "same facts (“le criminel tient le civil en état”): while the procedure is on hold, no "
           "step is taken and its time limits do not run.")
BASES = [
    ("local_government", datetime.date(2019, 1, 1),
     "Rechtsbeginsel “le criminel tient le civil en état” (art. 4 Voorafgaande Titel Wetboek van "
     "Strafvordering), naar analogie toegepast op de tuchtprocedure van het Decreet Lokaal Bestuur "
     "(art. 198-216); preventieve schorsing tijdens het strafonderzoek: art. 209 DLB"),
    ("education", datetime.date(1991, 3, 27),
     "Rechtsbeginsel “le criminel tient le civil en état” (art. 4 Voorafgaande Titel Wetboek van "
     "Strafvordering), naar analogie; Decreet rechtspositie gesubsidieerd onderwijs 27 maart 1991, "
     "hoofdstuk IX (tucht, preventieve schorsing tijdens een strafvervolging)"),
]


def load(apps, schema_editor):
    HoldBasis = apps.get_model("defence", "HoldBasis")
    for regime, effective_from, source in BASES:
        HoldBasis.objects.get_or_create(
            code="criminal_case_same_facts", regime=regime, version=1,
            effective_from=effective_from,
            defaults=dict(text_nl=TEXT_NL, text_en=TEXT_EN, legal_source=source,
                          to_be_confirmed=True,
                          change_reason="Eerste versie (issue #12: rechtsgrond van de opschorting)"),
        )


def unload(apps, schema_editor):
    apps.get_model("defence", "HoldBasis").objects.filter(
        code="criminal_case_same_facts", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("defence", "0002_hold_basis_in_the_rulebook")]
    operations = [migrations.RunPython(load, unload)]
