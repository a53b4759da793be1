"""The case's history: append-only events, each chained to the previous one by a SHA-256 hash."""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.states import CaseState


class HistoryIsAppendOnly(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsAppendOnly("Case history cannot be changed.")

    def delete(self):
        raise HistoryIsAppendOnly("Case history cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Rows are written once; the ORM refuses to update or delete them."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise HistoryIsAppendOnly(f"{self._meta.verbose_name} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsAppendOnly(f"{self._meta.verbose_name} cannot be deleted.")


class CaseEvent(AppendOnlyModel):
    case = models.ForeignKey("workflows.Case", on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField(_("number"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    kind = models.CharField(_("step"), max_length=60)
    label = models.CharField(_("description"), max_length=200)
    from_state = models.CharField(_("from"), max_length=40, blank=True, choices=CaseState.choices)
    to_state = models.CharField(_("to"), max_length=40, blank=True, choices=CaseState.choices)
    note = models.TextField(_("reason or note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="one_event_per_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.sequence} {self.kind}"

    @property
    def display_label(self) -> str:
        """The label in the reader's language; the stored label (part of the hash) is kept as
        it was written."""
        from workflows.services.labels import event_label

        return event_label(self.kind) or self.label

    def compute_hash(self) -> str:
        return chain_hash(self)


def chain_hash(event) -> str:
    """The SHA-256 of one event and the hash of the one before it. A function of its own so that
    data migrations (which only see historical models) chain events exactly like the app does."""
    content = {
        "case": event.case_id,
        "sequence": event.sequence,
        "actor": event.actor_id,
        "created_at": event.created_at.isoformat(),
        "kind": event.kind,
        "label": event.label,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "payload": event.payload,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
