"""Every request has an id: taken from the proxy when it looks like one, on the response and on
every log line written while the request is served."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from unittest import mock

import pytest

from core.operations import health
from core.operations.request_id import JsonFormatter, RequestIdFilter, current_request_id

pytestmark = pytest.mark.django_db
GENERATED = re.compile(r"[0-9a-f]{32}")


def test_id_from_the_proxy_is_kept_and_returned(client):
    response = client.get("/health/", headers={"X-Request-ID": "3f2c9a7e1b0d4c5e8f6a"})
    assert response["X-Request-ID"] == "3f2c9a7e1b0d4c5e8f6a"


@pytest.mark.parametrize("offered", ["", "short", "abc def ghi jkl", "x" * 200,
                                     "abcdefgh\nERROR forged line", "<script>alert(1)</script>"])
def test_malformed_id_from_the_client_is_replaced_by_a_new_one(client, offered):
    response = client.get("/health/", headers={"X-Request-ID": offered})
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_each_request_without_an_id_gets_its_own(client):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


def test_log_lines_written_during_a_request_carry_its_id_as_json(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(health.__name__)
    logger.addHandler(handler)
    try:
        with mock.patch.object(health.default_storage, "save", side_effect=OSError("disk full")):
            client.get("/health/", headers={"X-Request-ID": "req-0123456789abcdef"})
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines and lines[0]["request_id"] == "req-0123456789abcdef"
    assert lines[0]["level"] == "ERROR" and lines[0]["message"] == "Health check storage failed"
    assert "disk full" in lines[0]["exception"]
    assert current_request_id() == "-"


def _formatter_chosen(**env) -> str:
    code = ("from django.conf import settings; import django; django.setup(); "
            "print(settings.LOGGING['handlers']['console']['formatter'])")
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_LOG_FORMAT"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_SECRET_KEY="x" * 50, **env)
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


def test_logs_are_json_in_production_and_plain_text_in_debug():
    assert _formatter_chosen(DJANGO_DEBUG="0") == "json"
    assert _formatter_chosen(DJANGO_DEBUG="1") == "text"
    assert _formatter_chosen(DJANGO_DEBUG="1", DJANGO_LOG_FORMAT="json") == "json"
