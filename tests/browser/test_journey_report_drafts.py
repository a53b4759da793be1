"""Reporting is light: a report refused for a missing field keeps the screenshots chosen before
the error, and an incomplete report is saved as a draft, found again, and deleted."""

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Incident
from tests import factories
from tests.browser.journeys import ENGLISH, browser_for, iso, screenshot_png, sha256_of, today

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def fill_all_but_the_description(page):
    page.get_by_label("Search by name, personnel number or department").fill("P01234")
    page.get_by_label("Date of the facts").fill(iso(today()))
    page.get_by_label("Date you learned of it").fill(iso(today()))
    page.get_by_label(re.compile(r"^Platform:")).select_option(
        label="Online network (e.g. Facebook, LinkedIn)")
    page.get_by_label("Kind of account").select_option(label="Private account")
    page.get_by_label("Kind of communication").select_option(label="Personal communication")
    page.get_by_label("5.3 — do not spread internal or confidential information").check()


def press(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_a_refused_report_keeps_both_screenshots_until_it_is_submitted(
    page, live_server, login, tmp_path, axe_check, screenshot
):
    reporter = factories.manager(username="marleen", first_name="Marleen", last_name="Peeters")
    factories.EmployeeFactory(first_name="Jan", last_name="Janssens", personnel_number="P01234")
    shots = [
        screenshot_png(tmp_path / "post.png", colour="#dfe7f5", text="The post"),
        screenshot_png(tmp_path / "comments.png", colour="#f5e6df", text="The comments"),
    ]
    page.set_viewport_size(DESKTOP)
    login(page, live_server, reporter.username, factories.PASSWORD)
    page.goto("/reports/new/")
    fill_all_but_the_description(page)
    page.locator("input[type=file][name=files]").set_input_files(shots)
    press(page, "Submit the report")

    # Refused: the description is missing. Both files are kept on the server, with their hash.
    expect(page.get_by_role("alert").first).to_contain_text("could not be saved")
    kept = page.locator(".kept-uploads")
    for path in shots:
        expect(kept).to_contain_text(path.name)
        expect(kept).to_contain_text(sha256_of(path))
    assert not Incident.objects.exists()
    assert axe_check(page) == []
    screenshot(page, "report-form-kept-files")

    page.get_by_label("Description").fill("Jan posted the minutes of a closed session.")
    press(page, "Submit the report")

    incident = Incident.objects.get(reporter=reporter)
    expect(page).to_have_url(re.compile(rf"/reports/{incident.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Your report was submitted")
    shown = {text.removeprefix("SHA-256 ").strip()
             for text in page.locator(".hash").all_inner_texts()}
    assert shown == {sha256_of(path) for path in shots}
    case = incident.case
    stored = {(e.original_name, e.sha256) for e in case.incident.evidence.all()}
    assert stored == {(path.name, sha256_of(path)) for path in shots}


def test_an_incomplete_report_is_saved_found_again_and_deleted_on_a_phone(
    live_server, login, new_context, tmp_path, axe_check, screenshot
):
    reporter = factories.manager(username="marleen", first_name="Marleen", last_name="Peeters")
    shot = screenshot_png(tmp_path / "post.png", colour="#dfe7f5", text="The post")
    phone = browser_for(lambda: new_context(viewport=PHONE), login, live_server, reporter)
    phone.goto("/reports/new/")
    phone.get_by_label("Description").fill("Seen on Facebook; the rest follows tomorrow.")
    phone.locator("input[type=file][name=files]").set_input_files([shot])
    press(phone, "Save as draft")

    incident = Incident.objects.get(reporter=reporter)
    expect(phone).to_have_url(re.compile(rf"/reports/{incident.pk}/edit/$"))
    expect(phone.get_by_role("status").first).to_contain_text("The draft was saved.")
    expect(phone.locator("form").get_by_text(sha256_of(shot))).to_be_visible()
    expect(phone.get_by_label("Description")).to_have_value(
        "Seen on Facebook; the rest follows tomorrow.")

    phone.goto("/reports/")
    row = phone.locator("tbody tr").filter(has_text="Employee not chosen yet")
    expect(row).to_contain_text("Draft")
    with phone.expect_navigation():
        row.get_by_role("link").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Draft report")
    phone.locator("summary", has_text="Delete this draft").click()
    size = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert size[0] <= size[1]
    assert axe_check(phone) == []
    screenshot(phone, "phone-draft-report", full_page=False)
    press(phone, "Yes, delete the draft")
    expect(phone.get_by_role("status").first).to_contain_text("The draft was deleted.")
    assert not Incident.objects.exists()
