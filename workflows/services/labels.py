from django.utils.translation import gettext_lazy as _

# Labels of case events that are not transitions (transitions carry their own label).
EVENT_LABELS = {
    "opened": _("Case opened from the submitted report"),
    "handler_assigned": _("HR handler assigned"),
    "co_handler_added": _("Co-handler added"),
    "co_handler_removed": _("Co-handler removed"),
    "reviewer_requested": _("Legal review requested"),
    "opinion_filed": _("Legal opinion filed"),
    "requalified": _("Facts re-qualified"),
    "deadline_started": _("Deadline started"),
    "deadline_recomputed": _("Deadline recomputed"),
    "deadline_overridden": _("Deadline override recorded"),
    "deadline_proceed_late": _("Step allowed although late"),
    "deadline_start_corrected": _("Starting date of a deadline corrected"),
    "suspension_ended": _("Preventive suspension ended"),
    "suspension_imposed": _("Preventive suspension imposed"),
    "suspension_lapsed": _("Preventive suspension lapsed at the end of its term"),
    "suspension_extended": _("Preventive suspension extended"),
    "addendum_added": _("Addendum added to the report"),
    "restricted": _("Access restricted"),
    "exclusion_added": _("Person excluded from the case"),
    "document_issued": _("Document issued"),
    "document_sent": _("Document marked as sent"),
    "document_superseded": _("Document superseded"),
    "document_approved": _("Document legally approved"),
    "document_signed_copy_added": _("Signed copy of a document added"),
    "content_sealed": _("Content sealed in the history"),
    "employee_link_changed": _("Staff register: user account of the employee changed"),
    "attachment_added": _("Document added to the case file"),
    "inspection_recorded": _("Inspection of the file recorded"),
    "counsel_recorded": _("Counsel recorded"),
    "prior_sanction_entered": _("Prior sanction entered for the record"),
    "criminal_proceeding_recorded": _("Criminal proceedings recorded"),
    "criminal_proceeding_ended": _("End of the criminal proceedings recorded"),
    "hold_started": _("Procedure put on hold pending the criminal case"),
    "hold_ended": _("Procedure resumed"),
    "dismissal_checklist_created": _("Checklist after the dismissal made"),
    "dismissal_task_done": _("Task after the dismissal done"),
}


def event_label(kind: str) -> str:
    """The translated label of an event kind: a transition's own label, or one of the above."""
    from workflows.models import Case

    method = getattr(Case, kind, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is not None:
        return str(next(iter(meta.transitions.values())).custom["label"])
    label = EVENT_LABELS.get(kind)
    return str(label) if label else ""
