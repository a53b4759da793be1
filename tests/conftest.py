import pytest
from django.test import Client


@pytest.fixture
def client():
    """A browser that asks for English, so pages can be compared with the code's msgids. Tests of
    the Dutch interface build their own Client without this header."""
    return Client(headers={"accept-language": "en"})
