from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_trust_roots(app_configs, **kwargs):
    """A wrong DOCUMENT_TRUST_ROOTS would make every signer "not trusted" without a word."""
    from workflows.documents.seal import trust_root_problems

    return [checks.Warning(problem, id="documents.W001") for problem in trust_root_problems()]


class DocumentsConfig(AppConfig):
    name = "workflows.documents"
    label = "documents"
    verbose_name = _("Case documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(check_trust_roots)
