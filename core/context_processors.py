from core import roles as role_defs
from core.second_factor.rules import session_needs_second_factor


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
