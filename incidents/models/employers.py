"""Employing entities (the municipality, its OCMW, each school), their bodies and their signatories.

Each entity is a legal person of its own with its own letterhead and its own bodies: the college
does not act for the OCMW, and a school's governing body is not the algemeen directeur. Which body
may decide which sanction is a rulebook entry (workflows.models.competence); this module only says
which bodies exist and who signs their acts.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.evidence import validate_logo
from incidents.models.staff import EmployingEntity, Grade


class Employer(models.Model):
    """An employing entity: the legal person that employs the staff member and writes the letters
    (letterhead: logo, name, address, phone, e-mail, website; the place where its files can be
    inspected). What is left empty falls back to settings.ORGANISATION."""

    kind = models.CharField(_("kind"), max_length=20, choices=EmployingEntity.choices)
    name = models.CharField(_("name"), max_length=200, unique=True,
                            help_text=_("As printed on the letterhead, "
                                        "e.g. “Gemeente Voorbeeld”."))
    address = models.CharField(_("postal address"), max_length=300, blank=True,
                               help_text=_("Lines separated by commas, e.g. “Marktplein 1, 9999 "
                                           "Voorbeeld”."))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    place = models.CharField(_("place of signature"), max_length=100, blank=True,
                             help_text=_("The place in “Voorbeeld, 30 november 2026”."))
    logo = models.FileField(_("logo"), upload_to="letterheads/", blank=True,
                            validators=[validate_logo],
                            help_text=_("PNG or JPEG, printed at the top left of every letter."))
    inspection = models.CharField(
        _("place and hours of file inspection"), max_length=300, blank=True,
        help_text=_("Printed in the convocations (right of defence), e.g. “personeelsdienst, "
                    "Marktplein 1, 9999 Voorbeeld, op werkdagen van 9 tot 12 uur”."))

    class Meta:
        verbose_name = _("employing entity")
        verbose_name_plural = _("employing entities")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address_lines(self) -> list[str]:
        return [part.strip() for part in self.address.split(",") if part.strip()]

    @classmethod
    def default_for(cls, kind: str) -> "Employer":
        """The first entity of this kind, created with its standard bodies if there is none
        (imports and records that only know the kind of their department)."""
        employer = cls.objects.filter(kind=kind).order_by("pk").first()
        if employer is None:
            employer = cls.objects.create(kind=kind, name=DEFAULT_NAMES[kind])
            for body_kind, name, on_behalf, grade in STANDARD_BODIES.get(kind, []):
                employer.bodies.create(kind=body_kind, name=name, on_behalf=on_behalf, grade=grade)
        return employer


DEFAULT_NAMES = {EmployingEntity.MUNICIPALITY: "Gemeente", EmployingEntity.OCMW: "OCMW",
                 EmployingEntity.SCHOOL: "School"}

# The bodies every entity of a kind has (Decreet Lokaal Bestuur; decree of 27 March 1991 for a
# school's governing body): kind, name, "on behalf of" line, grade of a staff member.
STANDARD_BODIES = {
    EmployingEntity.MUNICIPALITY: [
        ("council", "de gemeenteraad", "Namens de gemeenteraad", ""),
        ("college", "het college van burgemeester en schepenen", "Namens het college", ""),
        ("general_director", "de algemeen directeur", "", "decretal"),
    ],
    EmployingEntity.OCMW: [
        ("welfare_council", "de raad voor maatschappelijk welzijn",
         "Namens de raad voor maatschappelijk welzijn", ""),
        ("standing_bureau", "het vast bureau", "Namens het vast bureau", ""),
        ("general_director", "de algemeen directeur", "", "decretal"),
    ],
    EmployingEntity.SCHOOL: [
        ("governing_body", "het schoolbestuur (inrichtende macht)", "Namens het schoolbestuur", ""),
    ],
}


@dataclass(frozen=True)
class SignatureBlock:
    """The closing of a decision: the "Namens ..." line (empty when the body signs itself) and the
    signatories as (name, capacity) pairs, in signing order."""

    on_behalf: str = ""
    signatories: list[tuple[str, str]] = field(default_factory=list)


class Body(models.Model):
    """A body of one employing entity that can take decisions on staff (college, vast bureau,
    council, algemeen directeur, a school's governing body, a staff member holding a delegation).

    Documents get the closing of a decision with `decision.signature_block()` (a `SignatureBlock`):
    e.g. for a college decision `on_behalf="Namens het college"` and
    `signatories=[("Anna Peeters", "algemeen directeur"), ("Jan Claes", "burgemeester")]`; for the
    algemeen directeur's own decision `on_behalf=""` and `[("Anna Peeters", "algemeen directeur")]`.
    `Body.signature_block()` gives the same for a body without a decision.
    """

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Municipal council")
        WELFARE_COUNCIL = "welfare_council", _("Council for social welfare")
        COLLEGE = "college", _("College of mayor and aldermen")
        STANDING_BUREAU = "standing_bureau", _("Standing bureau")
        GENERAL_DIRECTOR = "general_director", _("General director")
        DELEGATE = "delegate", _("Staff member with delegated power (art. 201 DLB)")
        GOVERNING_BODY = "governing_body", _("Governing body of the school")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="bodies",
                                 verbose_name=_("employing entity"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200,
                            help_text=_("As written in a decision, e.g. “het college van "
                                        "burgemeester en schepenen”."))
    on_behalf = models.CharField(
        _("“on behalf of” line"), max_length=200, blank=True,
        help_text=_("Printed above the signatures, e.g. “Namens het college”; empty when the "
                    "body signs in its own name (the algemeen directeur)."),
    )
    grade = models.CharField(
        _("grade of the holder"), max_length=20, choices=Grade.choices, blank=True,
        help_text=_("For a staff member (algemeen directeur, delegate): art. 201 DLB allows "
                    "delegation only to a staff member of at least equal grade."),
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["employer", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "name"], name="unique_body_per_employer")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employer})"

    def signature_block(self) -> SignatureBlock:
        return SignatureBlock(
            on_behalf=self.on_behalf,
            signatories=[(s.name, s.capacity) for s in self.signatories.all()],
        )


class Signatory(models.Model):
    """A named person who signs the acts of a body, in a given capacity and order (a college
    decision: the algemeen directeur first, then the burgemeester)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="signatories",
                             verbose_name=_("body"))
    name = models.CharField(_("name"), max_length=200)
    capacity = models.CharField(_("capacity"), max_length=100,
                                help_text=_("e.g. “algemeen directeur”, “burgemeester”."))
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["body", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "order"], name="one_signatory_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.capacity}"
