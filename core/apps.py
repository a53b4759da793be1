from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Tuchtdossier"

    def ready(self) -> None:
        # Runs after every app has migrated (and has its permissions), so no sender filter.
        post_migrate.connect(ensure_role_groups, dispatch_uid="core.ensure_role_groups")


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups and give them their permissions; safe to run any number of times."""
    from django.contrib.auth.models import Group, Permission

    from core.roles import ROLE_PERMISSIONS

    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
