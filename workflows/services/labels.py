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
    "suspension_imposed": _("Preventive suspension imposed"),
    "addendum_added": _("Addendum added to the report"),
    "restricted": _("Access restricted"),
    "exclusion_added": _("Person excluded from the case"),
    "document_issued": _("Document issued"),
    "document_sent": _("Document marked as sent"),
    "document_superseded": _("Document superseded"),
    "document_approved": _("Document legally approved"),
    "document_signed_copy_added": _("Signed copy of a document added"),
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
