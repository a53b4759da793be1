"""The report form's small script: find the employee by typing, see only the provisions of the
kind of communication chosen."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.journeys import ENGLISH

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def test_manager_finds_the_employee_by_department_and_sees_only_matching_provisions(
        page, live_server, login):
    wanted = factories.EmployeeFactory(first_name="Jan", last_name="Xavierssen",
                                       personnel_number="P01234")
    other = factories.EmployeeFactory(first_name="Ann", last_name="Zoete")
    manager = factories.manager(first_name="Marleen", last_name="Peeters")
    login(page, live_server, manager.username, factories.PASSWORD)
    page.goto("/reports/new/")

    search = page.get_by_label("Search by name, personnel number or department")
    search.fill(f"p01234 {wanted.department.name[:4]}")
    expect(page.locator("#id_employee")).to_have_value(str(wanted.pk))
    assert page.locator(f"#id_employee option[value='{other.pk}']").evaluate("o => o.hidden")

    personal_only = page.locator("input[data-applies=personal]").first
    professional_only = page.locator("input[data-applies=professional]").first
    page.get_by_label("Kind of communication").select_option(label="Personal communication")
    expect(personal_only).to_be_visible()
    expect(professional_only).to_be_hidden()
    page.get_by_label("Kind of communication").select_option(label="Professional communication")
    expect(professional_only).to_be_visible()
    expect(personal_only).to_be_hidden()
