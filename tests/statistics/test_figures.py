"""The figures against a hand-counted fixture, and the page that shows them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents.models import AccountKind, Platform
from tests import factories
from tests.statistics.conftest import YEAR, case_in, closed_with_sanction, management_user
from incidents.models import Incident
from workflows.models import Case
from workflows.models.steps import Sanction
from workflows.statistics.figures import YearStatistics

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_counted(departments):
    """12 cases: 7 in Communicatie (municipality), 5 at the OCMW. 6 on Facebook, 6 on a blog.
    5 OCMW cases closed with a reprimand, decided 10 days after the report."""
    provision = factories.ProvisionFactory()
    for _ in range(7):
        case_in(departments["communication"], platform=Platform.ONLINE_NETWORK if _ < 6
                else Platform.BLOG, provisions=[provision])
    cases = [closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND, [provision])
             for _ in range(5)]
    Incident.objects.filter(case__in=cases).update(platform=Platform.BLOG)
    reported = timezone.localdate() - datetime.timedelta(days=10)
    Incident.objects.filter(case__in=cases).update(
        submitted_at=timezone.make_aware(datetime.datetime.combine(reported, datetime.time(12))))
    return provision


class TestHandCountedFigures:
    def test_cases_per_entity_and_platform(self, hand_counted):
        stats = YearStatistics(YEAR, minimum=5)
        assert stats.cases.figure("cases").value == 12
        assert stats.cases.figure("cases", "municipality").display == "7"
        assert stats.cases.figure("cases", "ocmw").display == "5"
        platforms = stats.tables["platforms"]
        assert platforms.figure(Platform.ONLINE_NETWORK).display == "6"
        assert platforms.figure(Platform.BLOG).display == "6"
        assert platforms.figure(Platform.BLOG, "municipality").display == "< 5"  # 1 case
        accounts = stats.tables["accounts"]
        assert accounts.figure(AccountKind.PRIVATE).display == "12"

    def test_provision_month_and_outcome(self, hand_counted):
        stats = YearStatistics(YEAR, minimum=5)
        assert stats.tables["provisions"].figure(str(hand_counted.pk)).display == "12"
        month = str(timezone.localtime().month)
        assert stats.tables["months"].figure(month).display == "12"
        outcomes = stats.tables["outcomes"]
        assert outcomes.figure("disciplinary_local:sanction:blaam").display == "5"
        assert outcomes.figure("triage:open").display == "7"

    def test_time_from_report_to_decision(self, hand_counted):
        line = next(d for d in YearStatistics(YEAR, minimum=5).durations()
                    if d["to_decision"].count)
        assert line["to_decision"].count == 5
        assert line["to_decision"].median == 10

    def test_fewer_cases_than_the_threshold_publish_no_median(self, departments):
        for _ in range(3):
            closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND,
                                 [factories.ProvisionFactory()])
        spreads = [d["to_decision"] for d in YearStatistics(YEAR, minimum=5).durations()]
        assert all(s.median is None for s in spreads)
        assert "< 5" in [s.count_display for s in spreads]


class TestStatisticsPage:
    def url(self, **params):
        return reverse("statistics:page") + ("?" + "&".join(f"{k}={v}" for k, v in params.items())
                                             if params else "")

    def test_hr_officers_without_the_permission_are_refused(self, client, hr_user):
        client.force_login(hr_user)
        assert client.get(self.url()).status_code == 403

    def test_anonymous_visitors_are_sent_to_login(self, client):
        response = client.get(self.url())
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_hr_leads_and_management_see_the_figures(self, client, hand_counted):
        for user in (factories.hr_lead(), management_user()):
            client.force_login(user)
            response = client.get(self.url(year=YEAR, entity="municipality"))
            assert response.status_code == 200
            assert response.context["cases_total"].display == "7"
            assert b"<svg" in response.content

    def test_page_names_no_case_and_no_employee(self, client, hand_counted):
        client.force_login(management_user())
        page = client.get(self.url()).content.decode()
        for case in Case.objects.select_related("incident__employee"):
            assert case.reference not in page
            assert case.incident.employee.last_name not in page

    def test_page_runs_the_same_queries_for_more_cases(self, client, departments):
        user = management_user()
        client.force_login(user)
        case_in(departments["communication"])
        client.get(self.url())  # warm the session and permission caches
        with CaptureQueriesContext(connection) as few:
            client.get(self.url())
        for _ in range(6):
            closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND,
                                 [factories.ProvisionFactory()])
        with CaptureQueriesContext(connection) as many:
            client.get(self.url())
        assert len(many) == len(few)
        assert len(few) <= 21

    def test_a_year_takes_eleven_grouped_queries_and_the_sanction_catalogue(
            self, hand_counted, django_assert_num_queries):
        with django_assert_num_queries(12):
            YearStatistics(YEAR)

    def test_other_views_of_a_year_reuse_its_figures(self, client, hand_counted, settings):
        settings.STATISTICS_CACHE_SECONDS = 60
        client.force_login(management_user())
        first = client.get(self.url(year=YEAR)).context["cases_total"]
        with CaptureQueriesContext(connection) as queries:
            other = client.get(self.url(year=YEAR, entity="ocmw")).context["cases_total"]
        assert (first.display, other.display) == ("12", "5")
        assert not [q for q in queries.captured_queries if "workflows_decision" in q["sql"]]

    def test_unknown_year_falls_back_to_the_latest_year(self, client, hand_counted):
        client.force_login(management_user())
        response = client.get(self.url(year="1900", entity="nowhere"))
        assert response.status_code == 200
        assert response.context["year"] == YEAR
