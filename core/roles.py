"""The roles of the application, as Django groups, and the permissions each role holds.

A role gives model-level permissions only where the right does not depend on the case (reporting an
incident, taking a report in triage, changing the rulebook). Rights on one case (handling it,
deciding it, reviewing it) are granted per case.
"""

from django.utils.translation import gettext_lazy as _

REPORTING_MANAGERS = "reporting_managers"
HR = "hr"
HR_LEADS = "hr_leads"
LEGAL = "legal"
DECIDING_AUTHORITY = "deciding_authority"
MANAGEMENT = "management"

ROLE_LABELS = {
    REPORTING_MANAGERS: _("Reporting manager"),
    HR: _("HR officer"),
    HR_LEADS: _("HR lead"),
    LEGAL: _("Legal reviewer"),
    DECIDING_AUTHORITY: _("Deciding authority"),
    MANAGEMENT: _("Management (statistics)"),
}

# The roles whose members can open case files: they log in with a second factor (issue #18).
CASE_ROLES = (HR, HR_LEADS, LEGAL, DECIDING_AUTHORITY)

# app_label.codename for each group; created by core.apps on every migrate (idempotent).
ROLE_PERMISSIONS = {
    REPORTING_MANAGERS: ["incidents.add_incident"],
    HR: ["workflows.triage_case", "incidents.view_employee"],
    HR_LEADS: [
        "workflows.triage_case",
        "workflows.assign_case",
        "workflows.view_all_cases",
        "workflows.view_access_log",
        "workflows.override_deadline",
        "workflows.view_statistics",
        "workflows.add_deadlinerule",
        "workflows.change_deadlinerule",
        "workflows.view_deadlinerule",
        "workflows.view_rulebook",
        "workflows.confirm_rule",
        "incidents.view_employee",
        "incidents.add_employee",
        "incidents.change_employee",
        "incidents.view_employer",
        "incidents.add_employer",
        "incidents.change_employer",
        "incidents.view_body",
        "incidents.add_body",
        "incidents.change_body",
        "incidents.view_signatory",
        "incidents.add_signatory",
        "incidents.change_signatory",
        "incidents.delete_signatory",
        "workflows.view_sanctionrule",
        "workflows.view_competencerule",
        "workflows.view_rulechange",
        "retention.export_subject_data",
        "retention.set_legal_hold",
        "retention.add_retentionpolicy",
        "retention.change_retentionpolicy",
        "retention.view_retentionpolicy",
        "retention.view_retentionlog",
        "retention.view_subjectaccessexport",
    ],
    LEGAL: ["workflows.view_access_log", "retention.set_legal_hold", "workflows.view_rulebook",
            "workflows.confirm_rule"],
    DECIDING_AUTHORITY: [],
    MANAGEMENT: ["workflows.view_statistics"],
}

# Granted on one case (django-guardian object permissions) by the assignment services.
HANDLER_CASE_PERMISSIONS = ["view_case", "handle_case"]
REVIEWER_CASE_PERMISSIONS = ["view_case", "review_case"]
DECIDER_CASE_PERMISSIONS = ["view_case", "decide_case"]


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


# The roles that work on cases: they open the case list and the deadlines of the cases they may
# see. A reporting manager follows their own reports under "My reports" instead.
CASE_ROLES = (HR, HR_LEADS, LEGAL, DECIDING_AUTHORITY)


def works_on_cases(user) -> bool:
    return has_role(user, *CASE_ROLES)
