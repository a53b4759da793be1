"""The statistics of a year change only in steps (statistics/release.py): an attacker who views
the page, makes or watches one case change, waits for the next count and views again, finds
nothing that moved."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident, Platform
from tests import factories
from tests.statistics.attacker import Reader
from tests.statistics.conftest import YEAR, case_in, closed_with_sanction, management_user
from workflows.models import Appeal, Case, Decision, StatisticsSnapshot
from workflows.statistics.figures import summarise
from workflows.models.steps import Sanction
from workflows.statistics.release import changed_cases
from workflows.statistics.rows import statistics_rows
from workflows.statistics.selectors import year_counts
from workflows.statistics.snapshots import snapshot_refresh, year_statistics
from workflows.retention.purge import purge_case_rows
from workflows.statistics.tables import ALL, entity_columns
from workflows.states import CaseState, Regime, Track

pytestmark = pytest.mark.django_db
COLUMNS = [ALL, *entity_columns()]


@pytest.fixture(autouse=True)
def snapshots_on(settings):
    settings.STATISTICS_SNAPSHOT_SECONDS = 3600


@pytest.fixture
def provision(db):
    return factories.ProvisionFactory()


@pytest.fixture
def published(departments, provision):
    """Six open cases at the municipality, five closed with a reprimand at the OCMW, five open
    at the school: every part published at the first count."""
    for _ in range(6):
        case_in(departments["communication"], provisions=[provision])
    for _ in range(5):
        closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND, [provision])
    for _ in range(5):
        case_in(departments["school"], provisions=[provision])
    return snapshot_refresh(YEAR).computed_at


def every_view() -> dict:
    """Every figure of every view of the year (each entity and all), as the page and the
    exports publish them."""
    stats = year_statistics(YEAR)
    return {column: statistics_rows(stats, column)[1] for column in COLUMNS}


def without_provisions(views: dict) -> dict:
    return {column: [row for row in rows if row[0] != "Per provision of the code"]
            for column, rows in views.items()}


def figure(view: list, table: str, category: str):
    return next(row[2] for row in view if (row[0], row[1]) == (table, category))


def close(case: Case, sanction: str) -> None:
    """`case` closes with `sanction`, as the deciding authority records it."""
    Case.objects.filter(pk=case.pk).update(
        state=CaseState.CLOSED, track=Track.DISCIPLINARY, regime=Regime.LOCAL_GOVERNMENT,
        outcome=Case.Outcome.SANCTION, closed_at=timezone.now())
    Decision.objects.create(case=case, kind=sanction, sanction=sanction, reasons="Gemotiveerd",
                            authority="College", decided_by=factories.decider(),
                            decided_on=timezone.localdate())


class TestDifferencingTheStatisticsPage:
    def test_one_case_closing_with_a_known_sanction_moves_no_figure_of_any_view(
            self, published, departments):
        watched = Case.objects.filter(
            incident__employee__department=departments["communication"]).first()
        before = every_view()
        close(watched, Sanction.SUSPENSION)
        snapshot_refresh(YEAR)
        assert every_view() == before

    def test_one_new_case_with_a_known_platform_and_provision_moves_no_figure(
            self, published, departments):
        before = every_view()
        case_in(departments["works"], platform=Platform.BLOG,
                provisions=[factories.ProvisionFactory()])
        snapshot_refresh(YEAR)
        assert every_view() == before

    def test_one_appeal_lodged_and_decided_moves_no_figure(self, published, departments):
        appealed = Case.objects.filter(incident__employee__department=departments["ocmw"]).first()
        before = every_view()
        appeal = Appeal.objects.create(case=appealed, lodged_on=timezone.localdate())
        snapshot_refresh(YEAR)
        assert every_view() == before
        Appeal.objects.filter(pk=appeal.pk).update(outcome=Appeal.Outcome.choices[0][0])
        snapshot_refresh(YEAR)
        assert every_view() == before

    def test_one_case_requalified_under_five_more_provisions_moves_no_figure(
            self, published, departments):
        watched = Case.objects.filter(
            incident__employee__department=departments["communication"]).first()
        before = every_view()
        watched.provisions.add(*[factories.ProvisionFactory() for _ in range(5)])
        snapshot_refresh(YEAR)
        assert every_view() == before

    def test_new_cases_do_not_carry_one_older_cases_outcome_along(
            self, published, departments):
        """Ten new open cases are a whole step of cases, but not of decisions: the one decision
        among them would be the only change of the outcomes that are not "open"."""
        watched = Case.objects.filter(
            incident__employee__department=departments["communication"]).first()
        before = every_view()
        for _ in range(10):
            case_in(departments["communication"])
        close(watched, Sanction.SUSPENSION)
        snapshot_refresh(YEAR)
        after = every_view()
        # The ten new cases' provisions are a whole step of their own, and say nothing of
        # the watched case; every other figure stays put.
        assert without_provisions(after) == without_provisions(before)
        assert after["municipality"] != before["municipality"]

    def test_appeals_lodged_do_not_carry_one_appeals_outcome_along(self, published,
                                                                   departments):
        ocmw = list(Case.objects.filter(incident__employee__department=departments["ocmw"]))
        watched = Appeal.objects.create(case=ocmw[0], lodged_on=timezone.localdate())
        for case in ocmw:
            Appeal.objects.create(case=case, lodged_on=timezone.localdate())
        snapshot_refresh(YEAR)
        before = every_view()
        for case in ocmw:
            Appeal.objects.create(case=case, lodged_on=timezone.localdate())
        Appeal.objects.filter(pk=watched.pk).update(outcome=Appeal.Outcome.choices[0][0])
        snapshot_refresh(YEAR)
        assert every_view() == before

    def test_one_case_at_the_school_does_not_move_the_school_or_all_entities(
            self, published, departments, provision):
        before = every_view()
        for _ in range(5):
            case_in(departments["communication"], provisions=[provision])
        case_in(departments["school"], provisions=[provision])
        snapshot_refresh(YEAR)
        after = every_view()
        assert after["school"] == before["school"]
        cases = [(figure(before[c], "Cases opened", "Cases opened"),
                  figure(after[c], "Cases opened", "Cases opened")) for c in COLUMNS]
        # All entities moved by the municipality's five, not by the school's one.
        assert cases[0] == ("16", "21")
        assert cases[1] == ("6", "11")


def hidden_cells(stats) -> dict:
    tables = [stats.cases, *stats.tables.values()]
    return {(table.key, cell): table.values[cell] for table in tables for cell in table.hidden}


def all_cells(stats) -> dict:
    tables = [stats.cases, *stats.tables.values()]
    return {(table.key, cell): value for table in tables for cell, value in table.values.items()}


class TestSuppressionCarriedOver:
    def test_a_figure_hidden_in_one_release_stays_hidden_while_its_value_is_the_same(
            self, departments):
        """Three blog cases at the municipality are hidden, and the school's six blog cases with
        them (or the row would give the three back). When the municipality's blog cases reach
        eight, the school's six must not show: the earlier release's row would give the three."""
        for _ in range(3):
            case_in(departments["communication"], platform=Platform.BLOG)
        for _ in range(6):
            case_in(departments["communication"])
            case_in(departments["school"], platform=Platform.BLOG)
        for _ in range(5):
            closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND,
                                 [factories.ProvisionFactory()])
        snapshot_refresh(YEAR)
        first = year_statistics(YEAR)
        assert first.tables["platforms"].figure(Platform.BLOG, "municipality").display == "< 5"
        for _ in range(5):
            case_in(departments["communication"], platform=Platform.BLOG)
        snapshot_refresh(YEAR)
        second = year_statistics(YEAR)
        assert second.tables["platforms"].figure(Platform.BLOG, "municipality").value == 8
        still = all_cells(second)
        uncovered = [cell for cell, value in hidden_cells(first).items()
                     if still.get(cell) == value and cell not in hidden_cells(second)]
        assert uncovered == []


class TestReleaseStoredBeforeEveryReleaseWasKept:
    def test_its_own_cells_are_what_readers_know_of_the_earlier_releases(self, departments):
        """A year last published before every release's knowledge was stored (its release has
        the cells it published, `pattern`, and no knowledge of the earlier ones): the next release
        keeps what it hid hidden, as in TestSuppressionCarriedOver."""
        for _ in range(3):
            case_in(departments["communication"], platform=Platform.BLOG)
        for _ in range(6):
            case_in(departments["communication"])
            case_in(departments["school"], platform=Platform.BLOG)
        snapshot = snapshot_refresh(YEAR)
        first = year_statistics(YEAR)
        StatisticsSnapshot.objects.filter(pk=snapshot.pk).update(
            release=snapshot.release | {"before": {}}, knowledge={})
        for _ in range(5):
            case_in(departments["communication"], platform=Platform.BLOG)
        snapshot_refresh(YEAR)
        second = year_statistics(YEAR)
        assert second.tables["platforms"].figure(Platform.BLOG, "municipality").value == 8
        assert second.tables["platforms"].figure(Platform.BLOG, "school").display == "×"
        still = all_cells(second)
        assert [cell for cell, value in hidden_cells(first).items()
                if still.get(cell) == value and cell not in hidden_cells(second)] == []
        assert "equations" in StatisticsSnapshot.objects.get(year=YEAR).knowledge


class TestPublishedInSteps:
    def test_five_cases_closing_are_published_together(self, published, departments):
        watched = list(Case.objects.filter(
            incident__employee__department=departments["communication"]))[:5]
        close(watched[0], Sanction.SUSPENSION)
        snapshot_refresh(YEAR)
        for case in watched[1:]:
            close(case, Sanction.SUSPENSION)
        snapshot_refresh(YEAR)
        stats = year_statistics(YEAR)
        suspended = "disciplinary_local:sanction:schorsing"
        assert stats.tables["outcomes"].figure(suspended, "municipality").value == 5
        assert stats.held_back("municipality") is None

    def test_the_page_says_which_changes_it_does_not_count_yet_and_since_when(
            self, client, published, departments):
        case_in(departments["works"])
        snapshot_refresh(YEAR)
        client.force_login(management_user())
        response = client.get(reverse("statistics:page"), {"year": YEAR,
                                                           "entity": "municipality"})
        assert response.context["held_back"].since == published
        assert "some changes since" in response.content.decode()
        other = client.get(reverse("statistics:page"), {"year": YEAR, "entity": "ocmw"})
        assert other.context["held_back"] is None
        assert "not counted yet" not in other.content.decode()

    def test_an_entity_never_published_says_some_cases_are_not_counted(self, client,
                                                                       departments):
        case_in(departments["school"])
        snapshot_refresh(YEAR)
        client.force_login(management_user())
        response = client.get(reverse("statistics:page"), {"year": YEAR, "entity": "school"})
        assert response.context["cases_total"].display == "0"
        assert response.context["held_back"].since is None
        assert "some cases of this year are not counted yet" in response.content.decode()

    def test_the_page_runs_the_same_queries_with_changes_held_back(
            self, client, published, departments):
        client.force_login(management_user())
        client.get(reverse("statistics:page"))
        with CaptureQueriesContext(connection) as none_held:
            client.get(reverse("statistics:page"))
        for department in ("communication", "ocmw", "school"):
            case_in(departments[department])
        snapshot_refresh(YEAR)
        with CaptureQueriesContext(connection) as held:
            response = client.get(reverse("statistics:page"))
        assert response.context["held_back"] is not None
        assert len(held) == len(none_held)


class TestKnowledgeOfEarlierReleases:
    def test_the_page_never_loads_what_earlier_releases_published(self, client, published):
        client.force_login(management_user())
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("statistics:page"))
        reads = [query["sql"] for query in queries.captured_queries
                 if "workflows_statisticssnapshot" in query["sql"]]
        assert reads and not any("knowledge" in sql for sql in reads)
        assert StatisticsSnapshot.objects.get(year=YEAR).knowledge["seen"]["platforms"]


class TestCountsNeverShownAsSuch:
    def test_a_snapshot_without_published_figures_is_counted_and_published_first(
            self, departments):
        for _ in range(5):
            case_in(departments["communication"])
        StatisticsSnapshot.objects.create(year=YEAR, computed_at=timezone.now(),
                                          summary=summarise(year_counts(YEAR)))
        case_in(departments["communication"])
        stats = year_statistics(YEAR)
        # Published from an empty start: the six cases are one step, counted now.
        assert stats.cases.figure("cases", "municipality").display == "6"
        assert StatisticsSnapshot.objects.get(year=YEAR).release["held"] == {}


class TestChangedCases:
    def test_a_case_entering_counts_one_and_a_case_moving_counts_one(self):
        assert changed_cases({"a": 3}, {"a": 4}) == 1
        assert changed_cases({"a": 3, "b": 1}, {"a": 2, "b": 2}) == 1

    def test_moves_that_cancel_out_in_the_total_still_count(self):
        assert changed_cases({"a": 5, "b": 0, "c": 0}, {"a": 0, "b": 3, "c": 2}) == 5


def move_platform(cases, platform) -> None:
    Incident.objects.filter(pk__in=[c.incident_id for c in cases]).update(platform=platform)


class TestSubtractingAcrossEveryRelease:
    """Four counts of the year. The municipality's cases on a blog (3) are hidden from the second
    release on; the microblog figure that protects them in the second release (10) returns to
    the value (5) the first release showed, while the other figures keep values shown before.
    Protected again with the knowledge of the second release only, the third release would hide
    the microblog figure once more, and a reader who kept the first release would subtract:
    28 cases − 20 online − 5 microblog = 3 on a blog."""

    @pytest.fixture
    def releases(self, departments, provision):
        municipality = departments["communication"]
        online = [case_in(municipality, provisions=[provision]) for _ in range(23)]
        for _ in range(5):
            case_in(municipality, platform=Platform.MICROBLOG, provisions=[provision])
        reader, views, queries = Reader(), [], []

        def count():
            with CaptureQueriesContext(connection) as refresh:
                snapshot_refresh(YEAR)
            queries.append(len(refresh))
            stats = year_statistics(YEAR)
            reader.read(stats)
            views.append(stats)

        count()  # 1: 23 online, 5 microblog, 28 cases
        move_platform(online[:3], Platform.BLOG)
        added = [case_in(municipality, platform=Platform.MICROBLOG, provisions=[provision])
                 for _ in range(5)]
        count()  # 2: 20 online, 10 microblog, 3 blog, 33 cases
        for case in added:
            purge_case_rows(case)
        count()  # 3: 20 online, 5 microblog, 3 blog, 28 cases
        for _ in range(5):
            case_in(municipality, provisions=[provision])
        count()  # 4: 25 online, 5 microblog, 3 blog, 33 cases
        return reader, views, queries

    def test_no_hidden_figure_comes_back_by_subtracting_across_all_releases(self, releases):
        reader, _views, _queries = releases
        assert ("platforms", Platform.BLOG, "municipality", 3) in reader.hidden
        recovered = reader.hidden & set(reader.subtract())
        assert recovered == set()
        assert reader.hidden & reader.eliminate() == set()

    def test_the_release_that_would_give_the_blog_figure_away_is_held_back(self, releases):
        _reader, views, _queries = releases
        platforms = [[stats.tables["platforms"].figure(p, "municipality").display
                      for p in (Platform.ONLINE_NETWORK, Platform.MICROBLOG, Platform.BLOG)]
                     + [stats.cases.figure("cases", "municipality").display]
                     for stats in views]
        assert platforms == [["23", "5", "0", "28"],
                             ["20", "×", "< 5", "33"],
                             ["20", "×", "< 5", "33"],  # the second release's, held back
                             ["×", "5", "< 5", "33"]]
        assert views[2].held_back("municipality") is not None
        assert views[3].held_back("municipality") is None

    def test_holding_a_part_back_runs_the_same_queries_as_publishing_it(self, releases):
        _reader, _views, queries = releases
        assert queries[1] == queries[2] == queries[3]


class TestRandomYear:
    def test_no_hidden_figure_comes_back_from_any_release_of_a_changing_year(
            self, departments, provision):
        """Eight counts of a year in which cases change platform, come in and are purged at
        random, across the three entities: the reader keeps every release of every table."""
        rng = random.Random(7)
        places = list(departments.values())

        def new_case():
            return case_in(rng.choice(places), platform=rng.choice(Platform.values),
                           provisions=[provision])

        cases = [new_case() for _ in range(30)]
        reader = Reader()
        for _ in range(8):
            snapshot_refresh(YEAR)
            reader.read(year_statistics(YEAR))
            for case in rng.sample(cases, 6):
                move_platform([case], rng.choice(Platform.values))
            if rng.random() < 0.5:
                cases.extend(new_case() for _ in range(5))
            else:
                for case in rng.sample(cases, 5):
                    cases.remove(case)
                    purge_case_rows(case)
        assert len(reader.hidden) > 10
        assert reader.hidden & set(reader.subtract()) == set()
        assert reader.hidden & reader.eliminate() == set()
