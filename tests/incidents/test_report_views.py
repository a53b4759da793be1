"""The manager's pages: write a report with evidence, submit it, follow it, add addenda."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from incidents.evidence import EMPTY_FILE, FORBIDDEN_TYPE, IMAGE_TOO_BIG, NAME_MISMATCH, TOO_LARGE
from incidents.models import (
    EMPLOYEE_HAD_LEFT,
    FACTS_IN_FUTURE,
    KNOWLEDGE_BEFORE_FACTS,
    KNOWLEDGE_IN_FUTURE,
    PLATFORM_NAME_REQUIRED,
    PROVISION_REQUIRED,
    PROVISION_WRONG_KIND,
    REPORT_LOCKED,
    Communication,
    DraftUpload,
    Evidence,
    Incident,
    Provision,
)
from incidents.services import ADDENDUM_ON_DRAFT, CASE_CLOSED, incident_submit
from tests import factories
from tests.incidents.test_evidence import png_bytes, png_declaring
from workflows.services.steps import case_close_without_follow_up, case_take_in_triage
from workflows.states import PLAIN_STATUS_CLOSED, PLAIN_STATUS_HANDLING, PLAIN_STATUS_RECEIVED

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
CREATE = reverse("incidents:report_create")
MY_REPORTS = reverse("incidents:my_reports")


def days_ago(n: int) -> str:
    return (TODAY() - datetime.timedelta(days=n)).isoformat()


def current_provision(applies_to: str) -> Provision:
    return Provision.objects.filter(code_version__is_current=True, applies_to=applies_to).first()


def report_data(employee, *, button="save", files=(), **overrides) -> dict:
    """What the report form posts: its fields, the people formset, the evidence and a button."""
    data = {
        "employee": employee.pk, "facts_date": days_ago(10), "facts_time": "21:15",
        "knowledge_date": days_ago(9), "platform": "online_network", "platform_name": "Facebook",
        "account_kind": "private", "account_name": "jan.peeters", "communication": "personal",
        "provisions": [current_provision("personal").pk, current_provision("both").pk],
        "description": "Bericht met vertrouwelijke informatie over een dossier.",
        "content_urls": "https://www.facebook.com/jan.peeters/posts/1", "still_online": "true",
        "evidence_urls": "", "files": list(files),
        "people-TOTAL_FORMS": "2", "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "20",
        "people-0-name": "An Janssens", "people-0-role": "witness", "people-0-details": "collega",
        "people-1-name": "", "people-1-role": "", "people-1-details": "",
        button: "",
    }
    return data | overrides


def screenshot(name: str, colour=(200, 30, 30)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(colour), content_type="image/png")


def shown(response, message) -> bool:
    return escape(str(message)) in response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def reporter(client):
    user = factories.manager(first_name="Marie", last_name="Claes")
    client.force_login(user)
    return user


@pytest.fixture
def employee():
    return factories.EmployeeFactory(first_name="Jan", last_name="Peeters")


def submitted_report(reporter, **kwargs) -> Incident:
    incident = factories.IncidentFactory(reporter=reporter, **kwargs)
    incident_submit(incident=incident, user=reporter)
    return Incident.objects.get(pk=incident.pk)


class TestReportWithTwoScreenshots:
    def test_a_manager_reports_an_incident_with_two_screenshots_and_sees_their_hashes(
        self, client, reporter, employee, django_capture_on_commit_callbacks
    ):
        factories.hr(email="hr@gemeente.example")
        first, second = png_bytes((200, 30, 30)), png_bytes((30, 30, 200))
        files = [SimpleUploadedFile("post-1.png", first), SimpleUploadedFile("post-2.png", second)]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(CREATE, report_data(employee, button="submit", files=files))
        incident = Incident.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("incidents:report_detail", args=[incident.pk])
        assert incident.status == Incident.Status.SUBMITTED
        assert incident.case.state == "reported"
        assert mail.outbox[0].to == ["hr@gemeente.example"]

        page = client.get(response["Location"])
        for name, content in [("post-1.png", first), ("post-2.png", second)]:
            evidence = incident.evidence.get(original_name=name)
            assert evidence.sha256 == hashlib.sha256(content).hexdigest()
            assert evidence.added_by == reporter
            assert shown(page, f"SHA-256 {evidence.sha256}")
            stored = Path(evidence.file.path)
            assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
            assert stored.read_bytes() == content
            assert "post" not in stored.name
        assert shown(page, PLAIN_STATUS_RECEIVED)
        assert shown(page, incident.case.reference)

    def test_a_second_manager_cannot_see_the_report_nor_its_evidence(
        self, client, reporter, employee
    ):
        files = [screenshot("post-1.png"), screenshot("post-2.png", (0, 0, 0))]
        client.post(CREATE, report_data(employee, button="submit", files=files))
        incident = Incident.objects.get()
        client.force_login(factories.manager())
        assert client.get(reverse("incidents:report_detail", args=[incident.pk])).status_code == 404
        for evidence in incident.evidence.all():
            url = reverse("incidents:evidence_download", args=[incident.pk, evidence.pk])
            assert client.get(url).status_code == 404
        assert not shown(client.get(MY_REPORTS), "Peeters")

    def test_every_field_and_the_people_involved_are_kept(self, client, reporter, employee):
        data = report_data(employee, evidence_urls="https://x.com/jan/status/1")
        data |= {"people-1-name": "Externe klant", "people-1-role": "external"}
        client.post(CREATE, data)
        incident = Incident.objects.get()
        assert incident.reporter == reporter and incident.employee == employee
        assert incident.facts_time == datetime.time(21, 15)
        assert incident.still_online is True
        assert incident.provisions.count() == 2
        assert [(p.name, p.role, p.details) for p in incident.people.all()] == [
            ("An Janssens", "witness", "collega"), ("Externe klant", "external", "")]
        link = incident.evidence.get()
        assert (link.kind, link.url) == (Evidence.Kind.URL, "https://x.com/jan/status/1")
        assert link.captured_at is not None


class TestDraftThenSubmit:
    def test_saving_keeps_a_draft_and_opens_the_edit_page(self, client, reporter, employee):
        response = client.post(CREATE, report_data(employee))
        incident = Incident.objects.get()
        assert response["Location"] == reverse("incidents:report_edit", args=[incident.pk])
        assert incident.status == Incident.Status.DRAFT
        assert not hasattr(incident, "case")

    @pytest.mark.parametrize(("answer", "stored"),
                             [("true", True), ("false", False), ("unknown", None)])
    def test_whether_the_content_is_still_online_may_be_unknown(self, client, reporter, employee,
                                                                answer, stored):
        response = client.post(CREATE, report_data(employee, still_online=answer))
        assert response.status_code == 302
        assert Incident.objects.get().still_online is stored

    def test_the_edit_page_shows_the_draft_as_it_was_saved(self, client, reporter, employee):
        client.post(CREATE, report_data(employee, still_online="true"))
        incident = Incident.objects.get()
        page = client.get(reverse("incidents:report_edit", args=[incident.pk]))
        form = page.context["form"]
        assert form["still_online"].value() is True
        assert '<option value="true" selected>' in page.content.decode()
        assert form["facts_date"].value() == incident.facts_date
        assert page.context["people"].forms[0]["name"].value() == "An Janssens"

    def test_saving_the_draft_again_changes_nothing_that_was_not_touched(
        self, client, reporter, employee
    ):
        client.post(CREATE, report_data(employee))
        incident = Incident.objects.get()
        person = incident.people.get()
        edit = reverse("incidents:report_edit", args=[incident.pk])
        data = report_data(employee, description="Aangevulde beschrijving.")
        data |= {"people-INITIAL_FORMS": "1", "people-0-id": person.pk}
        response = client.post(edit, data)
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.description == "Aangevulde beschrijving."
        assert incident.still_online is True
        assert list(incident.people.values_list("name", flat=True)) == ["An Janssens"]

    def test_the_draft_is_submitted_from_its_page(self, client, reporter, employee):
        client.post(CREATE, report_data(employee))
        incident = Incident.objects.get()
        response = client.post(reverse("incidents:report_submit", args=[incident.pk]))
        assert response["Location"] == reverse("incidents:report_detail", args=[incident.pk])
        incident.refresh_from_db()
        assert incident.status == Incident.Status.SUBMITTED
        assert incident.case.state == "reported"

    def test_another_manager_cannot_open_edit_or_submit_the_draft(self, client, employee):
        incident = factories.IncidentFactory()
        client.force_login(factories.manager())
        for name in ["report_edit", "report_detail"]:
            assert client.get(reverse(f"incidents:{name}", args=[incident.pk])).status_code == 404
        url = reverse("incidents:report_submit", args=[incident.pk])
        assert client.post(url).status_code == 404
        assert client.post(reverse("incidents:report_edit", args=[incident.pk]),
                           report_data(employee)).status_code == 404
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT


class TestSubmittedReportIsImmutable:
    def test_posting_to_the_edit_page_is_forbidden(self, client, reporter, employee):
        incident = submitted_report(reporter)
        description = incident.description
        response = client.post(reverse("incidents:report_edit", args=[incident.pk]),
                               report_data(employee, description="Achteraf gewijzigd"))
        assert response.status_code == 403
        assert shown(response, REPORT_LOCKED)
        incident.refresh_from_db()
        assert incident.description == description

    def test_the_edit_page_sends_the_reader_to_the_report(self, client, reporter):
        incident = submitted_report(reporter)
        response = client.get(reverse("incidents:report_edit", args=[incident.pk]))
        assert response["Location"] == reverse("incidents:report_detail", args=[incident.pk])

    def test_submitting_twice_opens_one_case(self, client, reporter):
        incident = submitted_report(reporter)
        response = client.post(reverse("incidents:report_submit", args=[incident.pk]),
                               follow=True)
        assert response.status_code == 200
        assert incident.case.events.filter(kind="opened").count() == 1


class TestValidationMessages:
    """A refused report comes back with the message next to the field; nothing is written."""

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"facts_date": days_ago(-1), "knowledge_date": days_ago(-1)}, "facts_date",
             FACTS_IN_FUTURE),
            ({"knowledge_date": days_ago(-1)}, "knowledge_date", KNOWLEDGE_IN_FUTURE),
            ({"facts_date": days_ago(5), "knowledge_date": days_ago(6)}, "knowledge_date",
             KNOWLEDGE_BEFORE_FACTS),
            ({"provisions": [], "button": "submit"}, "provisions", PROVISION_REQUIRED),
            ({"platform": "other", "platform_name": ""}, "platform_name", PLATFORM_NAME_REQUIRED),
        ],
        ids=["facts-in-future", "knowledge-in-future", "knowledge-before-facts", "no-provision",
             "other-platform-unnamed"],
    )
    def test_each_rule_is_shown_on_its_field(self, client, reporter, employee, overrides, field,
                                             message):
        response = client.post(CREATE, report_data(employee, **overrides))
        assert response.status_code == 400
        assert response.context["form"].errors[field] == [message]
        assert shown(response, message)
        assert not Incident.objects.exists()

    def test_the_error_stands_under_its_field_as_on_the_case_page(self, client, reporter,
                                                                    employee):
        response = client.post(CREATE, report_data(employee, knowledge_date=days_ago(-1)))
        html = response.content.decode()
        control = html.index('name="knowledge_date"')
        error = html.index(escape(str(KNOWLEDGE_IN_FUTURE)))
        label = html.index('for="id_knowledge_date"')
        assert label < control < error

    def test_an_employee_who_had_left_before_the_facts_is_refused(self, client, reporter):
        left = TODAY() - datetime.timedelta(days=20)
        employee = factories.EmployeeFactory(left_on=left)
        response = client.post(CREATE, report_data(employee))
        message = EMPLOYEE_HAD_LEFT % {"date": left.strftime("%d/%m/%Y")}
        assert response.status_code == 400
        assert response.context["form"].errors["employee"] == [message]
        assert not Incident.objects.exists()

    def test_a_provision_that_does_not_fit_the_communication_is_refused(
        self, client, reporter, employee
    ):
        professional = current_provision("professional")
        response = client.post(CREATE, report_data(employee, provisions=[professional.pk]))
        message = PROVISION_WRONG_KIND % {
            "provision": f"{professional.article} {professional.text}",
            "communication": Communication.PERSONAL.label,
        }
        assert response.status_code == 400
        assert response.context["form"].errors["provisions"] == [message]
        assert shown(response, message)
        assert not Incident.objects.exists()

    def test_a_person_involved_needs_a_role(self, client, reporter, employee):
        response = client.post(CREATE, report_data(employee, **{"people-0-role": ""}))
        assert response.status_code == 400
        assert not Incident.objects.exists()

    def test_a_link_that_is_not_a_web_address_is_refused(self, client, reporter, employee):
        response = client.post(CREATE, report_data(employee, evidence_urls="javascript:alert(1)"))
        assert response.status_code == 400
        assert "evidence_urls" in response.context["form"].errors


class TestRefusedFilesLoseNothing:
    """A refused file never costs the manager the report: the draft is saved, the file named."""

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("post.png", b"<html><body>not an image</body></html>"),
             (FORBIDDEN_TYPE, {"name": "post.png"})),
            (SimpleUploadedFile("post.pdf", png_bytes()),
             (NAME_MISMATCH, {"name": "post.pdf", "detected": "PNG"})),
            (SimpleUploadedFile("empty.png", b""), (EMPTY_FILE, {"name": "empty.png"})),
            (SimpleUploadedFile("bomb.png", png_declaring(100_000, 100_000)),
             (IMAGE_TOO_BIG, {"name": "bomb.png"})),
        ],
        ids=["html-named-png", "png-named-pdf", "empty", "decompression-bomb"],
    )
    def test_the_draft_is_saved_and_the_refused_file_is_named(
        self, client, reporter, employee, upload, message
    ):
        files = [screenshot("good.png"), upload]
        response = client.post(CREATE, report_data(employee, button="submit", files=files))
        incident = Incident.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("incidents:report_edit", args=[incident.pk])
        assert incident.status == Incident.Status.DRAFT
        assert list(incident.evidence.values_list("original_name", flat=True)) == ["good.png"]
        page = client.get(response["Location"])
        template, values = message
        assert template % values in messages_of(page)
        assert incident.description == "Bericht met vertrouwelijke informatie over een dossier."
        assert page.context["form"]["description"].value() == incident.description
        assert incident.people.get().name == "An Janssens"
        assert incident.provisions.count() == 2

    def test_a_file_over_the_limit_is_refused_and_the_draft_kept(
        self, client, reporter, employee, settings
    ):
        settings.EVIDENCE_MAX_BYTES = 100
        response = client.post(CREATE, report_data(employee, files=[screenshot("big.png")]),
                               follow=True)
        incident = Incident.objects.get()
        message = TOO_LARGE % {"name": "big.png", "limit": filesizeformat(100)}
        assert message in messages_of(response)
        assert not incident.evidence.exists()
        assert incident.status == Incident.Status.DRAFT

    def test_a_link_too_long_to_keep_is_refused_and_the_draft_kept(self, client, reporter,
                                                                   employee):
        url = "https://www.facebook.com/" + "a" * 1000
        response = client.post(CREATE, report_data(employee, button="submit", evidence_urls=url),
                               follow=True)
        incident = Incident.objects.get()
        assert response.status_code == 200
        assert incident.status == Incident.Status.DRAFT
        assert not incident.evidence.exists()
        assert any("1000" in message for message in messages_of(response))

    def test_the_refused_file_can_be_replaced_and_the_report_submitted(
        self, client, reporter, employee
    ):
        client.post(CREATE, report_data(employee, button="submit",
                                        files=[SimpleUploadedFile("x.png", b"GIF89a")]))
        incident = Incident.objects.get()
        person = incident.people.get()
        data = report_data(employee, button="submit", files=[screenshot("x.png")])
        data |= {"people-INITIAL_FORMS": "1", "people-0-id": person.pk}
        response = client.post(reverse("incidents:report_edit", args=[incident.pk]), data)
        assert response["Location"] == reverse("incidents:report_detail", args=[incident.pk])
        incident.refresh_from_db()
        assert incident.status == Incident.Status.SUBMITTED
        assert incident.evidence.get().original_name == "x.png"


class TestAddenda:
    def add(self, client, incident, **data):
        url = reverse("incidents:addendum_create", args=[incident.pk])
        return client.post(url, {"text": "", "evidence_urls": ""} | data, follow=True)

    def test_addenda_are_shown_in_order_with_who_added_them(self, client, reporter):
        incident = submitted_report(reporter)
        for text in ["Eerste correctie", "Tweede aanvulling", "Derde aanvulling"]:
            self.add(client, incident, text=text)
        assert list(incident.addenda.values_list("number", "text")) == [
            (1, "Eerste correctie"), (2, "Tweede aanvulling"), (3, "Derde aanvulling")]
        page = client.get(reverse("incidents:report_detail", args=[incident.pk])).content.decode()
        positions = [page.index(text) for text in
                     ["Eerste correctie", "Tweede aanvulling", "Derde aanvulling"]]
        assert positions == sorted(positions)
        assert page.count("Marie Claes") >= 4  # the reporter and the author of each addendum

    def test_new_evidence_comes_with_its_addendum_and_hash(self, client, reporter):
        incident = submitted_report(reporter)
        content = png_bytes((1, 2, 3))
        page = self.add(client, incident, text="Nieuwe screenshot",
                        files=[SimpleUploadedFile("later.png", content)])
        evidence = incident.evidence.get()
        assert evidence.addendum.number == 1
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert shown(page, evidence.sha256)

    def test_a_refused_file_refuses_the_addendum_and_keeps_the_typed_text(self, client, reporter):
        incident = submitted_report(reporter)
        page = self.add(client, incident, text="Bijlage met uitleg die ik niet opnieuw wil typen",
                        files=[SimpleUploadedFile("page.png", b"<html></html>")])
        assert page.status_code == 400
        form = page.context["addendum_form"]
        assert str(FORBIDDEN_TYPE % {"name": "page.png"}) in form.errors.as_text()
        assert form["text"].value() == "Bijlage met uitleg die ik niet opnieuw wil typen"
        assert "Bijlage met uitleg die ik niet opnieuw wil typen</textarea>" in page.content.decode()
        assert not incident.addenda.exists() and not incident.evidence.exists()

    def test_an_invalid_link_refuses_the_addendum_and_keeps_the_typed_text(self, client, reporter):
        incident = submitted_report(reporter)
        page = self.add(client, incident, text="Zie de link", evidence_urls="javascript:alert(1)")
        assert page.status_code == 400
        form = page.context["addendum_form"]
        assert form.errors["evidence_urls"]
        assert form["text"].value() == "Zie de link"
        assert form["evidence_urls"].value() == "javascript:alert(1)"
        assert not incident.addenda.exists()

    def test_a_draft_takes_no_addendum(self, client, reporter):
        incident = factories.IncidentFactory(reporter=reporter)
        page = self.add(client, incident, text="Aanvulling")
        assert page.status_code == 200
        assert str(ADDENDUM_ON_DRAFT) in messages_of(page)
        assert not incident.addenda.exists()

    def test_a_closed_case_takes_no_addendum(self, client, reporter):
        incident = submitted_report(reporter)
        officer = factories.hr()
        case = case_take_in_triage(case=incident.case, user=officer)
        case_close_without_follow_up(case=case, user=officer, reason="Geen inbreuk")
        page = self.add(client, incident, text="Nog iets")
        assert str(CASE_CLOSED) in messages_of(page)
        assert not incident.addenda.exists()

    def test_another_manager_cannot_add_one(self, client, reporter):
        incident = submitted_report(reporter)
        client.force_login(factories.manager())
        url = reverse("incidents:addendum_create", args=[incident.pk])
        assert client.post(url, {"text": "Van iemand anders"}).status_code == 404
        assert not incident.addenda.exists()


class TestMyReports:
    def test_shows_a_plain_status_never_hrs_internal_notes(self, client, reporter):
        draft = factories.IncidentFactory(reporter=reporter)
        received = submitted_report(reporter)
        handled = submitted_report(reporter)
        closed = submitted_report(reporter)
        officer = factories.hr()
        case_take_in_triage(case=handled.case, user=officer, note="Intern: eerder al gewaarschuwd")
        case = case_take_in_triage(case=closed.case, user=officer)
        case_close_without_follow_up(case=case, user=officer, reason="Intern: geen inbreuk")
        rows = dict(client.get(MY_REPORTS).context["rows"])
        assert [str(rows[r]) for r in [draft, received, handled, closed]] == [
            str(Incident.Status.DRAFT.label), str(PLAIN_STATUS_RECEIVED), str(PLAIN_STATUS_HANDLING),
            str(PLAIN_STATUS_CLOSED)]
        for incident, status in [(handled, PLAIN_STATUS_HANDLING), (closed, PLAIN_STATUS_CLOSED)]:
            page = client.get(reverse("incidents:report_detail", args=[incident.pk]))
            assert shown(page, status)
            assert not shown(page, "Intern:")

    def test_lists_only_the_managers_own_reports(self, client, reporter):
        own = factories.IncidentFactory(reporter=reporter)
        factories.IncidentFactory()
        rows = client.get(MY_REPORTS).context["rows"]
        assert [report for report, _status in rows] == [own]

    def test_the_number_of_queries_does_not_grow_with_the_number_of_reports(
        self, client, reporter, django_assert_num_queries
    ):
        submitted_report(reporter)
        with CaptureQueriesContext(connection) as one_report:
            assert client.get(MY_REPORTS).status_code == 200
        for _ in range(4):
            submitted_report(reporter)
        for _ in range(5):
            factories.IncidentFactory(reporter=reporter)
        with django_assert_num_queries(len(one_report)):
            response = client.get(MY_REPORTS)
        assert len(response.context["rows"]) == 10

    @pytest.mark.parametrize("url", [MY_REPORTS, CREATE])
    def test_is_for_reporting_managers_only(self, client, url):
        client.force_login(factories.hr())
        assert client.get(url).status_code == 403

    @pytest.mark.parametrize("url", [MY_REPORTS, CREATE])
    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, url):
        response = client.get(url)
        assert response["Location"] == f"{reverse('login')}?next={url}"


class TestReportForm:
    def test_offers_the_current_provisions_and_several_evidence_files_at_once(self, client,
                                                                              reporter):
        response = client.get(CREATE)
        page = response.content.decode()
        assert response.status_code == 200
        assert len(response.context["form"].fields["provisions"].queryset) == 37
        assert 'type="file" name="files" multiple' in page
        assert 'enctype="multipart/form-data"' in page
        assert 'name="people-TOTAL_FORMS"' in page


class TestChosenFilesAreKept:
    """A report form that comes back with errors keeps the evidence files chosen so far: they are
    stored as draft uploads and added when the report is saved, without being chosen again."""

    def test_files_survive_a_validation_error_and_become_evidence_on_saving(
            self, client, reporter, employee):
        content = png_bytes((9, 9, 9))
        response = client.post(CREATE, report_data(
            employee, button="submit", description="", files=[SimpleUploadedFile("eerste.png", content)]))
        assert response.status_code == 400 and response.context["form"].errors["description"]
        kept = response.context["kept_uploads"]
        assert [draft.original_name for draft in kept] == ["eerste.png"]
        assert f'name="kept_uploads" value="{kept[0].pk}"' in response.content.decode()
        assert not Incident.objects.exists()
        client.post(CREATE, report_data(employee, kept_uploads=[kept[0].pk]))
        incident = Incident.objects.get()
        evidence = incident.evidence.get()
        assert evidence.original_name == "eerste.png"
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert not DraftUpload.objects.exists()

    def test_kept_files_pile_up_across_several_errors(self, client, reporter, employee):
        first = client.post(CREATE, report_data(
            employee, button="submit", description="", files=[screenshot("een.png")]))
        kept = [draft.pk for draft in first.context["kept_uploads"]]
        second = client.post(CREATE, report_data(
            employee, button="submit", description="", kept_uploads=kept, files=[screenshot("twee.png", (1, 2, 3))]))
        assert [d.original_name for d in second.context["kept_uploads"]] == ["een.png", "twee.png"]

    def test_a_refused_file_is_not_kept_and_says_why(self, client, reporter, employee):
        response = client.post(CREATE, report_data(
            employee, button="submit", description="", files=[SimpleUploadedFile("page.png", b"<html></html>")]))
        assert response.context["kept_uploads"] == []
        assert str(FORBIDDEN_TYPE % {"name": "page.png"}) in response.context["form"].errors["files"]
        assert not DraftUpload.objects.exists()

    def test_nobody_can_attach_someone_elses_kept_file(self, client, reporter, employee):
        other = factories.manager()
        client.force_login(other)
        foreign = client.post(CREATE, report_data(
            employee, button="submit", description="", files=[screenshot("geheim.png")])).context["kept_uploads"][0]
        client.force_login(reporter)
        response = client.post(CREATE, report_data(employee, kept_uploads=[foreign.pk]))
        assert response.status_code == 400 and response.context["form"].errors["kept_uploads"]
        assert not Incident.objects.exists()
        assert DraftUpload.objects.get().owner == other
