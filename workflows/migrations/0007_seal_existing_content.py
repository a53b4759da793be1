"""Seal the content of the cases that existed before content sealing (see workflows/sealing.py).

Each existing case gets one `content_sealed` event, chained after its last event, that records the
field hashes of its report, people, evidence, addenda, review requests, opinions, hearings,
decisions, notifications, appeals, suspensions and issued documents as they stand now. Tampering
before this migration cannot be detected by it; every change after it is.
"""

from django.db import migrations
from django.utils import timezone

from workflows.models.events import chain_hash
from workflows.sealing import pending_seals

LABEL = "Content sealed in the history"


def seal_existing(apps, schema_editor):
    Case = apps.get_model("workflows", "Case")
    CaseEvent = apps.get_model("workflows", "CaseEvent")
    for case in Case.objects.order_by("pk").iterator():
        events = CaseEvent.objects.filter(case=case).order_by("sequence")
        last = events.last()
        seals = pending_seals(case.pk, events.values_list("payload", flat=True), apps)
        if last is None or not seals:
            continue
        event = CaseEvent(case=case, sequence=last.sequence + 1, actor=None,
                          created_at=timezone.now(), kind="content_sealed", label=LABEL,
                          payload={"sealed": seals}, previous_hash=last.hash)
        event.hash = chain_hash(event)
        event.save()


class Migration(migrations.Migration):
    # Last of every app whose rows it seals, so that it seals them as the schema now has them.
    dependencies = [
        ("workflows", "0006_merge_deadlines_and_statistics"),
        ("incidents", "0007_draft_uploads"),
        ("documents", "0002_legal_approval"),
        ("defence", "0001_case_attachments_defence_record"),
    ]
    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
