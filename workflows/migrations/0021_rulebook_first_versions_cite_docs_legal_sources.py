"""The first versions of the rulebook (0002_rulebook) gave as their reason a note that is not part of
the repository; the rulebook page shows that reason. They now name docs/legal-sources.md, which
holds the same table."""

from django.db import migrations

OLD = "Eerste versie, uit legal-rules.md (november 2026)"
NEW = "Eerste versie, uit docs/legal-sources.md (november 2026)"


def cite(old, new):
    def run(apps, schema_editor):
        apps.get_model("workflows", "DeadlineRule").objects.filter(change_reason=old).update(
            change_reason=new)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("workflows", "0020_remedy_change_reason_and_author"),
    ]

    operations = [
        migrations.RunPython(cite(OLD, NEW), cite(NEW, OLD)),
    ]
