"""A legal review request carries the date its answer is wanted by: proposed in working days,
never in the past, first in legal's queue, in the mail and on the case page; once answered, the
request shows its answer and the opinion form is no longer offered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from workflows.forms import ReviewRequestForm
from workflows.models import ReviewRequest
from workflows.services.reviews import DUE_DATE_PAST, opinion_file, review_request

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def in_days(n):
    return TODAY() + datetime.timedelta(days=n)


def test_the_form_proposes_a_due_date_in_working_days(contractual_case, settings):
    # Six working days always pass a Sunday, which does not count
    # (art. 35 Arbeidsovereenkomstenwet).
    settings.REVIEW_DUE_WORKING_DAYS = 6
    proposed = ReviewRequestForm(case=contractual_case).fields["due_date"].initial
    assert proposed >= in_days(7)
    assert proposed <= in_days(6 + 3)  # at most a Sunday and two holidays in between


def test_a_request_without_a_due_date_is_refused_by_the_form(contractual_case, legal_user):
    form = ReviewRequestForm({"reviewer": legal_user.pk, "question": "Vraag", "due_date": ""},
                             case=contractual_case)
    assert not form.is_valid() and "due_date" in form.errors


def test_a_due_date_in_the_past_is_refused(contractual_case, hr_user, legal_user):
    with pytest.raises(ValidationError) as refused:
        review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Vraag",
                       due_date=in_days(-1))
    assert refused.value.message_dict == {"due_date": [str(DUE_DATE_PAST)]}
    assert not ReviewRequest.objects.exists()


def test_a_past_due_date_typed_in_the_form_comes_back_with_the_question(
        client, contractual_case, hr_user, legal_user):
    client.force_login(hr_user)
    response = client.post(f"/cases/{contractual_case.reference}/action/review/", {
        "reviewer": legal_user.pk, "question": "Is de termijn nageleefd?",
        "due_date": in_days(-3).isoformat()})
    page = response.content.decode()
    assert response.status_code == 400
    assert str(DUE_DATE_PAST) in page and "Is de termijn nageleefd?" in page


def test_legal_s_queue_puts_the_nearest_due_date_first_and_colours_it(
        client, contractual_case, hr_user, legal_user):
    review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Later",
                   due_date=in_days(20))
    review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Soon",
                   due_date=in_days(1))
    ReviewRequest.objects.filter(question="Later").update(due_date=in_days(-2))
    client.force_login(legal_user)
    page = client.get("/").content.decode()
    assert page.index("Later") < page.index("Soon")
    assert 'deadline-overdue">answer wanted by' in page
    assert 'deadline-due_soon">answer wanted by' in page


def test_the_mail_to_legal_names_the_due_date(
        contractual_case, hr_user, legal_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Vraag",
                       due_date=in_days(9))
    [mail] = [m for m in mailoutbox if legal_user.email in m.to]
    assert in_days(9).strftime("%d/%m/%Y") in mail.body


def test_an_answered_request_shows_its_answer_and_hides_the_opinion_form(
        client, contractual_case, hr_user, legal_user):
    review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Vraag",
                   due_date=in_days(5))
    client.force_login(legal_user)
    before = client.get(contractual_case.get_absolute_url()).content.decode()
    assert "File the opinion" in before and in_days(5).strftime("%d/%m/%Y") in before

    opinion = opinion_file(case=contractual_case, user=legal_user, text="De termijn is gehaald.")
    request = ReviewRequest.objects.get()
    assert request.answer == opinion and request.answered_at == opinion.filed_at
    after = client.get(contractual_case.get_absolute_url()).content.decode()
    assert "File the opinion" not in after
    assert f'href="#opinion-{opinion.pk}"' in after and f'id="opinion-{opinion.pk}"' in after
    assert "answered on " + TODAY().strftime("%d/%m/%Y") in after
