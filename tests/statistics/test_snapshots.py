"""Each year's counts precomputed (`refresh_statistics`): the page reads them instead of counting
the year's cases, says as of when, and never shows them older than STATISTICS_SNAPSHOT_SECONDS."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.statistics.conftest import YEAR, case_in, closed_with_sanction, management_user
from tests.statistics.test_figures import hand_counted  # noqa: F401 (a fixture)
from workflows.models import Case, StatisticsSnapshot
from workflows.models.steps import Sanction
from workflows.statistics.figures import YearStatistics
from workflows.statistics.snapshots import snapshot_refresh

pytestmark = pytest.mark.django_db
COUNTING = ("workflows_decision", "workflows_casedeadline", "workflows_appeal",
            "workflows_notification", "workflows_case_provisions")


@pytest.fixture
def snapshots_on(settings):
    settings.STATISTICS_SNAPSHOT_SECONDS = 3600


def page(client, **params):
    client.force_login(management_user())
    return client.get(reverse("statistics:page"), params)


def everything(stats: YearStatistics) -> dict:
    found = {"cases": (stats.cases.values, stats.cases.hidden),
             "durations": [(d["label"], vars(d["to_decision"]),
                            d["to_dismissal"] and vars(d["to_dismissal"]))
                           for d in stats.durations()]}
    for key, table in stats.tables.items():
        found[key] = ([(r.key, r.label) for r in table.rows], table.values, table.hidden)
    return found


class TestSnapshotFigures:
    def test_figures_built_from_a_stored_snapshot_equal_the_figures_counted_now(
            self, hand_counted):  # noqa: F811
        snapshot_refresh(YEAR)
        stored = StatisticsSnapshot.objects.get(year=YEAR)  # read back through JSON
        assert everything(YearStatistics(YEAR, minimum=5, summary=stored.summary)) == everything(
            YearStatistics(YEAR, minimum=5))

    def test_the_command_counts_every_year_with_cases_and_drops_years_without(
            self, departments):
        case = case_in(departments["communication"])
        Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at.replace(year=YEAR - 2))
        case_in(departments["ocmw"])
        StatisticsSnapshot.objects.create(year=1990, computed_at=timezone.now(), summary={})
        call_command("refresh_statistics")
        assert set(StatisticsSnapshot.objects.values_list("year", flat=True)) == {
            YEAR, YEAR - 1, YEAR - 2}
        older = StatisticsSnapshot.objects.get(year=YEAR - 2).summary
        assert sum(row["n"] for row in older["months"]) == 1


class TestPageReadsTheSnapshot:
    def test_the_page_shows_the_counted_figures_and_as_of_when(
            self, client, departments, snapshots_on):
        for _ in range(6):
            case_in(departments["communication"])
        counted = snapshot_refresh(YEAR)
        case_in(departments["communication"])  # after the count: not in the figures yet
        response = page(client, year=YEAR)
        assert response.context["cases_total"].display == "6"
        assert response.context["stats"].as_of == counted.computed_at
        assert "Figures as of" in response.content.decode()

    def test_the_page_counts_no_case_rows_when_a_snapshot_is_fresh(
            self, client, hand_counted, snapshots_on):  # noqa: F811
        snapshot_refresh(YEAR)
        page(client)  # the session and permission caches
        with CaptureQueriesContext(connection) as queries:
            page(client)
        assert not [q["sql"] for q in queries.captured_queries
                    if any(table in q["sql"] for table in COUNTING)]

    def test_a_snapshot_older_than_allowed_is_counted_again_by_the_page(
            self, client, departments, snapshots_on):
        for _ in range(6):
            case_in(departments["communication"])
        StatisticsSnapshot.objects.filter(pk=snapshot_refresh(YEAR).pk).update(
            computed_at=timezone.now() - datetime.timedelta(hours=2))
        for _ in range(5):  # a whole step (statistics/release.py)
            case_in(departments["communication"])
        response = page(client, year=YEAR)
        assert response.context["cases_total"].display == "11"
        assert StatisticsSnapshot.objects.get(year=YEAR).computed_at > (
            timezone.now() - datetime.timedelta(minutes=1))

    def test_the_page_runs_the_same_queries_for_many_more_cases(
            self, client, departments, snapshots_on):
        case_in(departments["communication"])
        snapshot_refresh(YEAR)
        page(client)
        with CaptureQueriesContext(connection) as few:
            page(client)
        for _ in range(8):
            closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND,
                                 [factories.ProvisionFactory()])
        snapshot_refresh(YEAR)
        with CaptureQueriesContext(connection) as many:
            response = page(client)
        # The municipality's one case is held back until four more join it (release.py).
        assert response.context["cases_total"].display == "8"
        assert len(many) == len(few)
