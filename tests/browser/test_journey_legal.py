"""HR asks the legal service for a review; the legal reviewer finds the request on their home page
and files an opinion, which then stands on the case page for HR."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.journeys import (
    ENGLISH,
    browser_for,
    open_case_from_home,
    reported_case,
    step_form,
    submit,
)
from workflows.services.steps import case_take_in_triage

# serialized_rollback: the code's provisions and the rulebook come from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "Does posting council minutes on a private profile breach art. 5.3 of the code?"
OPINION = "Yes: the minutes of a closed session are confidential information (art. 5.3)."


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def test_legal_reviewer_answers_hrs_question_with_an_opinion(
    page, live_server, login, new_context, axe_check, screenshot
):
    officer = factories.hr(username="hanne", first_name="Hanne", last_name="Claes")
    jurist = factories.legal(username="lies", first_name="Lies", last_name="Maes")
    case = case_take_in_triage(case=reported_case(first_name="Jan", last_name="Janssens"),
                               user=officer)

    login(page, live_server, officer.username, factories.PASSWORD)
    page.goto(case.get_absolute_url())
    form = step_form(page, "Ask for a legal review")
    form.get_by_label("Legal reviewer").select_option(label=jurist.get_full_name())
    form.get_by_label("Question").fill(QUESTION)
    submit(page, form, "Send the request")
    expect(page.get_by_role("status")).to_contain_text("Recorded: ")
    expect(page.get_by_role("region", name="Legal", exact=True)).to_contain_text(QUESTION)

    desk = browser_for(new_context, login, live_server, jurist)
    queue = desk.get_by_role("region", name="Review queue")
    expect(queue).to_contain_text(case.reference)
    expect(queue).to_contain_text(QUESTION)
    assert axe_check(desk) == []
    screenshot(desk, "home-legal")
    open_case_from_home(desk, "Review queue", case.reference)
    # The reviewer reads the case; the steps of the procedure are not theirs to take.
    expect(desk.get_by_role("region", name="Next steps")).to_have_count(0)
    form = step_form(desk, "Write a legal opinion")
    form.get_by_label("Legal opinion").fill(OPINION)
    submit(desk, form, "File the opinion")
    expect(desk.get_by_role("status")).to_contain_text("Recorded: ")

    opinion = desk.get_by_role("region", name="Legal", exact=True).get_by_role("article")
    expect(opinion).to_have_count(1)
    expect(opinion.get_by_role("heading")).to_contain_text("Legal opinion — Lies Maes")
    expect(opinion).to_contain_text(OPINION)
    assert axe_check(desk) == []
    screenshot(desk, "legal-opinion")
    desk.goto("/")
    expect(desk.get_by_role("region", name="Review queue")).to_contain_text(
        "No review requests waiting.")

    page.reload()
    review = page.get_by_role("region", name="Legal", exact=True)
    expect(review).to_contain_text(OPINION)
    expect(review).to_contain_text("(answered)")
    expect(page.locator(".timeline li").last).to_contain_text(
        re.compile(r"Lies Maes\s+Legal opinion filed"))
