"""The consistency panel reads how comparable cases ended from its group's release instead of
counting them (issue #17). Every group with closed cases gets the figures its panel showed until
now: the same cut-off (the stored one, or whole steps from the group's first closed case, moved by
whole steps closed since), with the same rules as a release (statistics/consistency.py)."""

from collections import defaultdict
from types import SimpleNamespace

from django.db import migrations, models


def _closed_by_group(apps) -> dict[str, list[tuple]]:
    """(outcome, last sanction, closed at) of the closed cases per comparison group, in the order
    they closed, as `comparable_cases` lists them."""
    from workflows.statistics.consistency import OLDEST, comparison_group

    Case = apps.get_model("workflows", "Case")
    Decision = apps.get_model("workflows", "Decision")
    closed = Case.objects.filter(state="closed").exclude(track="triage")
    provisions = defaultdict(list)
    for case_id, provision_id in Case.provisions.through.objects.filter(
            case__in=closed).values_list("case_id", "provision_id"):
        provisions[case_id].append(provision_id)
    sanctions = dict(Decision.objects.filter(case__in=closed).exclude(sanction="").order_by(
        "case_id", "decided_on", "id").values_list("case_id", "sanction"))  # the last one wins
    groups = defaultdict(list)
    for pk, track, regime, seriousness, outcome, closed_at in closed.values_list(
            "pk", "track", "regime", "seriousness", "outcome", "closed_at"):
        case = SimpleNamespace(track=track, regime=regime, seriousness=seriousness)
        groups[comparison_group(case, provisions[pk])].append(
            (closed_at or OLDEST, pk, (outcome, sanctions.get(pk, ""), closed_at)))
    return {group: [row for _at, _pk, row in sorted(rows, key=lambda r: r[:2])]
            for group, rows in groups.items()}


def count_published_outcomes(apps, schema_editor):
    from workflows.statistics.consistency import counted_outcomes, published_until
    from workflows.statistics.protection import threshold

    ComparisonRelease = apps.get_model("workflows", "ComparisonRelease")
    stored = dict(ComparisonRelease.objects.values_list("group", "counted_until"))
    for group, closed in _closed_by_group(apps).items():
        until = published_until(closed, stored.get(group), threshold())
        if until is not None:
            ComparisonRelease.objects.update_or_create(group=group, defaults={
                "counted_until": until, "outcomes": counted_outcomes(closed, until)})


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0025_notification_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='comparisonrelease',
            name='outcomes',
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(count_published_outcomes, migrations.RunPython.noop),
    ]
