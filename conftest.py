import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes evidence and documents into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
