"""Who may decide what, and which sanctions a regime knows: both read from the rulebook.

A decision names its body (a row of the employee's employing entity). The body is competent when
the competence rule in force gives its kind, or, where the rule allows delegation, when it is a
staff member of at least the employee's grade (art. 201 DLB).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from incidents.models import Body, grade_at_least
from workflows.legal_sources import source_in_language
from workflows.models import Case, CompetenceRule, SanctionRule

NO_COMPETENCE_RULE = _(
    "The rulebook does not say who decides this (%(regime)s). Ask the legal service to add the "
    "competence rule."
)
BODY_REQUIRED = _("Choose the deciding body.")
BODY_NOT_COMPETENT = _(
    "%(body)s is not competent for this decision: %(competent)s decides (%(source)s)%(flag)s."
)
DELEGATION_NOTE = _(", or a staff member of at least the employee's grade holding a delegation")
FLAG_NOTE = _(" — rule to be confirmed by the legal service")
SANCTION_NOT_IN_CATALOGUE = _(
    "The sanction “%(sanction)s” is not in the catalogue of this regime (rulebook)."
)

# The OCMW's council and standing bureau hold for the OCMW the powers that the municipal council
# and the college hold for the municipality (Decreet Lokaal Bestuur, Titel 2 and 3).
COUNTERPARTS = {
    Body.Kind.COUNCIL: {Body.Kind.COUNCIL, Body.Kind.WELFARE_COUNCIL},
    Body.Kind.COLLEGE: {Body.Kind.COLLEGE, Body.Kind.STANDING_BUREAU},
}


def competence_rule(*, case: Case, decision: str, on: date) -> CompetenceRule:
    """The rule in force for `decision` (a sanction code first, then its step), most specific grade
    first."""
    grade = case.employee.grade
    for code in dict.fromkeys([decision, _step_of(decision)]):
        for wanted_grade in dict.fromkeys([grade, ""]):
            rule = CompetenceRule.objects.in_force(on, regime=case.regime, decision=code,
                                                    grade=wanted_grade)
            if rule is not None:
                return rule
    raise ValidationError(NO_COMPETENCE_RULE % {"regime": case.get_regime_display()})


def _step_of(decision: str) -> str:
    if decision in CompetenceRule.Decision.values:
        return decision
    return CompetenceRule.Decision.SANCTION


def competent_bodies(*, case: Case, decisions: list[str], on: date) -> QuerySet:
    """The bodies of the employee's employing entity competent for any of `decisions`."""
    ids = [body.pk for body in competent_body_list(case=case, decisions=decisions, on=on)]
    return Body.objects.filter(pk__in=ids).select_related("employer")


def competent_body_list(*, case: Case, decisions: list[str], on: date) -> list[Body]:
    """`competent_bodies` as the rows already read, in the bodies' order (the case page)."""
    bodies = list(Body.objects.filter(employer_id=case.employee.employer_id).select_related(
        "employer"))
    rules = [competence_rule(case=case, decision=decision, on=on) for decision in decisions]
    return [body for body in bodies
            if any(_competent(body, rule, case.employee.grade) for rule in rules)]


def _competent(body: Body, rule: CompetenceRule, grade: str) -> bool:
    if body.kind in COUNTERPARTS.get(rule.body_kind, {rule.body_kind}):
        return True
    # Art. 201 DLB: delegation only to a staff member of at least equal grade (a grade that is
    # unknown cannot be compared, so no delegate qualifies).
    return (rule.delegable and body.kind == Body.Kind.DELEGATE and bool(grade)
            and grade_at_least(body.grade, grade))


def check_competence(*, case: Case, body: Body | None, decision: str, on: date) -> CompetenceRule:
    """Refuse a body that may not take `decision` in this case; return the rule that allowed it."""
    if body is None:
        raise ValidationError({"body": BODY_REQUIRED})
    rule = competence_rule(case=case, decision=decision, on=on)
    if body.employer_id != case.employee.employer_id or not _competent(
            body, rule, case.employee.grade):
        competent = str(Body.Kind(rule.body_kind).label)
        if rule.delegable:
            competent += str(DELEGATION_NOTE)
        raise ValidationError({"body": BODY_NOT_COMPETENT % {
            "body": body, "competent": competent, "source": source_in_language(rule.legal_source),
            "flag": FLAG_NOTE if rule.to_be_confirmed else ""}})
    return rule


def sanction_catalogue(*, regime: str, on: date) -> list[SanctionRule]:
    """The sanctions of a regime on a date: the latest version of each entry, if still in it."""
    latest = {}
    rules = SanctionRule.objects.filter(regime=regime, effective_from__lte=on).order_by(
        "sanction", "-effective_from", "-version")
    for rule in rules:
        latest.setdefault(rule.sanction, rule)
    return [rule for rule in latest.values() if rule.in_catalogue]


def catalogue_codes(*, regime: str, on: date) -> list[str]:
    return [rule.sanction for rule in sanction_catalogue(regime=regime, on=on)]


def check_in_catalogue(*, case: Case, sanction: str, on: date) -> SanctionRule:
    from workflows.models import Sanction

    for rule in sanction_catalogue(regime=case.regime, on=on):
        if rule.sanction == sanction:
            return rule
    label = Sanction(sanction).label if sanction in Sanction.values else sanction
    raise ValidationError({"sanction": SANCTION_NOT_IN_CATALOGUE % {"sanction": label}})

