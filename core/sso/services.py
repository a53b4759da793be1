"""Accounts made and roles set by a single sign-on; every other role change stays in the app."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

logger = logging.getLogger(__name__)


def claim_values(claims: dict, name: str) -> set[str]:
    value = claims.get(name)
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(item) for item in value}
    return {str(value)}


@transaction.atomic
def sso_user_create(*, claims: dict, username: str):
    """A first login makes an account without any right: no group, no permission, no staff
    status, no usable password. HR gives the roles (or the role map does, see below)."""
    user = get_user_model()(
        username=username,
        email=claims.get("email", "") or "",
        first_name=(claims.get("given_name") or "")[:150],
        last_name=(claims.get("family_name") or "")[:150],
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    logger.info("Single sign-on created the account %s without any role.", username)
    return user


@transaction.atomic
def sso_roles_apply(*, user, claims: dict) -> None:
    """With a role map (OIDC_GROUPS_CLAIM and OIDC_ROLE_MAP), the roles it names follow the
    provider at each login: given when a mapped value is in the claim, taken away when none is.
    Roles the map does not name are never touched, so they stay assignable in the app."""
    role_map = settings.OIDC_ROLE_MAP
    if not (settings.OIDC_GROUPS_CLAIM and role_map):
        return
    sent = claim_values(claims, settings.OIDC_GROUPS_CLAIM)
    wanted = {role for value, role in role_map.items() if value in sent}
    governed = Group.objects.filter(name__in=set(role_map.values()))
    held = set(user.groups.filter(pk__in=governed).values_list("name", flat=True))
    if held == wanted:
        return
    user.groups.remove(*[group for group in governed if group.name not in wanted])
    user.groups.add(*[group for group in governed if group.name in wanted])
    logger.info("Single sign-on set the roles of %s to %s.", user.get_username(),
                ", ".join(sorted(wanted)) or "none")
