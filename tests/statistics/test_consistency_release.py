"""The consistency panel reads its group's published figures (`ComparisonRelease.outcomes`),
counted when the cut-off moves, instead of counting the group's closed cases on every view."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from incidents.models import LegalStatus
from tests import factories
from tests.statistics.conftest import case_in, closed_with_sanction
from tests.statistics.test_consistency import (
    panel_text,
    post_sanction,
    reported_serious_case,
    reprimands,
    shown,
)
from tests.workflows.test_disciplinary_track import reload
from workflows.models import Case, ComparisonRelease, Decision, Sanction
from workflows.retention.purge import purge_case_rows
from workflows.services import disciplinary
from workflows.states import CaseState, Regime, Track
from workflows.statistics.consistency import (
    DEVIATION_REASON_REQUIRED,
    check_consistency,
    comparable_outcomes,
    comparison_group,
    comparison_release_advance,
)

pytestmark = pytest.mark.django_db


def closed_unreleased(departments, sanction, provisions, *, closed_at=None, **changes):
    """A comparable case closed as data, without the release a closing step makes: the panel
    must not see it until a release counts it."""
    fields = {"state": CaseState.CLOSED, "track": Track.DISCIPLINARY,
              "regime": Regime.LOCAL_GOVERNMENT, "seriousness": Case.Seriousness.SERIOUS,
              "outcome": Case.Outcome.SANCTION, "closed_at": closed_at or timezone.now()}
    case = case_in(departments["ocmw"], provisions=provisions, status=LegalStatus.STATUTORY,
                   **fields | changes)
    if sanction:
        Decision.objects.create(case=case, kind=sanction, sanction=sanction, reasons="Gemotiveerd",
                                authority="College", decided_by=factories.decider(),
                                decided_on=timezone.localdate())
    return case


def release_of(case) -> ComparisonRelease:
    return ComparisonRelease.objects.get(
        group=comparison_group(case, list(case.provisions.values_list("pk", flat=True))))


class TestStoredFigures:
    def test_cases_closed_after_the_cut_off_change_neither_the_stored_figures_nor_the_panel(
            self, client, pending, departments, provision, decider_user):
        reprimands(departments, provision)
        release = release_of(pending)
        client.force_login(decider_user)
        before = panel_text(client, pending)
        for _ in range(4):  # each closing releases, but four is not a step
            closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION, [provision])
        after = release_of(pending)
        assert (after.counted_until, after.outcomes) == (release.counted_until,
                                                         {"sanction:blaam": 5})
        assert panel_text(client, pending) == before

    def test_the_next_release_counts_them_all_at_once(self, client, pending, departments,
                                                      provision, decider_user):
        reprimands(departments, provision)
        suspensions = [closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION, [provision])
                       for _ in range(5)]
        release = release_of(pending)
        assert release.counted_until == reload(suspensions[-1]).closed_at
        assert release.outcomes == {"sanction:blaam": 5, "sanction:schorsing": 5}
        client.force_login(decider_user)
        assert "schorsing" in panel_text(client, pending).lower()
        assert shown(comparable_outcomes(pending)) == {
            "sanction:blaam": "5", "sanction:schorsing": "5", "total": "10"}

    def test_the_panel_shows_the_published_figures_not_a_count_of_the_closed_cases(
            self, pending, departments, provision):
        reprimands(departments, provision)
        for _ in range(5):  # closed without a release: a count would show them
            closed_unreleased(departments, Sanction.SUSPENSION, [provision])
        assert shown(comparable_outcomes(pending)) == {"sanction:blaam": "5", "total": "5"}

    def test_the_panel_reads_one_row_whatever_the_number_of_comparable_cases(
            self, pending, departments, provision, django_assert_num_queries):
        reprimands(departments, provision, 10)
        provision_ids = [provision.pk]
        with django_assert_num_queries(1):
            assert comparable_outcomes(pending, provision_ids).total.value == 10

    def test_the_stored_figures_equal_a_hand_count(self, departments, provision):
        other = factories.ProvisionFactory()
        start = timezone.now() - datetime.timedelta(days=30)
        plan = ([(Sanction.REPRIMAND, {})] * 5 + [(Sanction.SUSPENSION, {})] * 2
                + [("", {"outcome": Case.Outcome.NOT_PROSECUTED})] * 2
                + [(Sanction.SUSPENSION, {})])  # ten: two whole steps
        cases = [closed_unreleased(departments, sanction, [provision],
                                   closed_at=start + datetime.timedelta(hours=n), **changes)
                 for n, (sanction, changes) in enumerate(plan)]
        # Its last decision counts: a suspension decided after a reprimand was replaced.
        Decision.objects.create(case=cases[0], kind=Sanction.SUSPENSION,
                                sanction=Sanction.SUSPENSION, reasons="Nieuw besluit",
                                authority="College", decided_by=factories.decider(),
                                decided_on=timezone.localdate() + datetime.timedelta(days=1))
        closed_unreleased(departments, Sanction.REPRIMAND, [provision, other])  # not comparable
        closed_unreleased(departments, Sanction.REPRIMAND, [provision],
                          seriousness=Case.Seriousness.MINOR)  # not comparable
        late = closed_unreleased(departments, Sanction.REPRIMAND, [provision])  # after the step
        comparison_release_advance(case=late)
        release = release_of(cases[0])
        assert release.counted_until == cases[-1].closed_at
        # By hand: 4 reprimands, 3 + 1 suspensions, 2 not prosecuted; the late reprimand waits.
        assert release.outcomes == {"sanction:blaam": 4, "sanction:schorsing": 4,
                                    "not_prosecuted": 2}


class TestClosingThroughTheServices:
    def test_the_closing_step_stores_how_the_case_ended_with_the_cut_off(
            self, departments, provision, hr_user, decider_user):
        reprimands(departments, provision, 4)
        case = reported_serious_case(departments, provision, hr_user)
        disciplinary.case_decide_not_to_prosecute(
            case=reload(case), user=decider_user, reason="Onvoldoende bewijs",
            body=factories.deciding_body(reload(case)))
        assert release_of(reload(case)).outcomes == {"sanction:blaam": 4, "not_prosecuted": 1}


class TestDecisionCheckReadsThePublishedFigures:
    """The decision form asks for a reason against the figures the panel shows, never against
    cases closed since."""

    def test_a_sanction_only_unpublished_cases_received_still_needs_a_reason(
            self, client, pending, departments, provision, decider_user):
        reprimands(departments, provision)
        for _ in range(5):
            closed_unreleased(departments, Sanction.SUSPENSION, [provision])
        client.force_login(decider_user)
        response = post_sanction(client, pending)
        assert response.status_code == 400
        form = next(s["form"] for s in response.context["step_forms"]
                    if s["name"] == "decide_sanction")
        assert form.errors["deviation_reason"] == [str(DEVIATION_REASON_REQUIRED)]

    def test_the_outcomes_the_release_holds_are_the_usual_ones(
            self, client, pending, departments, provision, decider_user):
        reprimands(departments, provision)
        ComparisonRelease.objects.update(outcomes={"sanction:schorsing": 5})
        with pytest.raises(ValidationError):
            check_consistency(case=pending, chosen="sanction:blaam", deviation_reason="")
        client.force_login(decider_user)
        assert post_sanction(client, pending).status_code == 302
        assert reload(pending).state == CaseState.SANCTION_DECIDED


class TestExistingGroupsAreCounted:
    """The migration that added the stored figures gives every group with closed cases the
    figures its panel showed until then."""

    def migrate(self):
        module = importlib.import_module(
            "workflows.migrations.0026_comparison_release_outcomes")
        module.count_published_outcomes(apps, None)

    def test_a_group_without_a_release_is_published_in_whole_steps(
            self, pending, departments, provision):
        closed = [closed_unreleased(departments, sanction, [provision])
                  for sanction in [Sanction.REPRIMAND] * 5 + [Sanction.SUSPENSION] * 2]
        # Its last decision counts: a suspension decided after a reprimand replaced it.
        Decision.objects.create(case=closed[0], kind=Sanction.SUSPENSION,
                                sanction=Sanction.SUSPENSION, reasons="Nieuw besluit",
                                authority="College", decided_by=factories.decider(),
                                decided_on=timezone.localdate() + datetime.timedelta(days=1))
        assert not ComparisonRelease.objects.exists()
        self.migrate()
        assert release_of(pending).outcomes == {"sanction:blaam": 4, "sanction:schorsing": 1}
        assert shown(comparable_outcomes(pending)) == {
            "sanction:blaam": "< 5", "sanction:schorsing": "< 5", "total": "5"}

    def test_a_group_with_a_release_keeps_its_cut_off(self, pending, departments, provision):
        counted = reprimands(departments, provision)
        with transaction.atomic():
            purge_case_rows(Case.objects.get(pk=counted[0].pk))
        for _ in range(2):
            closed_unreleased(departments, Sanction.SUSPENSION, [provision])
        ComparisonRelease.objects.update(outcomes={})  # as before the migration
        self.migrate()
        # Whole steps from the first closed case would now take in a suspension.
        assert release_of(pending).outcomes == {"sanction:blaam": 4}
