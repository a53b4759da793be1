"""Granting and revoking rights on one case, and logging every look at a case file."""

from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, remove_perm

from workflows.models import AccessLog, Case


def grant_case_permissions(*, case: Case, who, codenames: list[str]) -> None:
    for codename in codenames:
        assign_perm(f"workflows.{codename}", who, case)


def revoke_case_permissions(*, case: Case, who, codenames: list[str]) -> None:
    for codename in codenames:
        remove_perm(f"workflows.{codename}", who, case)


def grant_group_case_permissions(*, case: Case, group_name: str, codenames: list[str]) -> None:
    group, _created = Group.objects.get_or_create(name=group_name)
    grant_case_permissions(case=case, who=group, codenames=codenames)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def log_access(*, request, case: Case | None, action: str, target: str = "") -> AccessLog:
    return AccessLog.objects.create(
        user=request.user, case=case, action=action, target=target[:300], ip_address=client_ip(request)
    )
