"""Browser tests: Playwright (sync API, via pytest-playwright) drives Debian's Chromium against
pytest-django's ``live_server``.

How to write one::

    import pytest

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

    def test_something(page, live_server, login, axe_check, screenshot):
        user = UserFactory()
        login(page, live_server, user.username, PASSWORD)
        page.goto("/reports/")            # relative URLs go to the live server
        assert axe_check(page) == []      # serious/critical accessibility violations
        screenshot(page, "my-reports")    # docs/screenshots/my-reports.png when SCREENSHOTS=1

- The test database must be shared with the live server's thread: always use
  ``django_db(transaction=True)``. Such tests run after the others (pytest-django orders them so)
  and empty every table afterwards, rows written by data migrations included: a browser test that
  needs those (code of conduct provisions, the rulebook, groups) uses
  ``django_db(transaction=True, serialized_rollback=True)``.
- Without ``/usr/bin/chromium`` the tests are skipped with a reason, except when the environment
  variable ``CI`` is set: then they fail, so CI can never pass without running them.
- ``SCREENSHOTS=1 make test`` rewrites the pictures in ``docs/screenshots/``; normal runs don't.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

# pytest-playwright runs sync Playwright in the main thread, which has a running event loop; the
# ORM calls made by the test itself (factories, assertions) would otherwise raise
# SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}


def _env_flag(name):
    return os.environ.get(name, "").strip().lower() not in {"", "0", "false", "no", "off"}


def _in_ci():
    return _env_flag("CI")


def _chromium_missing_reason():
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return (
        f"Chromium not found at {CHROMIUM}: install Debian's package "
        "(apt-get install chromium) to run the browser tests"
    )


def pytest_collection_modifyitems(config, items):
    """Without Chromium, skip the browser tests up front (no live server, no Playwright driver).

    When CI is set they are left alone: ``browser_type_launch_args`` below then fails each of them.
    """
    reason = _chromium_missing_reason()
    if reason is None or _in_ci():
        return
    here = Path(__file__).resolve().parent
    for item in items:
        if item.get_closest_marker("browser") or here in Path(item.path).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    reason = _chromium_missing_reason()
    if reason is not None:
        if _in_ci():
            pytest.fail(f"{reason}. CI is set, so the browser tests may not be skipped.", pytrace=False)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() and expect(page).to_have_url() refer to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # As the organisation's users see it: a Flemish browser (Accept-Language nl-BE), Brussels time.
    return {**browser_context_args, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


def _remember_language(context, locale, live_server):
    """Dutch is everyone's default whatever the browser's language; a browser set to English
    stands for a user who chose English once (the header's language button sets this cookie)."""
    if (locale or "").startswith("en"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en",
                              "url": live_server.url}])
    return context


@pytest.fixture
def context_locale(browser_context_args, request):
    """The browser language of this test: a ``browser_context_args`` marker, else the module's."""
    marker = request.node.get_closest_marker("browser_context_args")
    return (marker.kwargs if marker else {}).get("locale") or browser_context_args.get("locale")


@pytest.fixture
def page(page):
    # Fail fast instead of waiting 30 s for an element that will never come.
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(20_000)
    return page


@pytest.fixture
def new_context(new_context, context_locale, live_server):
    """Every browser context, the test's own page included (pytest-playwright builds it here)."""
    def make(**kwargs):
        locale = kwargs.get("locale") or context_locale
        return _remember_language(new_context(**kwargs), locale, live_server)

    return make


def _log_in(page, live_server, username, password):
    """Log in through the login form, as a person would, and wait for the page after it."""
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form[action$='/login/'] [type=submit]").click()
    return page


@pytest.fixture
def login():
    """``login(page, live_server, username, password)``: log in through the login form."""
    return _log_in


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now for the secret of the enrolment page (base32,
    spaces allowed)."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    key = b32decode("".join(secret.split()))
    return f"{TOTP(key).token():06d}"


def _give_code(page, code):
    """Type the code on the second-factor page (enrolment or login) and wait for the next page."""
    page.locator("#id_code").fill(code)
    with page.expect_navigation():
        page.locator("form[action*='/login/second-factor/'] [type=submit]").click()
    return page


def _log_in_with_second_factor(page, live_server, username, password, device):
    """Password, then the app's code: for tests run with ``settings.OTP_REQUIRED = True``."""
    from tests.factories import next_totp_code

    _log_in(page, live_server, username, password)
    return _give_code(page, next_totp_code(device))


@pytest.fixture
def give_code():
    """``give_code(page, code)``: answer the second-factor step of the login."""
    return _give_code


@pytest.fixture
def login_with_second_factor():
    """``login_with_second_factor(page, live_server, username, password, device)``."""
    return _log_in_with_second_factor


def _compact(violation):
    return {
        "id": violation["id"],
        "impact": violation["impact"],
        "help": violation["help"],
        "helpUrl": violation["helpUrl"],
        "nodes": [
            {"target": node["target"], "summary": node.get("failureSummary", "")}
            for node in violation["nodes"]
        ],
    }


def _axe_check(page, context=None, options=None):
    """Run axe-core on the current page; return its serious and critical violations.

    ``context`` is axe's context (e.g. ``{"exclude": [["#map"]]}``), ``options`` its run options.
    Each violation is a dict with id, impact, help, helpUrl and the offending nodes, so
    ``assert axe_check(page) == []`` prints what is wrong.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, so a Content-Security-Policy that forbids
        # inline scripts doesn't stop it (page.add_script_tag would be blocked).
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate(
        """([context, options]) => axe.run(context || document, options)""",
        [context, {"resultTypes": ["violations"], **(options or {})}],
    )
    return [_compact(v) for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


@pytest.fixture
def axe_check():
    """``axe_check(page, context=None, options=None)`` -> list of serious/critical violations."""
    return _axe_check


@pytest.fixture
def screenshot():
    """``screenshot(page, name, full_page=True)``: save ``docs/screenshots/NAME.png``.

    Only when the environment variable SCREENSHOTS is set (``SCREENSHOTS=1 make test``), so that
    normal runs never rewrite the documentation. Returns the path written, or None.
    """

    def take(page, name, full_page=True):
        if not _env_flag("SCREENSHOTS"):
            return None
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
        return path

    return take
