
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_legal_approval'),
    ]

    operations = [
        migrations.AddField(
            model_name='issueddocument',
            name='delivery',
            field=models.CharField(blank=True, choices=[('registered_letter', 'Registered letter'), ('bailiff', "Bailiff's writ"), ('hand_delivered', 'Handed over against receipt'), ('ordinary_mail', 'Ordinary mail')], max_length=30, verbose_name='delivery'),
        ),
    ]
