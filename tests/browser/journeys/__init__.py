"""Helpers for the browser journeys: a browser per person, the steps of the case page, test data.

Each person in a journey gets a browser context of their own (their own cookies), so a journey can
switch between the manager, HR, the deciding authority and legal without logging out.
"""

import datetime
import hashlib
import re
from pathlib import Path

from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from incidents.models import AccountKind, Communication, LegalStatus, Platform, Provision
from incidents.services import incident_save_draft, incident_submit
from tests import factories
from tests.factories import PASSWORD

# The interface language of the journeys: the English msgids are what the tests click.
ENGLISH = "en-GB"


def today() -> datetime.date:
    return timezone.localdate()


def iso(day: datetime.date) -> str:
    """A date as an <input type=date> takes it with fill()."""
    return day.isoformat()


def browser_for(new_context, login, live_server, user) -> Page:
    """A fresh browser window for `user`, logged in through the login form."""
    page = new_context().new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(20_000)
    login(page, live_server, user.username, PASSWORD)
    # People appear by their full name, never by their login.
    expect(page.locator("form[action$='/logout/'] button").first).to_contain_text(
        user.get_full_name() or user.username)
    return page


def screenshot_png(path: Path, *, colour: str, text: str, size=(360, 220)) -> Path:
    """A real PNG, as a manager's screenshot of a post would be."""
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).text((12, 12), text, fill="black")
    image.save(path, format="PNG")
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def step_form(page: Page, label: str):
    """Open the step or action `label` of the case page, as a person would; return its form."""
    summary = page.locator("summary").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    expect(summary).to_have_count(1)
    details = page.locator("details").filter(has=summary)
    if details.get_attribute("open") is None:
        summary.click()
    form = details.locator("form")
    expect(form).to_be_visible()
    return form


def submit(page: Page, form, button: str) -> None:
    """Press the form's button and wait for the page that answers it."""
    with page.expect_navigation():
        form.get_by_role("button", name=button, exact=True).click()


def run_step(page: Page, label: str, fill=None) -> None:
    """Open the step, let `fill(form)` fill it in, press the step's button, expect "Recorded: …"."""
    form = step_form(page, label)
    if fill is not None:
        fill(form)
    submit(page, form, label)
    expect(page.locator("[role=status]")).to_contain_text("Recorded: ")


def decide(page: Page, label: str, fill=None, *, expect_in_summary=(), shoot=None) -> None:
    """A decision: fill in the step, read its summary (nothing is recorded yet), then confirm.
    `shoot(page)`, if given, takes the picture of the summary."""
    form = step_form(page, label)
    if fill is not None:
        fill(form)
    submit(page, form, label)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm the decision")
    for text in expect_in_summary:
        expect(page.locator("main article")).to_contain_text(text)
    if shoot is not None:
        shoot(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and record the decision").click()
    expect(page.locator("[role=status]")).to_contain_text("Recorded: ")


def expect_state(page: Page, state: str) -> None:
    expect(page.locator(".state-badge")).to_have_text(state)


def open_case_from_home(page: Page, section: str | None, reference: str) -> None:
    """Follow the link to the case from the home page, in the region `section` if given."""
    page.goto("/")
    region = page.get_by_role("region", name=section) if section else page.locator("main")
    with page.expect_navigation():
        region.get_by_role("link", name=reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


def reported_case(*, status=LegalStatus.CONTRACTUAL, reporter=None, **employee_fields):
    """A report written and submitted by a manager through the services; returns its case."""
    reporter = reporter or factories.manager(first_name="Marleen", last_name="Peeters")
    employee = factories.EmployeeFactory(status=status, **employee_fields)
    provisions = list(Provision.objects.filter(
        code_version__is_current=True, article="5.3", applies_to=Provision.Applies.PERSONAL)[:2])
    incident = incident_save_draft(
        reporter=reporter, provisions=provisions, people=[],
        fields={
            "employee": employee, "facts_date": today() - datetime.timedelta(days=3),
            "facts_time": datetime.time(21, 15),
            "knowledge_date": today() - datetime.timedelta(days=1),
            "platform": Platform.ONLINE_NETWORK, "platform_name": "Facebook",
            "account_kind": AccountKind.PRIVATE, "account_name": "",
            "communication": Communication.PERSONAL,
            "description": "Posted the minutes of a closed council session on a private profile.",
            "content_urls": "https://www.facebook.com/example/posts/1", "still_online": True,
        },
    )
    incident_submit(incident=incident, user=reporter)
    incident.refresh_from_db()
    return incident.case
