"""HR runs the disciplinary procedure of a statutory employee (Decreet Lokaal Bestuur art. 198-216,
BVR 20 July 2018) in the browser: investigation, report, prosecution, hearing, a reprimand,
its notification and an appeal to the Beroepscommissie voor Tuchtzaken."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from incidents.models import LegalStatus
from tests import factories
from tests.browser.journeys import (
    ENGLISH,
    browser_for,
    decide,
    expect_state,
    iso,
    open_case_from_home,
    reported_case,
    run_step,
    today,
)
from workflows.services.steps import case_take_in_triage

# serialized_rollback: the code's provisions and the rulebook come from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def decide_as_director(form, reason):
    # Rulebook default for statutory staff below the decretal grades: the algemeen directeur.
    form.get_by_label("Deciding body").select_option(label="de algemeen directeur (Gemeente)")
    form.get_by_label("Reason").fill(reason)


def test_hr_runs_a_disciplinary_case_to_the_outcome_of_the_appeal(
    page, live_server, login, new_context, axe_check
):
    officer = factories.hr(username="hanne", first_name="Hanne", last_name="Claes")
    investigator = factories.legal(username="lies.investigator")
    director = factories.decider(username="director", first_name="Dirk", last_name="Wouters")
    case = reported_case(status=LegalStatus.STATUTORY, first_name="Els", last_name="Willems")
    case_take_in_triage(case=case, user=officer)

    login(page, live_server, officer.username, factories.PASSWORD)
    open_case_from_home(page, None, case.reference)  # under "My cases"
    expect_state(page, "In triage")
    # A statutory employee cannot be dismissed for serious reason under art. 35.
    expect(page.locator("summary", has_text="Open the dismissal procedure")).to_have_count(0)

    def investigation(form):
        form.get_by_label("Date on which the competent authority had certain knowledge").fill(
            iso(today()))
        form.get_by_label("Investigator").select_option(label=investigator.get_full_name())
        # The manager learned of the facts yesterday: a later date needs an explanation.
        form.get_by_label(re.compile(r"^Note \(required")).fill(
            "The report reached the director only today.")

    run_step(page, "Open the disciplinary procedure", investigation)
    expect_state(page, "Investigation under way")
    expect(page.locator(".case-summary")).to_contain_text("Statutory")

    run_step(page, "Take note of the investigation report", lambda form: form.get_by_label(
        "Date the report was formally taken note of").fill(iso(today())))
    expect_state(page, "Investigation report taken note of")

    desk = browser_for(new_context, login, live_server, director)
    open_case_from_home(desk, "Awaiting your decision", case.reference)
    decide(desk, "Decide to prosecute", lambda form: decide_as_director(
        form, "The investigation report confirms the facts."))
    expect_state(desk, "Decided to prosecute")

    page.reload()

    def summons(form):
        # The summons went out two weeks earlier: the minimum notice is 10 days (rulebook).
        form.get_by_label("Date the summons is sent").fill(
            iso(today() - datetime.timedelta(days=14)))
        form.get_by_label("Date and time of the hearing").fill(f"{iso(today())}T08:30")
        form.get_by_label("Place").fill("Town hall, council chamber")
        form.get_by_label("Facts held against the employee").fill(
            "Shared confidential information from the personnel file on a private profile.")

    run_step(page, "Summon to the hearing", summons)
    expect_state(page, "Summoned to the hearing")

    def hearing(form):
        form.get_by_label(re.compile(r"^Outcome")).select_option(label="Held")
        form.get_by_label(re.compile(r"^Date:?$")).fill(iso(today()))
        form.get_by_label(re.compile(r"^Started at")).fill("09:05")
        form.get_by_label(re.compile(r"^Ended at")).fill("10:10")
        form.get_by_label("Statements (minutes)").fill("Els, with her counsel, admits the facts.")

    run_step(page, "Record the hearing", hearing)
    expect_state(page, "Hearing recorded, awaiting the sanction proposal")

    def proposal(form):
        form.get_by_label("Proposal by").select_option(label="the line manager")
        form.get_by_label("Proposed sanction").select_option(label="Reprimand (blaam)")
        form.get_by_label("Motivation of the proposal").fill("First offence, admitted at once.")

    run_step(page, "Record the sanction proposal", proposal)
    expect_state(page, "Sanction proposed, awaiting decision")
    expect(page.get_by_role("region", name="Sanction proposal")).to_contain_text(
        "First offence, admitted at once.")

    desk.reload()

    def sanction(form):
        decide_as_director(form, "Serious breach of art. 5.3; first offence.")
        form.get_by_label("Sanction").select_option(label="Reprimand (blaam)")

    decide(desk, "Take the disciplinary decision", sanction,
           expect_in_summary=["Reprimand (blaam)", "de algemeen directeur", "may appeal"])
    expect_state(desk, "Decision taken")
    expect(desk.get_by_role("region", name="Procedure")).to_contain_text("Reprimand (blaam)")

    page.reload()

    def notification(form):
        form.get_by_label("Method").select_option(label="Registered letter")
        form.get_by_label("Date sent or handed over (posting date)").fill(iso(today()))
        form.get_by_label("Date received by the employee").fill(iso(today()))

    run_step(page, "Record notification of the decision", notification)
    expect_state(page, "Decision notified, appeal period running")
    expect(page.get_by_role("region", name="Deadlines")).to_contain_text("30 calendar days left")

    run_step(page, "Record an appeal", lambda form: form.get_by_label(
        "Date the appeal was lodged").fill(iso(today())))
    expect_state(page, "Appeal lodged")
    expect(page.get_by_role("region", name="Procedure")).to_contain_text(
        "Beroepscommissie voor Tuchtzaken")

    def appeal_outcome(form):
        form.get_by_label(re.compile(r"^Outcome")).select_option(label="Appeal rejected")
        form.get_by_label("Date of the outcome").fill(iso(today()))
        form.get_by_label("Summary of the appeal decision").fill("The reprimand is confirmed.")

    run_step(page, "Record the outcome of the appeal", appeal_outcome)
    expect_state(page, "Closed")
    expect(page.get_by_role("region", name="Procedure")).to_contain_text("Appeal rejected")
    expect(page.get_by_role("region", name="Next steps")).to_have_count(0)
    assert axe_check(page) == []
