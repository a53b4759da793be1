"""The permission matrix of the documents pages: anonymous -> login, cannot see the case -> 404,
sees it but may not act -> 403, handler -> the document, and every download is logged."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests import factories
from tests.documents.conftest import LETTER_DELIVERY, TODAY, submitted_case
from workflows.documents.models import IssuedDocument
from workflows.documents.services import NOT_ALLOWED, NOT_AVAILABLE, document_issue
from workflows.models import AccessLog
from workflows.services.steps import case_take_in_triage

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


@pytest.fixture
def letter(dismissed_case, hr_user):
    return document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user, delivery=LETTER_DELIVERY)


def in_dutch(client):
    """The user's remembered choice of language is Dutch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl-be"


def shown(message) -> str:
    """A service message as a page in Dutch shows it."""
    with translation.override("nl-be"):
        return escape(str(message))


def download_url(document):
    return reverse("documents:download", args=[document.case.reference, document.pk])


def issue_url(case, kind):
    return reverse("documents:issue", args=[case.reference, kind])


class TestDownload:
    def test_anonymous_is_sent_to_login(self, client, letter):
        response = client.get(download_url(letter))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]

    def test_someone_who_cannot_see_the_case_gets_404(self, client, letter):
        client.force_login(factories.hr())
        assert client.get(download_url(letter)).status_code == 404
        assert not AccessLog.objects.exists()

    def test_the_employee_concerned_gets_404_even_as_hr_lead(self, client, letter):
        employee = letter.case.incident.employee
        employee.user = factories.hr_lead()
        employee.save()
        client.force_login(employee.user)
        assert client.get(download_url(letter)).status_code == 404

    def test_the_handler_downloads_the_stored_pdf_as_an_attachment(self, client, letter, hr_user):
        client.force_login(hr_user)
        response = client.get(download_url(letter))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"{letter.case.reference}-dismissal_letter-v1.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        with letter.file.open("rb") as handle:
            assert b"".join(response.streaming_content) == handle.read()

    def test_every_download_is_logged(self, client, letter, hr_user):
        client.force_login(hr_user)
        client.get(download_url(letter))
        entry = AccessLog.objects.get()
        assert (entry.user, entry.case, entry.action) == (
            hr_user, letter.case, AccessLog.Action.DOWNLOAD_DOCUMENT)
        assert letter.sha256 in entry.target

    def test_a_document_of_another_case_is_not_found_under_this_reference(
            self, client, letter, hr_user):
        other = case_take_in_triage(case=submitted_case(), user=hr_user)
        client.force_login(hr_user)
        url = reverse("documents:download", args=[other.reference, letter.pk])
        assert client.get(url).status_code == 404


class TestIssue:
    def test_the_handler_issues_a_document_and_returns_to_the_list(self, client, dismissed_case,
                                                                   hr_user):
        client.force_login(hr_user)
        response = client.post(issue_url(dismissed_case, Kind.REASON_NOTICE),
                               {"delivery": "registered_letter"})
        assert response.status_code == 302
        assert response["Location"] == reverse("documents:list", args=[dismissed_case.reference])
        assert IssuedDocument.objects.filter(case=dismissed_case, kind=Kind.REASON_NOTICE).exists()

    def test_issued_from_the_case_page_it_returns_to_its_documents_section(
            self, client, dismissed_case, hr_user):
        client.force_login(hr_user)
        page = client.get(dismissed_case.get_absolute_url()).content.decode()
        form = page[page.index(f'action="{issue_url(dismissed_case, "incident_report")}"'):]
        assert '<input type="hidden" name="back" value="case">' in form[:form.index("</form>")]
        response = client.post(issue_url(dismissed_case, "incident_report"), {"back": "case"})
        assert response["Location"] == f"{dismissed_case.get_absolute_url()}#documents"
        assert IssuedDocument.objects.filter(case=dismissed_case, kind="incident_report").exists()

    def test_issued_from_the_case_page_its_result_is_shown_in_the_documents_section(
            self, client, dismissed_case, hr_user):
        """On a phone the top of the case page is screens away from its Documents section."""
        client.force_login(hr_user)
        in_dutch(client)
        client.post(issue_url(dismissed_case, "incident_report"), {"back": "case"})
        page = client.get(dismissed_case.get_absolute_url()).content.decode()
        section = page[page.index('<section id="documents"'):]
        section = section[:section.index("</section>")]
        summary = page[page.index('<header class="case-summary">'):]
        summary = summary[:summary.index("</header>")]
        assert 'class="message message-success"' in section and "versie 1" in section
        assert "message" not in summary
        assert page.count("versie 1.") == 1

    def test_a_refusal_from_the_case_page_is_shown_in_the_documents_section_too(
            self, client, dismissed_case, hr_user):
        client.force_login(hr_user)
        in_dutch(client)
        client.post(issue_url(dismissed_case, Kind.DISMISSAL_LETTER), {"back": "case"})
        page = client.get(dismissed_case.get_absolute_url()).content.decode()
        section = page[page.index('<section id="documents"'):]
        assert 'class="message message-error"' in section[:section.index("</section>")]

    def test_issuing_needs_a_post(self, client, dismissed_case, hr_user):
        client.force_login(hr_user)
        assert client.get(issue_url(dismissed_case, Kind.REASON_NOTICE)).status_code == 405

    def test_the_deciding_authority_sees_the_case_but_may_not_issue_letters(
            self, client, dismissed_case, decider_user):
        client.force_login(decider_user)
        page = client.get(reverse("documents:list", args=[dismissed_case.reference]))
        assert page.status_code == 200
        in_dutch(client)
        response = client.post(issue_url(dismissed_case, Kind.DISMISSAL_LETTER))
        assert response.status_code == 403
        assert shown(NOT_ALLOWED) in response.content.decode()
        assert not IssuedDocument.objects.exists()

    def test_a_legal_reviewer_may_compile_the_case_file(self, client, reviewed_case, legal_user):
        client.force_login(legal_user)
        assert client.post(issue_url(reviewed_case, Kind.CASE_FILE)).status_code == 302
        assert client.post(issue_url(reviewed_case, Kind.DISMISSAL_LETTER)).status_code == 403

    def test_someone_who_cannot_see_the_case_gets_404(self, client, dismissed_case):
        client.force_login(factories.hr())
        assert client.post(issue_url(dismissed_case, Kind.INCIDENT_REPORT)).status_code == 404

    def test_an_unavailable_document_is_explained_not_issued(self, client, triaged_case, hr_user):
        client.force_login(hr_user)
        in_dutch(client)
        response = client.post(issue_url(triaged_case, Kind.DISMISSAL_LETTER), follow=True)
        assert shown(NOT_AVAILABLE) in response.content.decode()
        assert not IssuedDocument.objects.exists()


class TestListAndMarkings:
    def test_the_list_shows_documents_and_what_can_be_drawn_up(self, client, letter, hr_user):
        client.force_login(hr_user)
        response = client.get(reverse("documents:list", args=[letter.case.reference]))
        page = response.content.decode()
        assert response.status_code == 200
        assert download_url(letter) in page
        assert issue_url(letter.case, Kind.REASON_NOTICE) in page
        assert reverse("documents:mark_sent", args=[letter.case.reference, letter.pk]) in page

    def test_marking_as_sent_and_then_superseding_with_a_reason(self, client, remedies_confirmed,
                                                               letter, hr_user):
        client.force_login(hr_user)
        reference = letter.case.reference
        client.post(reverse("documents:mark_sent", args=[reference, letter.pk]),
                    {"sent_on": TODAY.isoformat(), "method": "registered_letter"})
        response = client.post(reverse("documents:supersede", args=[reference, letter.pk]),
                               {"reason": ""}, follow=True)
        letter.refresh_from_db()
        assert letter.sent_on == TODAY and not letter.is_superseded
        assert response.status_code == 200
        client.post(reverse("documents:supersede", args=[reference, letter.pk]),
                    {"reason": "Adres van het personeelslid was fout."})
        letter.refresh_from_db()
        assert letter.superseded_reason == "Adres van het personeelslid was fout."

    def test_someone_who_may_not_handle_the_case_cannot_mark_it_sent(self, client, letter,
                                                                      decider_user):
        client.force_login(decider_user)
        url = reverse("documents:mark_sent", args=[letter.case.reference, letter.pk])
        response = client.post(url, {"sent_on": TODAY.isoformat(), "method": "registered_letter"})
        assert response.status_code == 403
        letter.refresh_from_db()
        assert not letter.is_sent


class TestDocumentsPageQueries:
    def test_the_documents_page_runs_the_same_queries_for_one_or_many_documents(
            self, client, dismissed_case, hr_user):
        client.force_login(hr_user)
        url = reverse("documents:list", args=[dismissed_case.reference])
        document_issue(case=dismissed_case, kind=Kind.INCIDENT_REPORT, user=hr_user)
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for _ in range(3):
            document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                           delivery=LETTER_DELIVERY)
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(one)

    def test_a_refused_letter_is_explained_on_the_page(self, client, dismissed_case, hr_user):
        employee = dismissed_case.incident.employee
        employee.address = ""
        employee.save()
        client.force_login(hr_user)
        response = client.post(issue_url(dismissed_case, Kind.DISMISSAL_LETTER),
                               {"delivery": "registered_letter"}, follow=True)
        assert "has no postal address" in response.content.decode()
        assert not IssuedDocument.objects.filter(kind=Kind.DISMISSAL_LETTER).exists()
