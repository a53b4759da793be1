"""A manager reports an incident in the browser, with two screenshots as evidence; only the
people who may see a report can open it."""

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Incident
from tests import factories
from tests.browser.journeys import (
    ENGLISH,
    browser_for,
    iso,
    screenshot_png,
    sha256_of,
    today,
)

# serialized_rollback: the code's provisions and the rulebook come from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def test_manager_reports_an_incident_with_two_screenshots(
    page, live_server, login, new_context, tmp_path, axe_check, screenshot
):
    reporter = factories.manager(username="marleen", first_name="Marleen", last_name="Peeters")
    factories.EmployeeFactory(first_name="Jan", last_name="Janssens", personnel_number="P01234")
    shots = [
        screenshot_png(tmp_path / "post.png", colour="#dfe7f5", text="Minutes of the session"),
        screenshot_png(tmp_path / "comments.png", colour="#f5e6df", text="Comments under the post"),
    ]

    login(page, live_server, reporter.username, factories.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Report an incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report an incident")

    # The employee is found by typing the personnel number.
    page.get_by_label("Search by name, personnel number or department").fill("P01234")
    expect(page.locator("#id_employee option:checked")).to_contain_text(
        "Janssens Jan (P01234) — ")
    page.get_by_label("Date of the facts").fill(iso(today()))
    page.get_by_label("Time of the facts").fill("21:15")
    page.get_by_label("Date you learned of it").fill(iso(today()))
    page.get_by_label(re.compile(r"^Platform:")).select_option(
        label="Online network (e.g. Facebook, LinkedIn)")
    page.get_by_label("Name of the platform").fill("Facebook")
    page.get_by_label("Kind of account").select_option(label="Private account")
    page.get_by_label("URLs of the content").fill("https://www.facebook.com/jan.janssens/posts/42")
    page.get_by_label("Is the content still online?").select_option(label="Yes")
    page.get_by_label("Kind of communication").select_option(label="Personal communication")
    page.get_by_label("5.3 — do not spread internal or confidential information").check()
    page.get_by_label(re.compile(r"never use the name or the logo of the administration")).check()
    page.get_by_label("Description").fill(
        "Jan posted the minutes of yesterday's closed council session on his private profile.")
    page.locator("input[name='people-0-name']").fill("Pieter De Smet")
    page.locator("select[name='people-0-role']").select_option(index=1)
    page.locator("input[type=file][name=files]").set_input_files(shots)
    screenshot(page, "report-form")

    with page.expect_navigation():
        page.get_by_role("button", name="Submit the report").click()

    incident = Incident.objects.get(reporter=reporter)
    expect(page).to_have_url(re.compile(rf"/reports/{incident.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Your report was submitted")
    expect(page.locator("hgroup")).to_contain_text("Status: Received")
    hashes = page.locator(".hash")
    expect(hashes).to_have_count(2)
    shown = {text.removeprefix("SHA-256 ").strip() for text in hashes.all_inner_texts()}
    assert shown == {sha256_of(path) for path in shots}
    for path in shots:
        expect(page.get_by_role("link", name=path.name)).to_be_visible()
    expect(page.get_by_role("img", name="Screenshot post.png")).to_be_visible()
    assert axe_check(page) == []
    screenshot(page, "report-detail")
    page.goto("/")
    expect(page.get_by_role("region", name="My reports")).to_contain_text("Jan Janssens")
    screenshot(page, "home-manager")

    # Another manager does not learn that the report or its case exists.
    other_manager = factories.manager(username="other.manager")
    other = browser_for(new_context, login, live_server, other_manager)
    for url in (f"/reports/{incident.pk}/", incident.case.get_absolute_url()):
        response = other.goto(url)
        assert response.status == 404, url
        expect(other.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(other.locator("body")).not_to_contain_text("Janssens")
