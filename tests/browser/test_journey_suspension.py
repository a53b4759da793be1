"""The deciding authority imposes a preventive suspension within the rulebook's salary bound:
a reduction beyond it is refused with the rule's source and flag, nothing typed is lost, and the
case page then states the pay terms with their source (art. 209 DLB)."""

import datetime

import pytest
from playwright.sync_api import expect

from incidents.models import LegalStatus
from tests import factories
from tests.browser.journeys import (
    ENGLISH,
    browser_for,
    iso,
    reported_case,
    step_form,
    submit,
    today,
)
from workflows.defence import proceedings
from workflows.defence.models import CriminalProceeding
from workflows.services import steps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def investigated_case(hr):
    case = steps.case_take_in_triage(case=reported_case(status=LegalStatus.STATUTORY), user=hr)
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=today(),
                                        investigator=factories.legal(),
                                        reason="The report reached the authority only today.")
    proceedings.criminal_proceeding_record(case=case, user=hr,
                                           body=CriminalProceeding.Body.PROSECUTOR,
                                           reference="AN.12.34.5678/26", known_on=today())
    return case


def fill_suspension(form, percent: str) -> None:
    form.get_by_label("Starts on").fill(iso(today() + datetime.timedelta(days=2)))
    form.get_by_label("Last day (inclusive)").fill(iso(today() + datetime.timedelta(days=60)))
    form.get_by_label("Salary reduction (percentage of net pay)").fill(percent)
    form.get_by_label("Reason").fill("Unrest in the department during the investigation.")
    form.get_by_label("Employee heard on").fill(iso(today()))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_reduction_beyond_the_bound_is_refused_and_the_allowed_one_shown_with_its_source(
        new_context, login, live_server, axe_check, screenshot, viewport):
    hr = factories.hr()
    decider = factories.decider(first_name="Anna", last_name="Vermeulen")
    case = investigated_case(hr)
    page = browser_for(new_context, login, live_server, decider)
    page.set_viewport_size(viewport)
    page.goto(case.get_absolute_url())

    form = step_form(page, "Impose a preventive suspension")
    fill_suspension(form, "35")
    submit(page, form, "Impose")
    form = step_form(page, "Impose a preventive suspension")
    expect(form).to_contain_text("At most 20% of the net pay may be withheld")
    expect(form).to_contain_text("to be confirmed by the legal service")
    expect(form.get_by_label("Reason")).to_have_value(
        "Unrest in the department during the investigation.")
    assert axe_check(page) == []

    form.get_by_label("Salary reduction (percentage of net pay)").fill("20")
    submit(page, form, "Impose")
    section = page.locator("article.suspension")
    expect(section).to_contain_text("Salary reduced by 20% of net pay")
    expect(section).to_contain_text("art. 209 Decreet Lokaal Bestuur")
    expect(section.locator("mark")).to_have_text("to be confirmed")
    screenshot(page, f"case-suspension-{viewport['width']}")
