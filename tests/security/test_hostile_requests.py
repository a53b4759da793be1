"""Requests that are wrong in themselves rather than in their data: wrong HTTP methods, a missing
CSRF token, and every URL of the project called with made-up or hostile path parameters.

The last test walks the URL configuration itself, so an endpoint added later (documents, privacy)
is tried as well without anyone having to remember to add it here.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver

from tests.security.conftest import db_snapshot, draft_report, english_client, rolled_back
from tests.security.payloads import SCRIPT, assert_no_raw_markup, assert_unchanged
from workflows.case_actions import ACTIONS
from workflows.models import CaseDeadline
from workflows.step_registry import STEPS

pytestmark = pytest.mark.django_db
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# label -> (path template, methods the endpoint answers, who calls it)
ENDPOINTS = {
    "home": ("/", {"GET"}, "manager"),
    "help": ("/help/", {"GET"}, "manager"),
    "logout": ("/logout/", {"POST"}, "manager"),
    "my reports": ("/reports/", {"GET"}, "manager"),
    "new report": ("/reports/new/", {"GET", "POST"}, "manager"),
    "report": ("/reports/{draft}/", {"GET"}, "manager"),
    "edit report": ("/reports/{draft}/edit/", {"GET", "POST"}, "manager"),
    "submit report": ("/reports/{draft}/submit/", {"POST"}, "manager"),
    "addendum": ("/reports/{incident}/addendum/", {"POST"}, "manager"),
    "evidence download": ("/reports/{incident}/evidence/{evidence}/", {"GET"}, "manager"),
    "case list": ("/cases/", {"GET"}, "hr_lead"),
    "deadlines": ("/cases/deadlines/", {"GET"}, "hr_lead"),
    "case page": ("/cases/{reference}/", {"GET"}, "hr_lead"),
    "access log": ("/cases/{reference}/access-log/", {"GET"}, "hr_lead"),
    "proceed although late": ("/cases/{reference}/deadlines/{deadline}/proceed-late/",
                              {"POST"}, "hr_lead"),
    "correct the starting date": ("/cases/{reference}/deadlines/{deadline}/correct-start/",
                                  {"POST"}, "hr_lead"),
    **{f"step {name}": (f"/cases/{{reference}}/step/{name}/", {"POST"}, "hr_lead")
       for name in STEPS},
    **{f"action {name}": (f"/cases/{{reference}}/action/{name}/", {"POST"}, "hr_lead")
       for name in ACTIONS},
}
# Every step goes through one view and every action through another: for the methods, two of each
# stand for all (the CSRF test below still tries every one).
SAME_VIEW = {f"step {name}" for name in sorted(STEPS)[2:]} | {
    f"action {name}" for name in sorted(ACTIONS)[2:]}


@pytest.fixture
def places(world):
    """Real ids to fill the path templates: a draft and a submitted report of the manager, its
    evidence, its case (with a running, overdue deadline)."""
    draft = draft_report(world.manager)
    case = world.overdue()
    return {
        "draft": draft.pk, "incident": case.incident_id,
        "evidence": case.incident.evidence.get().pk, "reference": case.reference,
        "deadline": case.deadlines.get(status=CaseDeadline.Status.RUNNING).pk,
    }


def test_wrong_http_method_is_405_and_changes_nothing(world, client, places, subtests):
    for label, (template, allowed, who) in sorted(ENDPOINTS.items()):
        if label in SAME_VIEW:
            continue
        client.force_login(getattr(world, who))
        url = template.format(**places)
        for method in sorted(set(METHODS) - allowed):
            with subtests.test(msg=f"{method} {label}"):
                before = db_snapshot()
                response = client.generic(method, url, "reason=x&text=x")
                assert response.status_code == 405, f"{method} {url}: {response.status_code}"
                assert_unchanged(before, f"{method} {url}")


def test_login_and_language_answer_other_methods_without_harm(world, client):
    before = db_snapshot()
    for method in ("PUT", "PATCH", "DELETE"):
        for url in ("/login/", "/i18n/setlang/"):
            response = client.generic(method, url, "username=x&password=y&language=en")
            assert response.status_code < 500, f"{method} {url}"
            assert "_auth_user_id" not in client.session
            assert "django_language" not in response.cookies
    assert_unchanged(before, "odd methods on login and language")


POST_ENDPOINTS = sorted(label for label, (_t, allowed, _w) in ENDPOINTS.items()
                        if "POST" in allowed)


def test_post_without_csrf_token_is_refused(world, places, subtests):
    for label in POST_ENDPOINTS:
        template, _allowed, who = ENDPOINTS[label]
        with subtests.test(msg=label):
            browser = english_client(enforce_csrf_checks=True)
            browser.force_login(getattr(world, who))
            before = db_snapshot()
            response = browser.post(template.format(**places), {
                "reason": "Zonder token.", "text": "Zonder token.",
                "justification": "Zonder token.", "note": "", "submit": ""})
            assert response.status_code == 403
            assert_unchanged(before, f"{label} without a CSRF token")


@pytest.mark.parametrize("url, data", [
    ("/login/", {"username": "leidinggevende", "password": "correct-horse-battery"}),
    ("/i18n/setlang/", {"language": "en", "next": "/"}),
], ids=["login", "language"])
def test_anonymous_posts_without_csrf_token_are_refused(world, url, data):
    browser = english_client(enforce_csrf_checks=True)
    response = browser.post(url, data)
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
    assert "django_language" not in response.cookies


def test_the_same_step_with_its_csrf_token_is_accepted(world):
    """The refusals above are the token's doing: with it, the same request goes through."""
    case = world.triaged()
    browser = english_client(enforce_csrf_checks=True)
    browser.force_login(world.hr)
    browser.get(case.get_absolute_url())
    token = browser.cookies["csrftoken"].value
    response = browser.post(f"/cases/{case.reference}/step/close_without_follow_up/",
                            {"reason": "Niet bewezen.", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_csrf_token_of_another_session_is_refused(world):
    case = world.triaged()
    other = english_client(enforce_csrf_checks=True)
    other.force_login(world.other_hr)
    other.get("/")
    stolen = other.cookies["csrftoken"].value
    browser = english_client(enforce_csrf_checks=True)
    browser.force_login(world.hr)
    before = db_snapshot()
    response = browser.post(f"/cases/{case.reference}/step/close_without_follow_up/",
                            {"reason": "Niet bewezen.", "csrfmiddlewaretoken": stolen})
    assert response.status_code == 403
    assert_unchanged(before, "a step with another session's CSRF token")


def all_routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return sorted({route for route in walk(get_resolver().url_patterns)
                   if not route.startswith("admin/") and "^" not in route})


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
# (text, number) pairs for the path parameters: an unknown reference with a NUL byte (which
# PostgreSQL refuses in text), then markup, SQL and length together.
HOSTILE_VALUES = [("TD-0000-0000\x00", "999999999"),
                  (SCRIPT + "' OR 1=1 --" + "x" * 1500, "9" * 30)]


def fill(route: str, strings: str, integer: str) -> str:
    def value(match):
        return quote(integer if match.group(1) == "int" else strings, safe="")

    return "/" + PARAMETER.sub(value, route)


def test_every_url_with_made_up_parameters_answers_4xx_and_writes_nothing(
        world, client, places, subtests):
    """Things that do not exist are 404 (or 403/405), for every role, whatever the method."""
    for route in [r for r in all_routes() if "<" in r]:
        with subtests.test(msg=route):
            for who in ("manager", "hr_lead", "outsider"):
                client.force_login(getattr(world, who))
                for text, number in HOSTILE_VALUES:
                    url = fill(route, text, number)
                    for method in ("GET", "POST"):
                        with rolled_back():  # a database error must not spill into the next
                            before = db_snapshot()
                            response = client.generic(method, url, "reason=%00&text=x")
                            what = f"{who} {method} {url[:120]}"
                            assert 400 <= response.status_code < 500, what
                            assert_unchanged(before, what)
                            assert_no_raw_markup(response, what)


def test_every_url_with_real_parameters_never_crashes_on_a_hostile_body(
        world, client, places, subtests):
    """A real case, report and evidence; hostile names in the other parameters and the body."""
    reals = {"reference": places["reference"], "pk": places["draft"],
             "evidence_pk": places["evidence"], "personnel_number": "P00000"}
    body = f"reason=%00&text={quote(SCRIPT)}&language=xx&next=//evil.example/"
    for route in all_routes():
        url = "/" + PARAMETER.sub(lambda m: quote(str(reals.get(m.group(2), SCRIPT)), safe=""),
                                  route)
        with subtests.test(msg=route):
            for who in ("manager", "hr", "decider", "outsider"):
                client.force_login(getattr(world, who))
                for method in ("GET", "POST"):
                    with rolled_back():
                        response = client.generic(method, url, body)
                        what = f"{who} {method} {url}"
                        assert response.status_code < 500, what
                        assert_no_raw_markup(response, what)
                        assert not response.get("Location", "").startswith(("//", "http")), what
