"""Demo employing entities: a municipality, its OCMW and one municipal school, each with its bodies
and named signatories (a college decision is signed by the algemeen directeur, then the
burgemeester)."""

from incidents.models import Body, Employer, EmployingEntity, Grade, Signatory

DIRECTOR = ("Anna Vermeulen", "algemeen directeur")
MAYOR = ("Jan De Clercq", "burgemeester")
ADDRESS = "Marktplein 1, 9999 Voorbeeld"

# name, kind, address, bodies: (kind, name, on_behalf, grade, signatories)
EMPLOYERS = [
    ("Gemeente Voorbeeld", EmployingEntity.MUNICIPALITY, ADDRESS, [
        (Body.Kind.COUNCIL, "de gemeenteraad", "Namens de gemeenteraad", "",
         [DIRECTOR, ("Sofie Wouters", "voorzitter van de gemeenteraad")]),
        (Body.Kind.COLLEGE, "het college van burgemeester en schepenen", "Namens het college", "",
         [DIRECTOR, MAYOR]),
        (Body.Kind.GENERAL_DIRECTOR, "de algemeen directeur", "", Grade.DECRETAL, [DIRECTOR]),
    ]),
    ("OCMW Voorbeeld", EmployingEntity.OCMW, ADDRESS, [
        (Body.Kind.WELFARE_COUNCIL, "de raad voor maatschappelijk welzijn",
         "Namens de raad voor maatschappelijk welzijn", "",
         [DIRECTOR, ("Sofie Wouters", "voorzitter van de raad voor maatschappelijk welzijn")]),
        (Body.Kind.STANDING_BUREAU, "het vast bureau", "Namens het vast bureau", "",
         [DIRECTOR, (MAYOR[0], "voorzitter van het vast bureau")]),
        (Body.Kind.GENERAL_DIRECTOR, "de algemeen directeur", "", Grade.DECRETAL, [DIRECTOR]),
    ]),
    # A municipal school: its governing body (inrichtende macht) is the college (decree of
    # 27 March 1991).
    ("Gemeentelijke basisschool De Regenboog", EmployingEntity.SCHOOL, "Schoolstraat 5, 9999 Voorbeeld", [
        (Body.Kind.GOVERNING_BODY, "het college van burgemeester en schepenen, als schoolbestuur",
         "Namens het college", "", [DIRECTOR, MAYOR]),
    ]),
]


def demo_employers() -> dict[str, Employer]:
    """The demo entities by kind, created or completed; running it again changes nothing."""
    result = {}
    for name, kind, address, bodies in EMPLOYERS:
        employer, _ = Employer.objects.get_or_create(
            name=name, defaults={"kind": kind, "address": address, "place": "Voorbeeld"}
        )
        for body_kind, body_name, on_behalf, grade, signatories in bodies:
            body, _ = Body.objects.get_or_create(
                employer=employer, name=body_name,
                defaults={"kind": body_kind, "on_behalf": on_behalf, "grade": grade},
            )
            for order, (person, capacity) in enumerate(signatories, start=1):
                Signatory.objects.get_or_create(
                    body=body, order=order, defaults={"name": person, "capacity": capacity}
                )
        result[kind] = employer
    return result
