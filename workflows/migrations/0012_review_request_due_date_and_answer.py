import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from workflows.deadlines import add_working_days


def give_existing_requests_a_due_date(apps, schema_editor):
    """A request made before due dates existed is due the default number of working days after
    it was made; an answered one is linked to the first opinion its reviewer filed after it."""
    ReviewRequest = apps.get_model("workflows", "ReviewRequest")
    LegalOpinion = apps.get_model("workflows", "LegalOpinion")
    for request in ReviewRequest.objects.filter(due_date__isnull=True):
        request.due_date = add_working_days(timezone.localdate(request.requested_at),
                                            settings.REVIEW_DUE_WORKING_DAYS)
        if request.answered_at:
            request.answer = LegalOpinion.objects.filter(
                case=request.case_id, author=request.reviewer_id,
                filed_at__gte=request.requested_at).order_by("filed_at").first()
        request.save(update_fields=["due_date", "answer"])


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0011_merge_competence_and_documents'),
    ]

    operations = [
        migrations.AddField(
            model_name='reviewrequest',
            name='answer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='answered_requests', to='workflows.legalopinion', verbose_name='answer'),
        ),
        migrations.AddField(
            model_name='reviewrequest',
            name='due_date',
            field=models.DateField(null=True, verbose_name='answer wanted by'),
        ),
        migrations.RunPython(give_existing_requests_a_due_date, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='reviewrequest',
            name='due_date',
            field=models.DateField(verbose_name='answer wanted by'),
        ),
    ]
