"""Who writes and signs a case's documents: the one place that gives their letterhead and their
signature block.

Each employing entity (municipality, OCMW, school) writes on its own letterhead and signs through
its own bodies (incidents.models.employers). A decision is signed by named persons in their
capacity, never by a body's name alone: a college decision "Namens het college" by the algemeen
directeur and the burgemeester, in that order; the algemeen directeur's own decision by
"[naam], algemeen directeur"; a school's governing body by its signatories.
"""

from incidents.models import Body, Employer, SignatureBlock
from workflows.documents.pdf import organisation
from workflows.models import Case

# Letters that are not a decision (a convocation, a closing letter) are signed for the
# administration: by the algemeen directeur, or for a school by its governing body.
ADMINISTRATION_BODIES = (Body.Kind.GENERAL_DIRECTOR, Body.Kind.GOVERNING_BODY)
# The kinds of body a recorded authority text names, for decisions recorded before bodies existed.
AUTHORITY_WORDS = (
    ("vast bureau", Body.Kind.STANDING_BUREAU),
    ("college", Body.Kind.COLLEGE),
    ("algemeen directeur", Body.Kind.GENERAL_DIRECTOR),
    ("schoolbestuur", Body.Kind.GOVERNING_BODY),
)
UNSIGNED = "[ondertekenaar met naam ontbreekt]"


def employer_of(case: Case) -> Employer | None:
    return case.incident.employee.employer


def letterhead(case: Case) -> dict:
    """The employing entity's logo, name, address, contact and place of file inspection, as set
    in the admin; what it leaves empty comes from settings.ORGANISATION (docs/documents.md)."""
    org = organisation()
    employer = employer_of(case)
    if employer is None:
        return org
    contact = " · ".join(part for part in (employer.phone, employer.email, employer.website)
                         if part)
    return {**org, "name": employer.name, "address": employer.address or org["address"],
            "place": employer.place or org["place"], "contact": contact or org["contact"],
            "logo": employer.logo.path if employer.logo else org["logo"],
            "inspection": employer.inspection or org["inspection"]}


def _body_for_authority(employer: Employer | None, authority: str) -> Body | None:
    if employer is None:
        return None
    bodies = list(employer.bodies.prefetch_related("signatories"))
    wanted = (authority or "").strip().lower()
    for body in bodies:
        if body.name.lower() == wanted or wanted.endswith(body.name.lower()):
            return body
    for word, kind in AUTHORITY_WORDS:
        if word in wanted:
            return next((body for body in bodies if body.kind == kind), None)
    if not wanted:
        return next((body for kind in ADMINISTRATION_BODIES for body in bodies
                     if body.kind == kind), None)
    return None


def signature_block(case: Case, decision=None) -> SignatureBlock:
    """The "Namens …" line and the named signatories of a document: those of the decision's body,
    or of the administration for a letter that is not a decision."""
    if decision is not None and decision.body_id is not None:
        block = decision.signature_block()
    else:
        authority = decision.authority if decision is not None else ""
        body = _body_for_authority(employer_of(case), authority)
        block = body.signature_block() if body is not None else SignatureBlock()
    if not any(name for name, _capacity in block.signatories):
        return SignatureBlock(on_behalf=block.on_behalf, signatories=[
            (UNSIGNED, decision.authority if decision is not None else "")])
    return block


def is_unsigned(block: SignatureBlock) -> bool:
    return any(not name or name == UNSIGNED for name, _capacity in block.signatories)
