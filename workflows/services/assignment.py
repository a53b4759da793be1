"""Who works on a case and how HR qualifies it: handler, co-handlers, restriction, exclusions,
re-qualification. Each change grants or
revokes the object permissions in the same transaction and writes a case event."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import roles
from incidents.models import PROVISION_REQUIRED
from workflows.access import grant_case_permissions, revoke_case_permissions
from workflows.events import record_event
from workflows.models import Case, CaseExclusion, CaseUserObjectPermission
from workflows.services.labels import EVENT_LABELS

ONLY_LEADS = _("Only an HR lead can change who works on a case.")
NOT_HR = _("%(user)s is not an HR officer.")
SUBJECT_OF_CASE = _("%(user)s is the employee concerned and can never work on this case.")
EXCLUDED = _("%(user)s is excluded from this case.")
REASON_REQUIRED = _("Give the reason.")
CANNOT_EXCLUDE_HANDLER = _("Assign another handler before excluding the current one.")
NOT_HANDLER = _("Only a handler of this case can re-qualify the facts.")
CASE_CLOSED = _("The case is closed.")
NOT_A_CO_HANDLER = _("%(user)s is not a co-handler of this case.")


def _check_lead(actor) -> None:
    if not actor.has_perm("workflows.assign_case"):
        raise PermissionDenied(ONLY_LEADS)


def _check_eligible(case: Case, user) -> None:
    name = user.get_full_name() or user.get_username()
    if not user.groups.filter(name__in=[roles.HR, roles.HR_LEADS]).exists():
        raise ValidationError(NOT_HR % {"user": name})
    if case.incident.employee.user_id == user.pk:
        raise ValidationError(SUBJECT_OF_CASE % {"user": name})
    if case.exclusions.filter(user=user).exists():
        raise ValidationError(EXCLUDED % {"user": name})


def co_handlers(case: Case) -> list:
    user_ids = CaseUserObjectPermission.objects.filter(
        content_object=case, permission__codename="handle_case"
    ).exclude(user_id=case.handler_id).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids).order_by("username"))


@transaction.atomic
def case_assign_handler(*, case: Case, handler, actor, note: str = "") -> Case:
    """Make `handler` the HR handler: they get the case's rights, the previous handler loses them."""
    _check_lead(actor)
    _check_eligible(case, handler)
    previous = case.handler
    if previous is not None and previous != handler:
        revoke_case_permissions(case=case, who=previous, codenames=roles.HANDLER_CASE_PERMISSIONS)
    grant_case_permissions(case=case, who=handler, codenames=roles.HANDLER_CASE_PERMISSIONS)
    Case.objects.filter(pk=case.pk).update(handler=handler)
    case.handler = handler
    record_event(case=case, actor=actor, kind="handler_assigned",
                 label=EVENT_LABELS["handler_assigned"], note=note,
                 payload={"handler": handler.get_username(),
                          "previous": previous.get_username() if previous else ""})
    return case


@transaction.atomic
def cases_assign_handler(*, cases, handler, actor, note: str = "") -> list[Case]:
    """Assign several triage cases at once: all of them, or (on any refusal) none."""
    return [case_assign_handler(case=case, handler=handler, actor=actor, note=note)
            for case in cases]


@transaction.atomic
def case_add_co_handler(*, case: Case, user, actor) -> None:
    _check_lead(actor)
    _check_eligible(case, user)
    grant_case_permissions(case=case, who=user, codenames=roles.HANDLER_CASE_PERMISSIONS)
    record_event(case=case, actor=actor, kind="co_handler_added",
                 label=EVENT_LABELS["co_handler_added"], payload={"user": user.get_username()})


@transaction.atomic
def case_remove_co_handler(*, case: Case, user, actor) -> None:
    _check_lead(actor)
    if user not in co_handlers(case):
        raise ValidationError({"user": NOT_A_CO_HANDLER % {
            "user": user.get_full_name() or user.get_username()}})
    revoke_case_permissions(case=case, who=user, codenames=roles.HANDLER_CASE_PERMISSIONS)
    record_event(case=case, actor=actor, kind="co_handler_removed",
                 label=EVENT_LABELS["co_handler_removed"], payload={"user": user.get_username()})


@transaction.atomic
def case_set_restricted(*, case: Case, restricted: bool, actor, reason: str) -> Case:
    """A restricted case (e.g. about an HR colleague) is seen only by the people named on it; the
    HR lead who restricts it is named so that it does not disappear from their view."""
    _check_lead(actor)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    Case.objects.filter(pk=case.pk).update(restricted=restricted)
    case.restricted = restricted
    if restricted:
        grant_case_permissions(case=case, who=actor, codenames=["view_case"])
    record_event(case=case, actor=actor, kind="restricted", label=EVENT_LABELS["restricted"],
                 note=reason, payload={"restricted": restricted})
    return case


@transaction.atomic
def case_exclude_person(*, case: Case, user, actor, reason: str) -> CaseExclusion:
    """Exclude someone (e.g. a close colleague of the employee): every right on the case goes."""
    _check_lead(actor)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if case.handler_id == user.pk:
        raise ValidationError(CANNOT_EXCLUDE_HANDLER)
    exclusion, _created = CaseExclusion.objects.get_or_create(
        case=case, user=user, defaults={"reason": reason})
    revoke_case_permissions(case=case, who=user, codenames=[
        "view_case", "handle_case", "review_case", "decide_case"])
    record_event(case=case, actor=actor, kind="exclusion_added",
                 label=EVENT_LABELS["exclusion_added"], note=reason,
                 payload={"user": user.get_username()})
    return exclusion


@transaction.atomic
def case_requalify(*, case: Case, actor, provisions, seriousness: str, reason: str) -> Case:
    """HR re-qualifies the facts (the provisions breached, the seriousness); the report itself
    keeps what the manager wrote, and the event keeps both qualifications."""
    if not actor.has_perm("workflows.handle_case", case):
        raise PermissionDenied(NOT_HANDLER)
    if case.is_closed:
        raise ValidationError(CASE_CLOSED)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if not provisions:
        raise ValidationError({"provisions": PROVISION_REQUIRED})
    before = sorted(p.article + " " + p.text_nl for p in case.provisions.all())
    case.provisions.set(provisions)
    Case.objects.filter(pk=case.pk).update(seriousness=seriousness)
    case.seriousness = seriousness
    record_event(case=case, actor=actor, kind="requalified", label=EVENT_LABELS["requalified"],
                 note=reason, payload={
                     "before": before,
                     "after": sorted(p.article + " " + p.text_nl for p in provisions),
                     "seriousness": seriousness})
    return case
