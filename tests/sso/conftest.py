import pytest

from core.sso.discovery import forget_discovery_documents
from tests.oidc_provider.fixtures import expiring_oidc_provider, oidc_provider  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_discovery():
    """Each test reads its provider's discovery document itself (tests use different providers)."""
    forget_discovery_documents()
    yield
    forget_discovery_documents()


@pytest.fixture
def sso(settings, oidc_provider):  # noqa: F811
    """Single sign-on through the test provider; returns a function to change its settings."""
    def configure(provider=None, **overrides):
        for name, value in (provider or oidc_provider).settings(**overrides).items():
            setattr(settings, name, value)
        forget_discovery_documents()
        return settings

    configure()
    return configure
