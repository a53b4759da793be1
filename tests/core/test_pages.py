"""What every page carries: a favicon, a description for search engines, compressed HTML."""

import gzip

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_every_page_names_a_favicon_that_exists_and_has_a_description():
    client = Client()
    client.force_login(factories.hr())
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in html
    assert finders.find("favicon.svg")
    assert '<meta name="description" content="Tuchtdossier: meldingen' in html


def test_html_is_sent_gzip_compressed_when_the_browser_accepts_it(client):
    client.force_login(factories.hr())
    response = client.get("/cases/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"<h1>" in gzip.decompress(response.content)
