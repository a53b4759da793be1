"""The legal service confirms a rule flagged "to be confirmed" in the application's rulebook."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.journeys import ENGLISH
from workflows.legal_sources import gloss_in_english
from workflows.models import DeadlineRule, RuleChange

# serialized_rollback: the rulebook comes from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
REASON = "Art. 203 Decreet Lokaal Bestuur read by the legal service: six months confirmed."


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def test_legal_confirms_a_flagged_rule_in_the_rulebook(page, live_server, login, axe_check,
                                                        screenshot):
    jurist = factories.legal(username="legal", first_name="Lotte", last_name="Goossens")
    rule = DeadlineRule.objects.get(code="start_proceedings", regime="local_government")

    login(page, live_server, jurist.username, factories.PASSWORD)
    page.get_by_role("link", name="Rulebook").click()
    expect(page.get_by_role("heading", name="Rulebook", level=1)).to_be_visible()
    source = gloss_in_english(rule.legal_source)  # the page is in English
    row = page.locator("tr").filter(has_text=source).filter(has_text="v1")
    expect(row.get_by_role("cell").filter(has_text="in force from")).to_contain_text(
        "to be confirmed")
    assert axe_check(page) == []
    screenshot(page, "rulebook", full_page=False)

    row.locator("summary", has_text="Confirm").click()
    row.get_by_label("Source that confirms the rule").fill(REASON)
    with page.expect_navigation():
        row.get_by_role("button", name="Confirm this rule").click()

    expect(page.get_by_role("status")).to_contain_text("Rule confirmed")
    confirmed = page.locator("tr").filter(has_text=source).filter(has_text="v2")
    expect(confirmed).to_contain_text("confirmed")
    expect(confirmed).to_contain_text(REASON)
    # The status cell: this source's own words ("to be confirmed for the ...") are not the flag.
    status = confirmed.get_by_role("cell").filter(has_text="in force from")
    expect(status).to_contain_text("confirmed")
    expect(status).not_to_contain_text("to be confirmed")
    new = DeadlineRule.objects.get(code=rule.code, regime=rule.regime, version=2)
    assert not new.to_be_confirmed and new.created_by == jurist
    assert RuleChange.objects.get().reason == REASON
