"""F9: a legal reviewer who is excluded from a case can never see it, so they cannot be asked for
an opinion on it (the service refuses, the form does not offer them)."""

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.security.conftest import reported_case
from workflows.forms import ReviewRequestForm
from workflows.models import ReviewRequest
from workflows.services import steps
from workflows.services.assignment import case_exclude_person
from workflows.services.reviews import REVIEWER_EXCLUDED, review_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged():
    hr, lead = factories.hr(), factories.hr_lead()
    case = steps.case_take_in_triage(case=reported_case(factories.manager()), user=hr)
    return case, hr, lead


def test_an_excluded_reviewer_cannot_be_asked_for_an_opinion(triaged):
    case, hr, lead = triaged
    excluded, other = factories.legal(username="excluded"), factories.legal(username="other")
    case_exclude_person(case=case, user=excluded, actor=lead, reason="Collega van het personeelslid")
    with pytest.raises(ValidationError) as error:
        review_request(case=case, user=hr, reviewer=excluded, question="Advies?")
    assert error.value.message_dict["reviewer"] == [str(REVIEWER_EXCLUDED)]
    assert not ReviewRequest.objects.filter(case=case).exists()
    review_request(case=case, user=hr, reviewer=other, question="Advies?")
    assert list(ReviewRequest.objects.filter(case=case).values_list("reviewer", flat=True)) == [
        other.pk]


def test_the_review_form_offers_only_reviewers_who_may_see_the_case(triaged):
    case, _hr, lead = triaged
    excluded, other = factories.legal(username="excluded"), factories.legal(username="other")
    case_exclude_person(case=case, user=excluded, actor=lead, reason="Familie")
    offered = set(ReviewRequestForm(case=case).fields["reviewer"].queryset)
    assert other in offered and excluded not in offered
