"""``oidc_provider``: the test provider in its own process, for the whole test session."""

import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests

from benchmarks.throughput import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "tuchtdossier"
CLIENT_SECRET = "provider-test-client-secret"
PROVIDER_PASSWORD = "provider-password-2026"
HR_GROUP = "tucht-hr"
# As the provider knows them: one in the HR group of the directory, one in no group at all.
HR_PERSON = {"username": "hanne.peeters", "email": "Hanne.Peeters@gemeente.test",
             "first_name": "Hanne", "last_name": "Peeters", "groups": [HR_GROUP]}
NEWCOMER = {"username": "nick.nieuw", "email": "nick.nieuw@gemeente.test",
            "first_name": "Nick", "last_name": "Nieuw", "groups": []}


@dataclass
class Provider:
    url: str
    process: subprocess.Popen
    users: list = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def settings(self, **overrides) -> dict:
        """The application's settings for single sign-on through this provider."""
        return {"OIDC_ENABLED": True, "OIDC_ISSUER": self.issuer, "OIDC_RP_CLIENT_ID": CLIENT_ID,
                "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET, "OIDC_PROVIDER_NAME": "Testprovider",
                **overrides}


def _wait_for_discovery(provider: Provider, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if provider.process.poll() is not None:
            raise RuntimeError(f"the test provider stopped (exit {provider.process.returncode})")
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration",
                            timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the test provider did not answer within a minute")


@contextmanager
def running_provider(**environment):
    """The provider in a process of its own; killed when the block ends."""
    users = [{**person, "password": PROVIDER_PASSWORD} for person in (HR_PERSON, NEWCOMER)]
    with tempfile.TemporaryDirectory(prefix="tuchtdossier-oidc-provider-") as state:
        (Path(state) / "setup.json").write_text(json.dumps({
            "client": {
                "id": CLIENT_ID, "secret": CLIENT_SECRET,
                "redirect_uris": ["http://localhost/oidc/callback/",
                                  "http://testserver/oidc/callback/"],
                "post_logout_redirect_uris": ["http://localhost/login/",
                                              "http://testserver/login/"],
            },
            "users": users,
        }))
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT), **environment}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        with open(Path(state) / "provider.log", "w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.oidc_provider.serve", state, str(port)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        provider = Provider(url=f"http://127.0.0.1:{port}", process=process, users=users)
        try:
            _wait_for_discovery(provider)
            yield provider
        finally:
            stop(process)


@pytest.fixture(scope="session")
def oidc_provider():
    with running_provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def expiring_oidc_provider():
    """A provider whose id tokens expired two minutes before they were issued."""
    with running_provider(OIDC_PROVIDER_ID_TOKEN_SECONDS="-120") as provider:
        yield provider


def sign_in_at_provider(authorize_url: str, username: str, password: str,
                        app_prefix: str = "http://testserver") -> str:
    """Follow the application's redirect to the provider, log in on its form as a person would,
    and return where the provider sends the browser back to (the application's callback)."""
    browser = requests.Session()
    login_page = browser.get(authorize_url, timeout=10)
    next_url = parse_qs(urlparse(login_page.url).query)["next"][0]
    answer = browser.post(login_page.url, timeout=10, allow_redirects=False, data={
        "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        "username": username, "password": password, "next": next_url})
    while answer.is_redirect and not answer.headers["Location"].startswith(app_prefix):
        answer = browser.get(urljoin(answer.url, answer.headers["Location"]),
                             timeout=10, allow_redirects=False)
    assert answer.is_redirect, f"the provider did not send the browser back: {answer.status_code}"
    return answer.headers["Location"]
