from django.utils.functional import cached_property

from core import roles as role_defs
from core.second_factor.rules import session_needs_second_factor
from workflows.todo import shown_count, todo_counts


def roles(request):
    """Tell templates which role menus to show; the views still check every right themselves."""
    names = role_defs.user_roles(request.user) if hasattr(request, "user") else set()
    if names and session_needs_second_factor(request):
        names = set()  # no menu leads anywhere before the second factor is given
    return {
        "is_manager": role_defs.REPORTING_MANAGERS in names,
        "is_hr": bool(names & {role_defs.HR, role_defs.HR_LEADS}),
        "is_hr_lead": role_defs.HR_LEADS in names,
        "is_legal": role_defs.LEGAL in names,
        "is_decider": role_defs.DECIDING_AUTHORITY in names,
    }


class TodoSummary:
    """The header's "to do" counter, counted on first use (one query) and kept for the page."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def counts(self):
        return todo_counts(self.user, role_defs.user_roles(self.user))

    @cached_property
    def lists(self):
        """Each list with its count as shown ("99+" beyond the bound)."""
        return [(entry, shown_count(count)) for entry, count in self.counts]

    @cached_property
    def total(self) -> str:
        return shown_count(sum(count for _entry, count in self.counts))


def todo(request):
    """`todo` only once the user may open pages: nothing is counted or linked before the second
    factor is given."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or session_needs_second_factor(request):
        return {}
    return {"todo": TodoSummary(user)}
