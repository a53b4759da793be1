from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefenceConfig(AppConfig):
    name = "workflows.defence"
    label = "defence"
    verbose_name = _("Defence file and disciplinary record")
    default_auto_field = "django.db.models.BigAutoField"
