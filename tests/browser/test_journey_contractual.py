"""HR runs the dismissal for serious reason (art. 35 Arbeidsovereenkomstenwet) of a contractual
employee in the browser, from triage to the notification of the reason, with the deciding
authority deciding in between; the PDFs drawn up on the way download as real PDFs."""

import re

import pytest
from playwright.sync_api import expect

from incidents.models import LegalStatus
from tests import factories
from tests.browser.journeys import (
    ENGLISH,
    browser_for,
    expect_state,
    iso,
    open_case_from_home,
    reported_case,
    decide,
    run_step,
    step_form,
    submit,
    today,
)
from workflows.services.steps import INVALID_REASON_METHOD

# serialized_rollback: the code's provisions and the rulebook come from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOCUMENTS = [
    "Incident report",
    "Hearing minutes",
    "Dismissal letter (serious reason)",
    "Notification of the serious reason",
]
# Letters name their delivery; handed over against receipt, they need no postal address.
LETTERS = {"Dismissal letter (serious reason)", "Notification of the serious reason"}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def test_hr_runs_the_dismissal_for_serious_reason_to_the_notification_of_the_reason(
    page, live_server, login, new_context, axe_check, screenshot
):
    officer = factories.hr(username="hanne", first_name="Hanne", last_name="Claes")
    director = factories.decider(username="director", first_name="Dirk", last_name="Wouters")
    case = reported_case(status=LegalStatus.CONTRACTUAL, first_name="Jan", last_name="Janssens")

    login(page, live_server, officer.username, factories.PASSWORD)
    expect(page.get_by_role("region", name="Triage queue")).to_contain_text(case.reference)
    open_case_from_home(page, "Triage queue", case.reference)
    expect_state(page, "Reported")

    run_step(page, "Take in triage",
             lambda form: form.get_by_label("Note (optional)").fill("Clear breach of art. 5.3."))
    expect_state(page, "In triage")
    knowledge = "Date on which the competent authority had certain knowledge of the facts"
    def dismissal(form):
        form.get_by_label(knowledge).fill(iso(today()))
        # The manager learned of the facts yesterday: a later date needs an explanation.
        form.get_by_label(re.compile(r"^Note \(required")).fill(
            "The report reached the director only today.")

    run_step(page, "Open the dismissal procedure for serious reason", dismissal)
    expect_state(page, "Dismissal procedure opened")
    expect(page.get_by_role("region", name="Deadlines")).to_be_visible()

    def convocation(form):
        form.get_by_label("Date and time of the hearing").fill(f"{iso(today())}T09:00")
        form.get_by_label("Place").fill("Town hall, meeting room 2")
        form.get_by_label("Facts held against the employee").fill(
            "Posting the minutes of a closed council session on a private Facebook profile.")

    run_step(page, "Convene the hearing", convocation)
    expect_state(page, "Hearing scheduled")

    def hearing(form):
        form.get_by_label(re.compile(r"^Outcome")).select_option(label="Held")
        form.get_by_label(re.compile(r"^Date:?$")).fill(iso(today()))
        form.get_by_label("Attendees").fill("Jan Janssens\nHanne Claes (HR)")
        form.get_by_label("Statements (minutes)").fill("Jan admits posting the minutes.")

    run_step(page, "Record the hearing", hearing)
    expect_state(page, "Heard, awaiting decision")
    # HR cannot take the decision: the button is the deciding authority's.
    expect(page.locator("summary", has_text="Decide: dismissal")).to_have_count(0)

    # The director finds the case among the decisions awaiting them and decides.
    desk = browser_for(new_context, login, live_server, director)
    open_case_from_home(desk, "Awaiting your decision", case.reference)

    def decision(form):
        form.get_by_label("Deciding body").select_option(label="de algemeen directeur (Gemeente)")
        form.get_by_label("Reason").fill("Confidential minutes made public despite a warning.")

    decide(desk, "Decide: dismissal for serious reason", decision,
           expect_in_summary=["The employment ends", "Deadlines this decision starts"],
           shoot=lambda shown: screenshot(shown, "decision-confirm"))
    expect_state(desk, "Dismissal for serious reason decided")
    assert axe_check(desk) == []

    def sent_today(method):
        def fill(form):
            form.get_by_label("Method").select_option(label=method)
            form.get_by_label("Date sent or handed over (posting date)").fill(iso(today()))
        return fill

    page.reload()
    run_step(page, "Record notification of the dismissal", sent_today("Registered letter"))
    expect_state(page, "Dismissal notified")

    # E-mail is not a valid way to notify the serious reason: the law's reason is shown.
    form = step_form(page, "Record notification of the serious reason")
    sent_today("E-mail")(form)
    submit(page, form, "Record notification of the serious reason")
    expect_state(page, "Dismissal notified")
    form = step_form(page, "Record notification of the serious reason")
    expect(form.get_by_role("alert")).to_have_text(str(INVALID_REASON_METHOD))
    expect(form.get_by_label("Method")).to_have_attribute("aria-invalid", "true")
    assert axe_check(page) == []

    sent_today("Bailiff's writ")(form)
    submit(page, form, "Record notification of the serious reason")
    expect(page.get_by_role("status")).to_contain_text("Recorded: ")
    expect_state(page, "Serious reason notified")
    expect(page.get_by_role("region", name="Procedure")).to_contain_text("Bailiff's writ")
    screenshot(page, "case-page")

    # The documents: drawn up from the case as it now stands, each a real PDF.
    page.goto(f"/cases/{case.reference}/documents/")
    # A convocation for a hearing that already took place is refused, with the reason.
    with page.expect_navigation():
        page.get_by_role("button", name="Convocation to the hearing", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("is not after the date of this letter")
    for title in DOCUMENTS:
        button = page.get_by_role("button", name=title, exact=True)
        if title in LETTERS:
            page.locator("form").filter(has=button).get_by_label(
                re.compile("^Delivery")).select_option(label="Handed over against receipt")
        with page.expect_navigation():
            button.click()
        expect(page.get_by_role("status")).to_contain_text(f"{title} issued as version 1.")
    assert axe_check(page) == []
    screenshot(page, "documents")
    links = page.get_by_role("link", name=re.compile(r"^Download PDF"))
    expect(links).to_have_count(len(DOCUMENTS))
    for index, title in enumerate(DOCUMENTS):
        link = links.nth(index)
        expect(link).to_contain_text(title)
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-", title
