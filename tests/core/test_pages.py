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


@pytest.mark.parametrize("anchor", ["manager", "hr", "hr-dismissal", "hr-disciplinary", "legal",
                                    "authority"])
def test_help_has_a_part_for_each_role_in_dutch_and_english(anchor):
    dutch = Client()
    dutch.force_login(factories.manager())
    english = factories.english_client()
    english.force_login(factories.manager())
    for client in (dutch, english):
        assert f'id="{anchor}"' in client.get("/help/").content.decode()
    assert "Een incident melden (leidinggevenden)" in dutch.get("/help/").content.decode()


def test_the_report_form_links_to_how_to_report(client):
    client.force_login(factories.manager())
    assert 'href="/help/#manager"' in client.get("/reports/new/").content.decode()


def test_the_seed_prints_the_port_it_is_served_on(settings, monkeypatch):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    monkeypatch.setenv("PORT", "8081")
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "http://127.0.0.1:8081" in out.getvalue()
