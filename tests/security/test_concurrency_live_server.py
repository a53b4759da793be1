"""F5: concurrent writes through the live server never answer 500, on SQLite (the default, with WAL,
a busy timeout and IMMEDIATE transactions) as on PostgreSQL. Real HTTP requests from several threads
at once: managers adding addenda to their own reports and to the same report, legal reviewers filing
opinions, HR issuing documents on the same and on different cases. No request fails, no row is lost
or duplicated, and every case's history verifies."""

import io
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command
from django.test import Client

from incidents.models import Addendum
from tests import factories
from tests.security.conftest import reported_case
from workflows.documents.models import IssuedDocument
from workflows.models import LegalOpinion
from workflows.services import steps
from workflows.services.reviews import review_request

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUNDS = 3


class Browser:
    """One logged-in person: a session cookie and a CSRF token, posting forms over real HTTP."""

    def __init__(self, base_url: str, user):
        client = Client()
        client.force_login(user)
        self.base_url = base_url
        self.csrf = secrets.token_hex(16)
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        request = urllib.request.Request(self.base_url + path, data=body, method="POST", headers={
            "Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(calls) -> list[int]:
    """Run every call in its own thread, all released together; their HTTP status codes."""
    barrier = threading.Barrier(len(calls))
    statuses = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=30)
        try:
            statuses[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test as the status
            statuses[index] = repr(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return statuses


def verify_exit_code() -> int:
    try:
        call_command("verify_case_history", stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exit_:
        return exit_.code
    return 0


def addendum(browser, case, text):
    return lambda: browser.post(f"/reports/{case.incident_id}/addendum/", {"text": text})


def test_addenda_by_different_managers_and_on_one_report_at_once_never_fail(live_server):
    managers = [factories.manager(username=f"manager-{n}") for n in range(3)]
    cases = [reported_case(manager) for manager in managers]
    browsers = [Browser(live_server.url, manager) for manager in managers]
    calls = [addendum(browsers[n], cases[n], f"Aanvulling {n}.{r}")
             for r in range(ROUNDS) for n in range(3)]
    calls += [addendum(browsers[0], cases[0], f"Zelfde melding {r}") for r in range(ROUNDS)]
    statuses = at_once(calls)
    assert statuses == [302] * len(calls)
    for n, case in enumerate(cases):
        numbers = sorted(Addendum.objects.filter(incident=case.incident)
                         .values_list("number", flat=True))
        expected = ROUNDS * 2 if n == 0 else ROUNDS
        assert numbers == list(range(1, expected + 1))
        assert case.events.filter(kind="addendum_added").count() == expected
    assert verify_exit_code() == 0


def test_opinions_and_documents_on_the_same_and_different_cases_at_once_never_fail(live_server):
    hr = factories.hr()
    lawyers = [factories.legal(username=f"legal-{n}") for n in range(2)]
    cases = [steps.case_take_in_triage(case=reported_case(factories.manager()), user=hr)
             for _ in range(2)]
    for case in cases:
        for lawyer in lawyers:
            review_request(case=case, user=hr, reviewer=lawyer, question="Advies?")
    hr_browser = Browser(live_server.url, hr)
    calls = [lambda c=case, b=Browser(live_server.url, lawyer), r=r: b.post(
        f"/cases/{c.reference}/action/opinion/", {"text": f"Advies {r}"})
        for case in cases for lawyer in lawyers for r in range(2)]
    calls += [lambda c=case: hr_browser.post(
        f"/cases/{c.reference}/documents/issue/incident_report/", {}) for case in cases * 2]
    statuses = at_once(calls)
    assert statuses == [302] * len(calls)
    for case in cases:
        assert LegalOpinion.objects.filter(case=case).count() == len(lawyers) * 2
        assert case.events.filter(kind="opinion_filed").count() == len(lawyers) * 2
        versions = sorted(IssuedDocument.objects.filter(case=case).values_list("version", flat=True))
        assert versions == [1, 2]
    assert verify_exit_code() == 0
