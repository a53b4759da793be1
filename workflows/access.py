"""Granting and revoking rights on one case, checking them once per page, and logging every look
at a case file."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from guardian.backends import ObjectPermissionBackend
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, remove_perm

from core.roles import works_on_cases
from workflows.models import AccessLog, Case

CASE_LIST_REFUSED = _("The case list and the deadlines are for HR, legal and the deciding "
                      "authority; follow your own reports under “My reports”.")


def require_case_role(user) -> None:
    """The case list, the deadlines and their exports: a 403 that says where to go, rather than
    an empty list to someone whose role never lists cases (a reporting manager)."""
    if not works_on_cases(user):
        raise PermissionDenied(CASE_LIST_REFUSED)


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


_page_checker: ContextVar[ObjectPermissionChecker | None] = ContextVar("page_checker", default=None)


@contextmanager
def permissions_read_once(user, cases):
    """While a page is built, every `user.has_perm(..., case)` is answered from one checker that
    read the user's rights on `cases` in two queries (the case page asked 12 times). Only for
    reading: a service that grants a right in the same request must not see a stale answer, so
    the scope ends with the page."""
    checker = ObjectPermissionChecker(user)
    checker.prefetch_perms(list(cases))
    token = _page_checker.set(checker)
    try:
        yield checker
    finally:
        _page_checker.reset(token)


class PagePermissionBackend(ObjectPermissionBackend):
    """guardian's backend, answering from the page's checker when one is open for this user."""

    def has_perm(self, user_obj, perm, obj=None):
        checker = _page_checker.get()
        if checker is None or obj is None or checker.user is None or (
                getattr(user_obj, "pk", None) != checker.user.pk):
            return super().has_perm(user_obj, perm, obj)
        if not user_obj.is_active:
            return False
        return checker.has_perm(perm, obj)
