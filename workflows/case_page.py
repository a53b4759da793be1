"""The layout of the case page: which sections it shows, in which order, and where the next steps
go. Kept apart from the views so that a new section is one entry here and one partial template."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.services.cases import transition_custom
from workflows.services.deadlines import rule_for

# The rows a section shows come from the case's relations, fetched once for the whole page and
# only when they hold any row: a section reading a new relation adds one line to
# CASE_PAGE_RELATIONS (workflows/selectors.py) and reads it through `case.<relation>.all()`.
# Anchor and title of each section, in page order (templates/workflows/case_detail.html).
CASE_SECTIONS = [
    ("overview", _("Overview")),
    ("facts", _("Facts and evidence")),
    ("procedure", _("Procedure")),
    ("proposal", _("Sanction proposal")),
    ("defence", _("Defence and record")),
    ("legal", _("Legal")),
    ("decide", _("Your decision")),
    ("documents", _("Documents")),
    ("access", _("Access")),
    ("timeline", _("Timeline")),
]


def case_layout(context: dict) -> dict:
    """What the page shows, from the case page context; a section with nothing in it is left out,
    so the page never shows an empty heading."""
    case = context["case"]
    may_suspend = context["may_decide"] and context["may_suspend"]
    shown = {
        "procedure": may_suspend or any(context[key] for key in (
            "hearings", "decisions", "notifications", "appeals", "suspensions")),
        "proposal": bool(context["proposals"]),
        # The deciding authority reads the facts, minutes and opinion before deciding.
        "decide": bool(context["step_forms"]) and context["may_decide"]
        and not context["may_handle"],
        "access": context["may_assign"] or context["may_read_access_log"] or case.restricted
        or bool(context["co_handlers"]),
    }
    running = [deadline for deadline in context["deadlines"] if deadline.is_running]
    return {
        "sections": [(anchor, title) for anchor, title in CASE_SECTIONS if shown.get(anchor, True)],
        "show_procedure": shown["procedure"],
        "show_access": shown["access"],
        "steps_after_facts": shown["decide"],
        "may_suspend": may_suspend,
        # A deadline on hold comes last: while the procedure waits, nothing is due.
        "next_deadline": min(running, key=lambda d: (d.is_on_hold, d.due_date), default=None),
        "help_anchor": help_anchor(context),
    }


def help_anchor(context: dict) -> str:
    """The part of the help page for what this reader does on this case."""
    if context["may_decide"] and not context["may_handle"]:
        return "authority"
    if context["may_review"] and not context["may_handle"]:
        return "legal"
    return {"dismissal": "hr-dismissal", "disciplinary": "hr-disciplinary"}.get(
        context["case"].track, "hr")


def recorded_values(form) -> list[tuple[str, str]]:
    """The answers of a valid step form as a person reads them: label and chosen option's text."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", []):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        rows.append((field.label, ", ".join(
            shown_value(one, choices) for one in (value if isinstance(value, list) else [value]))))
    return rows


def shown_value(value, choices: dict) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(choices.get(value, value))


def deadlines_started_by(case, custom: dict) -> list:
    """The rulebook entries (with their source) a decision starts, now or at its notification."""
    rules = []
    for code in custom.get("starts", []):
        try:
            rules.append(rule_for(case=case, code=code, on=timezone.localdate()))
        except ValidationError:
            continue  # no rule in force for this regime: nothing will start
    return rules


def decision_summary(case, name: str, form) -> dict:
    custom = transition_custom(name)
    return {
        "case": case, "step": name, "form": form, "label": custom["label"],
        "source": custom.get("source", ""), "consequence": custom.get("consequence", ""),
        "values": recorded_values(form),
        "running": [d for d in case.deadlines.select_related("rule") if d.is_running],
        "starts": deadlines_started_by(case, custom),
    }


def error_summary(bound) -> list[tuple[str, str]]:
    """The errors of the form that came back refused, as (anchor of its field, text), listed at
    the top of the case page: the form itself is far down a long page, on a phone screens away."""
    if not bound or not bound[1].errors:
        return []
    form = bound[1]
    first = next(iter(form.visible_fields()), None)  # where an error of the whole form links to
    summary = []
    for name, messages in form.errors.items():
        field = form[name] if name in form.fields else None
        label = f"{field.label}: " if field else ""
        summary += [(field_anchor(field or first), f"{label}{message}") for message in messages]
    return summary


def field_anchor(field) -> str:
    """The id a link can go to: the control itself, or the first box of a group of checkboxes."""
    if field is None:
        return ""
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
