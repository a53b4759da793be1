from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


def _account_deleted(sender, instance, **kwargs):
    from incidents.services import employee_link_record_account_deletion

    employee_link_record_account_deletion(user=instance)


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self):
        # F1: deleting an account is a change of the staff-register link, logged on the cases.
        pre_delete.connect(_account_deleted, sender=settings.AUTH_USER_MODEL,
                           dispatch_uid="incidents-account-deleted")
