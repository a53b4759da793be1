import pytest

from tests import factories


@pytest.fixture
def client():
    """A browser whose user chose English, so pages can be compared with the code's msgids. Tests
    of the Dutch interface build their own Client without that choice."""
    return factories.english_client()


@pytest.fixture
def hr_user(db):
    return factories.hr(username="hanne", first_name="Hanne", last_name="Claes")


@pytest.fixture
def decider_user(db):
    return factories.decider(username="directeur", first_name="Dirk", last_name="Wouters")


@pytest.fixture
def legal_user(db):
    return factories.legal(username="jurist", first_name="Lies", last_name="Maes")


@pytest.fixture
def second_factor(settings):
    """The second factor switched on, as in production (the test settings switch it off)."""
    settings.OTP_REQUIRED = True
    return settings


@pytest.fixture
def verified_login():
    """``verified_login(client, user)``: force_login with the second factor already given."""
    return factories.login_verified
