from django.db import migrations, models


def forget_counts(apps, schema_editor):
    """The counts kept so far hold durations as quartiles, not histograms, and were never
    published in steps: count every year again (refresh_statistics, or the page itself)."""
    apps.get_model("workflows", "StatisticsSnapshot").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0019_consistency_panel_release'),
    ]

    operations = [
        migrations.AddField(
            model_name='statisticssnapshot',
            name='release',
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
    ]
