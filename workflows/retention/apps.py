from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "workflows.retention"
    label = "retention"
    verbose_name = _("Retention and privacy")
    default_auto_field = "django.db.models.BigAutoField"
