"""A school teacher's disciplinary case waits for the criminal case: HR puts it on hold with a legal
basis from the rulebook, the deadline that passed meanwhile reads "on hold", never "overdue", on the
case page and the deadlines dashboard; the governing body extends the preventive suspension beyond
its year because the criminal case runs."""

import datetime
import os
import re
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from incidents.models import LegalStatus
from tests import factories
from tests.browser.journeys import ENGLISH, browser_for, iso, reported_case, step_form, submit, today
from workflows.defence import proceedings
from workflows.services import disciplinary, steps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SUSPENDED_FROM = datetime.date.today() - datetime.timedelta(days=330)
SUSPENDED_UNTIL = SUSPENDED_FROM + relativedelta(months=12) - datetime.timedelta(days=1)
# Pictures of the pages for a person to look at (REVIEW_SHOTS=/some/dir); never committed.
SHOTS = os.environ.get("REVIEW_SHOTS")
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def teacher_case(officer, governing_body):
    """Report noted 70 days ago (the 60 days to decide on prosecution passed 10 days ago),
    suspended 330 days ago for a year, the prosecutor seized."""
    noted = today() - datetime.timedelta(days=70)
    case = reported_case(status=LegalStatus.EDUCATION_PERMANENT, first_name="Wim",
                         last_name="Maes")
    case = steps.case_take_in_triage(case=case, user=officer)
    case = steps.case_open_disciplinary(case=case, user=officer, knowledge_date=noted,
                                        investigator=factories.legal(),
                                        reason="The report reached the school board later.")
    case = disciplinary.case_take_note_of_report(case=case, user=officer, noted_on=noted)
    disciplinary.case_impose_preventive_suspension(
        case=case, user=governing_body, starts_on=SUSPENDED_FROM, ends_on=SUSPENDED_UNTIL,
        salary_reduction_percent=0, reason="In the interest of the school", heard_on=SUSPENDED_FROM)
    proceedings.criminal_proceeding_record(case=case, user=officer, body="prosecutor",
                                           reference="GE.12.L1.004512/26", known_on=noted)
    return case


def shoot(page, name):
    if not SHOTS:
        return
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_case_on_hold_shows_its_deadlines_on_hold_and_the_suspension_is_extended(
    page, live_server, login, new_context
):
    officer = factories.hr(username="hanne", first_name="Hanne", last_name="Claes")
    board = factories.decider(username="board", first_name="Bert", last_name="Segers")
    case = teacher_case(officer, board)
    hold_from = today() - datetime.timedelta(days=65)

    login(page, live_server, officer.username, factories.PASSWORD)
    page.goto(case.get_absolute_url())
    form = step_form(page, "Put the procedure on hold")
    form.get_by_role("combobox", name=re.compile("^Criminal proceedings")).select_option(index=1)
    form.get_by_label("On hold from").fill(iso(hold_from))
    # The only legal basis offered is the education regime's rulebook entry, with its flag.
    basis = form.get_by_role("radio")
    expect(basis).to_have_count(1)
    # Its Dutch source in the English reader's language: the decree's name kept and glossed.
    expect(form).to_contain_text("Decreet rechtspositie gesubsidieerd onderwijs (Decree on the "
                                 "legal status of staff in subsidised education) of 27 March 1991")
    expect(form).to_contain_text("to be confirmed by the legal service")
    basis.check()
    submit(page, form, "Put on hold")

    since = hold_from.strftime("%d/%m/%Y")
    defence = page.get_by_role("region", name="Defence and record")
    expect(defence).to_contain_text("le criminel tient le civil en état")
    expect(defence).to_contain_text("rule to be confirmed by the legal service")
    main = page.locator("main")
    expect(main).to_contain_text(f"on hold since {since}")
    expect(main).not_to_contain_text("overdue by")
    shoot(page, "case-on-hold")

    page.goto("/cases/deadlines/")
    row = page.locator("tr").filter(has_text=case.reference).first
    expect(row).to_contain_text(f"on hold since {since}")
    shoot(page, "deadlines-on-hold")

    director_page = browser_for(new_context, login, live_server, board)
    director_page.goto(case.get_absolute_url())
    form = step_form(director_page, "Extend the preventive suspension")
    new_last = SUSPENDED_UNTIL + relativedelta(months=6)
    form.get_by_label("New last day of the suspension").fill(iso(new_last))
    form.get_by_label("Reason").fill("The criminal investigation is still running.")
    submit(director_page, form, "Extend")
    expect(director_page.locator("main")).to_contain_text(
        "Recorded: Preventive suspension extended.")
    expect(director_page.locator("main")).to_contain_text(
        f"until {new_last.strftime('%d/%m/%Y')}")
    shoot(director_page, "suspension-extended")
