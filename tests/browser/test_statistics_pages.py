"""The statistics page and the consistency panel, on a desktop and on a phone."""

import pytest
from django.utils import timezone

from incidents.models import Department, EmployingEntity, LegalStatus, Provision
from tests import factories
from tests.factories import PASSWORD
from tests.statistics.conftest import case_in, closed_with_sanction, management_user
from tests.workflows.test_disciplinary_track import proposed
from workflows.models import Case, Sanction
from workflows.services.steps import case_take_in_triage
from workflows.statistics.snapshots import snapshot_refresh

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def fits_its_width(page, selector) -> bool:
    """The sections this feature adds never scroll sideways (wide tables scroll inside their
    own box); the site header's width on phones is issue #15's."""
    return page.evaluate(
        "sel => [...document.querySelectorAll(sel)].every(s => s.scrollWidth <= s.clientWidth + 1)",
        selector)


def some_cases():
    communication = Department.objects.get_or_create(
        entity=EmployingEntity.MUNICIPALITY, name="Communicatie")[0]
    ocmw = Department.objects.get_or_create(entity=EmployingEntity.OCMW, name="Thuiszorg")[0]
    provision = Provision.objects.order_by("position").first()
    for _ in range(7):
        case_in(communication, provisions=[provision])
    for _ in range(9):
        closed_with_sanction(ocmw, Sanction.REPRIMAND, [provision])
    closed_with_sanction(ocmw, Sanction.SUSPENSION, [provision])
    return communication, provision


@pytest.mark.parametrize("size", SIZES)
def test_statistics_page_shows_charts_and_protected_tables(page, live_server, login, axe_check,
                                                           screenshot, size, settings):
    settings.STATISTICS_SNAPSHOT_SECONDS = 3600  # published in steps, as in production
    communication, provision = some_cases()
    snapshot_refresh(timezone.localdate().year)
    case_in(communication, provisions=[provision])  # one case: held back until a whole step
    snapshot_refresh(timezone.localdate().year)
    user = management_user(first_name="Mia", last_name="Peeters")
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    login(page, live_server, user.username, PASSWORD)
    page.goto("/statistics/")
    assert page.locator("svg.bar-chart").count() >= 5
    assert page.get_by_text("< 5").first.is_visible()
    assert page.get_by_text("nog niet meegeteld").is_visible()  # "not counted yet"
    assert fits_its_width(page, "main section")
    assert axe_check(page) == []
    screenshot(page, f"statistics-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_consistency_panel_on_the_decision(page, live_server, login, axe_check, screenshot, size):
    communication, provision = some_cases()
    hr = factories.hr()
    decider = factories.decider(first_name="Dirk", last_name="Wouters")
    case = case_take_in_triage(case=case_in(communication, provisions=[provision],
                                            status=LegalStatus.STATUTORY,
                                            knowledge_date=timezone.localdate()), user=hr)
    case = proposed(case, hr, decider)
    Case.objects.filter(pk=case.pk).update(seriousness=Case.Seriousness.SERIOUS)
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    login(page, live_server, decider.username, PASSWORD)
    page.goto(case.get_absolute_url())
    panel = page.locator("section.consistency")
    panel.scroll_into_view_if_needed()
    assert "10" in panel.inner_text()
    assert fits_its_width(page, "section.consistency")
    assert axe_check(page) == []
    screenshot(page, f"consistency-panel-{size}", full_page=False)
