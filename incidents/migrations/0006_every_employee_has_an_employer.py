# Separate from 0005: PostgreSQL refuses to alter a table with rows updated in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0005_employing_entities_bodies_signatories'),
    ]

    operations = [
        migrations.AlterField(
            model_name='employee',
            name='employer',
            field=models.ForeignKey(blank=True, help_text="Left empty, the first entity of the department's kind.", on_delete=django.db.models.deletion.PROTECT, related_name='employees', to='incidents.employer', verbose_name='employing entity'),
        ),
    ]
