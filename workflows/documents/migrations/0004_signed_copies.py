
import django.db.models.deletion
import django.utils.timezone
import workflows.documents.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_issued_document_delivery'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SignedCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=workflows.documents.models.signed_copy_path, verbose_name='file')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveIntegerField(verbose_name='size in bytes')),
                ('signatures', models.JSONField(default=list, verbose_name='signatures')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signed_copies', to='documents.issueddocument', verbose_name='document')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'signed copy',
                'verbose_name_plural': 'signed copies',
                'ordering': ['document', 'uploaded_at', 'id'],
            },
        ),
    ]
