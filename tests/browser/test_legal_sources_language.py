"""In the browser, the case page shows a deadline's legal source glossed for a reader who chose
English, and unchanged for a Dutch reader."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from incidents.models import LegalStatus
from tests import factories
from tests.browser.journeys import browser_for, today
from tests.workflows.conftest import submitted_case
from workflows.legal_sources import gloss_in_english
from workflows.services import steps

# serialized_rollback: the rulebook comes from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_case_page_cites_the_source_glossed_in_english_and_unchanged_in_dutch(
        new_context, login, live_server):
    hr = factories.hr(username="hanne", first_name="Hanne", last_name="Claes")
    case = steps.case_take_in_triage(case=submitted_case(status=LegalStatus.STATUTORY), user=hr)
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=today(),
                                        investigator=factories.legal())
    source = case.deadlines.select_related("rule").get(code="start_proceedings").rule.legal_source

    english = browser_for(new_context, login, live_server, hr)
    # The header's language button stores this choice; set it as that button does.
    english.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en",
                                  "url": live_server.url}])
    english.goto(case.get_absolute_url())
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.locator("main")).to_contain_text(gloss_in_english(source))
    expect(english.locator("main")).not_to_contain_text(source)

    dutch = browser_for(new_context, login, live_server, hr)  # Dutch: everyone's default
    dutch.goto(case.get_absolute_url())
    expect(dutch.locator("html")).to_have_attribute("lang", "nl-be")
    expect(dutch.locator("main")).to_contain_text(source)
    expect(dutch.locator("main")).not_to_contain_text(gloss_in_english(source))
