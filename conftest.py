import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes evidence and documents into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code run outside a request (services, commands) speaks English in tests, so messages can be
    compared with the msgids; pages follow the browser's language as in production."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Once the test database is migrated, keep a copy of the rows the data migrations wrote."""
    global _MIGRATED_ROWS
    with django_db_blocker.unblock():
        _MIGRATED_ROWS = _snapshot_migrated_rows()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The code's provisions, the rulebook (deadlines, remedies, catalogues, competence), the
    retention defaults: all come from data migrations. A transactional test flushes every table
    when it ends; put them back for any database test that runs after one, so no test depends on
    the order pytest chose."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    _restore_migrated_rows()


# Rows that post_migrate writes again itself after a flush (content types, permissions, the role
# groups of core/apps.py): restoring them too would duplicate them.
RECREATED_AFTER_FLUSH = {"contenttypes.contenttype", "auth.permission", "auth.group"}
_MIGRATED_ROWS = ""


def _snapshot_migrated_rows() -> str:
    from django.apps import apps
    from django.core import serializers

    models = [model for model in apps.get_models()
              if model._meta.label_lower not in RECREATED_AFTER_FLUSH
              and model.objects.exists()]
    models = serializers.sort_dependencies([(None, models)])
    return serializers.serialize(
        "json", [row for model in models for row in model._default_manager.order_by("pk")])


def _restore_migrated_rows() -> None:
    from django.core import serializers

    from workflows.models import DeadlineRule

    if not _MIGRATED_ROWS or DeadlineRule.objects.exists():
        return
    for row in serializers.deserialize("json", _MIGRATED_ROWS):
        row.save()
