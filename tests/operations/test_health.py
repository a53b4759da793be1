"""The load balancer's health check: database, storage and migrations, without login or session."""

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from core.operations import health

pytestmark = pytest.mark.django_db
URL = "/health/"


def test_healthy_instance_answers_200_with_every_check_ok(client, settings):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok",
                               "checks": {"database": "ok", "storage": "ok", "migrations": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_needs_no_login_creates_no_session_and_sets_no_cookie(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert not response.cookies
    assert Session.objects.count() == 0


def test_storage_probe_leaves_no_file_behind(client, settings):
    client.get(URL)
    probe_folder = settings.MEDIA_ROOT / health.PROBE_FOLDER
    assert not probe_folder.exists() or not any(probe_folder.iterdir())


def test_database_down_answers_503_naming_the_database(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("server gone")):
        response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert "database" in body["failed"] and body["checks"]["storage"] == "ok"
    assert "server gone" not in response.content.decode()


def test_unapplied_migration_answers_503_naming_the_migrations(client):
    app, name = next(node for node in MigrationLoader(connection).graph.leaf_nodes()
                     if node[0] == "incidents")
    MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]


def test_unwritable_storage_answers_503_naming_the_storage(client):
    with mock.patch.object(health.default_storage, "save", side_effect=OSError("disk full")):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_probe_is_not_redirected_to_https(client):
    assert client.get(URL).status_code == 200
    assert client.get("/login/").status_code == 301


def test_health_check_refuses_a_post(client):
    assert client.post(URL).status_code == 405
