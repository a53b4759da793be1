"""A case already on hold pending a criminal case: its running deadlines are on hold from the
hold's start (issue #12), as `case_hold_start` now marks them, so that none shows as overdue."""

from django.db import migrations

# The preventive suspension's own maximum runs on during a criminal investigation (art. 209 DLB).
NOT_SUSPENDED = {"preventive_suspension_max"}


def put_on_hold(apps, schema_editor):
    CaseHold = apps.get_model("defence", "CaseHold")
    CaseDeadline = apps.get_model("workflows", "CaseDeadline")
    for hold in CaseHold.objects.filter(ends_on__isnull=True):
        CaseDeadline.objects.filter(
            case_id=hold.case_id, status="running", due_date__gte=hold.starts_on,
        ).exclude(code__in=NOT_SUSPENDED).update(on_hold_since=hold.starts_on)


def release(apps, schema_editor):
    apps.get_model("workflows", "CaseDeadline").objects.update(on_hold_since=None)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0012_deadline_on_hold_since"),
        ("defence", "0001_case_attachments_defence_record"),
    ]
    operations = [migrations.RunPython(put_on_hold, release)]
