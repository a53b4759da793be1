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


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The code's provisions, the rulebook and the retention defaults come from data migrations.
    A transactional test flushes every table when it ends; reload them for any database test
    that runs after one, so no test depends on the order pytest chose."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    _reload_data_migrations()


DATA_MIGRATIONS = [
    ("incidents.CodeVersion", "incidents.migrations.0002_code_of_conduct_provisions",
     "add_provisions"),
    ("workflows.DeadlineRule", "workflows.migrations.0002_rulebook", "load_rules"),
    ("retention.RetentionPolicy", "workflows.retention.migrations.0002_default_policies",
     "load_defaults"),
]


def _reload_data_migrations() -> None:
    from importlib import import_module

    from django.apps import apps

    for model, module, function in DATA_MIGRATIONS:
        if not apps.get_model(model).objects.exists():
            getattr(import_module(module), function)(apps, None)
