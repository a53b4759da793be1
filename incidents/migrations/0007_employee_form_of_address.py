
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0006_every_employee_has_an_employer'),
    ]

    operations = [
        migrations.AddField(
            model_name='employee',
            name='form_of_address',
            field=models.CharField(blank=True, choices=[('mevrouw', 'Ms (mevrouw)'), ('heer', 'Mr (heer)')], help_text='Used in letters: “Geachte mevrouw Peeters”. Leave empty if unknown.', max_length=10, verbose_name='form of address'),
        ),
    ]
