"""Hostile input against the manager's pages (report, addendum, submission, evidence download),
the case list and its filters, the access log, the language switch and the login page.

Refused input gets a 4xx or a form error and leaves the database as it was; text that a witness may
really have quoted (HTML, SQL-looking, right-to-left) is kept or refused but always escaped; an
uploaded file is judged by its content and its name is never used as a path. The steps and case
actions are in test_hostile_case_steps.py; wrong methods and missing CSRF tokens in
test_hostile_requests.py.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from incidents.forms import AddendumForm, IncidentForm, PeopleFormSet
from incidents.models import Employee, Evidence, Incident, InvolvedPerson, Provision
from incidents.services import (
    addendum_add,
    evidence_add_file,
    evidence_add_url,
    incident_save_draft,
    incident_submit,
)
from tests import factories
from tests.security.conftest import (
    current_provisions,
    days_ago,
    db_snapshot,
    draft_report,
    iso,
    pdf_bytes,
    png_bytes,
    png_declaring,
    report_fields,
    reported_case,
    rolled_back,
    upload,
    zip_bomb,
)
from tests.security.payloads import (
    RAW_MARKERS,
    SCRIPT,
    Variant,
    assert_no_raw_markup,
    assert_refused,
    assert_unchanged,
    field_variants,
)
from workflows.models import Case
from workflows.services import steps
from workflows.services.reviews import opinion_file, review_request

pytestmark = pytest.mark.django_db
CREATE = reverse("incidents:report_create")
BAD_URLS = {
    "javascript: link": "javascript:alert(1)",
    "data: link": "data:text/html,<script>alert(1)</script>",
    "file: link": "file:///etc/passwd",
    "link with a header break": "https://x.example/\r\nSet-Cookie: a=b",
}
# (name, content) of files that must never be stored as evidence.
BAD_FILES = {
    "PDF content named .png": ("scherm.png", pdf_bytes),
    "PNG content named .pdf": ("verslag.pdf", png_bytes),
    "HTML named .png": ("scherm.png", lambda: b"<html><script>alert(1)</script></html>"),
    "SVG with script named .png": (
        "scherm.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "Windows program named .pdf": ("verslag.pdf", lambda: b"MZ\x90\x00" + b"\x00" * 512),
    "zip bomb named .pdf": ("verslag.pdf", zip_bomb),
    "PNG declaring 100000x100000 pixels": ("scherm.png", lambda: png_declaring(100_000, 100_000)),
    "empty file": ("leeg.png", lambda: b""),
    "truncated PNG": ("scherm.png", lambda: png_bytes()[:40]),
    "PNG named .png.php": ("scherm.png.php", png_bytes),
    "PHP named .php.png": ("scherm.php.png", lambda: b"<?php system($_GET['c']); ?>"),
}
HOSTILE_NAMES = {
    "parent directories": "../../etc/passwd.png",
    "windows parent directories": "..\\..\\windows\\win.ini.png",
    "absolute path": "/etc/cron.d/evil.png",
    "markup": "<script>alert(1)</script>.png",
    "right-to-left override": "foto\u202egnp.exe.png",
    "control characters": "scherm\x07\x1b[31m\x7f.png",
    "very long name": "a" * 300 + ".png",
}
STORED_NAME = re.compile(r"^evidence/\d{4}/\d{2}/[0-9a-f]{32}$")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_errors(response) -> str:
    """The errors of the addendum form shown again with what was typed (F4)."""
    return response.context["addendum_form"].errors.as_text()


def report_post(employee, **overrides) -> dict:
    """What the report form posts for the report that `draft_report` writes: its fields, the
    people formset and a button (so posting it over such a draft changes no value)."""
    fields = report_fields(employee)
    data = {
        **{name: fields[name] for name in ("platform", "platform_name", "account_kind",
                                           "account_name", "communication", "description",
                                           "content_urls")},
        "employee": str(employee.pk), "facts_date": iso(fields["facts_date"]),
        "facts_time": fields["facts_time"].strftime("%H:%M"),
        "knowledge_date": iso(fields["knowledge_date"]), "still_online": "true",
        "provisions": [str(p.pk) for p in current_provisions()], "evidence_urls": "",
        "people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "0", "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
        "people-0-name": "Pieter De Smet", "people-0-role": "witness", "people-0-details": "collega",
        "save": "",
    }
    return data | overrides


def _on_submission(variant: Variant) -> Variant:
    """A draft may be saved incomplete: a required field left out is refused on submission."""
    if not variant.label.endswith((": missing", ": blank")):
        return variant
    return Variant(variant.label, {**variant.changes, "submit": ""}, (*variant.drops, "save"),
                   variant.refused)


def report_variants() -> list[Variant]:
    """Every field of the report form and of its people formset, plus the formset's own data."""
    variants = [_on_submission(v) for v in field_variants(IncidentForm.base_fields, {})]
    variants += field_variants(PeopleFormSet.form.base_fields, {}, prefix="people-0-")
    for field_name in ("content_urls", "evidence_urls"):
        variants += [Variant(f"{field_name}: {label}", {field_name: url})
                     for label, url in BAD_URLS.items()]
    return variants + [
        Variant("people: management form missing",
                drops=("people-TOTAL_FORMS", "people-INITIAL_FORMS")),
        Variant("people: form count is text", {"people-TOTAL_FORMS": "veel"}),
        Variant("people: 25 people (at most 20)", {
            "people-TOTAL_FORMS": "25",
            **{f"people-{i}-name": f"Getuige {i}" for i in range(25)},
            **{f"people-{i}-role": "witness" for i in range(25)}}),
    ]


REPORT_VARIANTS = report_variants()
EDIT_SAMPLE = ("null byte", "over-long text", "31 February", "year 0001", "huge pk",
               "unknown choice (markup)", "management form missing", "25 people (at most 20)")


def _report_extras(world):
    """Tampered values that need rows: a provision of an old code version, one that does not
    apply to this kind of communication, an employee who had left before the facts."""
    old_provision = factories.ProvisionFactory()
    wrong_kind = factories.ProvisionFactory(applies_to="professional",
                                            code_version=old_provision.code_version)
    current_professional = Provision.objects.filter(code_version__is_current=True,
                                                    applies_to="professional").first()
    left = factories.EmployeeFactory()
    Employee.objects.filter(pk=left.pk).update(left_on=days_ago(30))
    return [
        Variant("provisions: a provision of an old code version",
                {"provisions": [str(old_provision.pk)]}),
        Variant("provisions: old version, wrong kind", {"provisions": [str(wrong_kind.pk)]}),
        Variant("provisions: a provision for professional communication only",
                {"provisions": [str(current_professional.pk)]}),
        Variant("employee: someone who had left before the facts", {"employee": str(left.pk)}),
    ]


def _check_report_answer(client, response, variant, before, after_urls) -> None:
    what = f"report with {variant.label}"
    if variant.refused:
        assert_refused(response, before, what)
        return
    assert response.status_code in (302, 400), f"{what}: {response.status_code}"
    assert_no_raw_markup(response, what)
    for url in after_urls() if response.status_code == 302 else []:
        page = client.get(url)
        assert page.status_code == 200
        assert_no_raw_markup(page, f"{url} after {what}")


class TestReportForm:
    def test_new_report_refuses_hostile_input_and_escapes_content(self, world, client, subtests):
        client.force_login(world.manager)
        base = report_post(factories.EmployeeFactory())

        def pages():
            incident = Incident.objects.get(reporter=world.manager)
            return [reverse("incidents:report_edit", args=[incident.pk]),
                    reverse("incidents:report_detail", args=[incident.pk])]

        for variant in REPORT_VARIANTS:
            with subtests.test(msg=variant.label), rolled_back():
                before = db_snapshot()
                response = client.post(CREATE, variant.apply(base))
                _check_report_answer(client, response, variant, before, pages)

    def test_draft_edit_refuses_every_hostile_variant(self, world, client, subtests):
        client.force_login(world.manager)
        draft = draft_report(world.manager)
        draft_report(world.other_manager)
        url = reverse("incidents:report_edit", args=[draft.pk])
        base = report_post(draft.employee)
        pages = lambda: [url, reverse("incidents:report_detail", args=[draft.pk])]  # noqa: E731
        # The edit page is the same view and form as the new one, with the draft as instance:
        # one refusal of each kind is tried again here, with the values that need rows.
        sample = [v for v in REPORT_VARIANTS if v.refused and v.label.endswith(EDIT_SAMPLE)]
        for variant in sample + _report_extras(world):
            with subtests.test(msg=variant.label), rolled_back():
                before = db_snapshot()
                response = client.post(url, variant.apply(base))
                _check_report_answer(client, response, variant, before, pages)

    def test_new_report_refuses_tampered_rows(self, world, client, subtests):
        client.force_login(world.manager)
        draft_report(world.other_manager)
        employee = factories.EmployeeFactory()
        for variant in _report_extras(world):
            with subtests.test(msg=variant.label), rolled_back():
                before = db_snapshot()
                response = client.post(CREATE, variant.apply(report_post(employee)))
                assert_refused(response, before, f"new report with {variant.label}")

    @pytest.mark.parametrize("people", [
        {"people-0-id": "{others}", "people-0-name": "Overgenomen"},
        {"people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "1", "people-0-id": "{others}",
         "people-0-name": "Overgenomen"},
        {"people-TOTAL_FORMS": "-1"},
    ], ids=["id of another report's person", "claimed as an existing person", "negative count"])
    def test_tampered_people_formset_never_touches_another_report(self, world, client, people):
        others = draft_report(world.other_manager).people.get()
        before = InvolvedPerson.objects.filter(pk=others.pk).values().get()
        draft = draft_report(world.manager)
        client.force_login(world.manager)
        data = report_post(draft.employee, **{k: v.format(others=others.pk)
                                              for k, v in people.items()})
        response = client.post(reverse("incidents:report_edit", args=[draft.pk]), data)
        assert response.status_code in (302, 400)
        assert InvolvedPerson.objects.filter(pk=others.pk).values().get() == before

    def test_another_managers_draft_cannot_be_opened_changed_or_submitted(self, world, client):
        others = draft_report(world.other_manager)
        client.force_login(world.manager)
        before = db_snapshot()
        for url in ("report_detail", "report_edit"):
            assert client.get(reverse(f"incidents:{url}", args=[others.pk])).status_code == 404
        assert client.post(reverse("incidents:report_edit", args=[others.pk]),
                           report_post(others.employee)).status_code == 404
        assert client.post(reverse("incidents:report_submit", args=[others.pk])).status_code == 404
        assert_unchanged(before, "another manager's draft")

    @pytest.mark.parametrize("pk", ["999999999", "9" * 30])
    def test_unknown_report_is_404(self, world, client, pk):
        client.force_login(world.manager)
        for name in ("report_detail", "report_edit"):
            assert client.get(f"/reports/{pk}/{'' if name == 'report_detail' else 'edit/'}"
                              ).status_code == 404
        assert client.post(f"/reports/{pk}/submit/").status_code == 404

    def test_submitted_report_cannot_be_edited_nor_submitted_again(self, world, client):
        case = world.reported()
        client.force_login(world.manager)
        before = db_snapshot()
        response = client.post(reverse("incidents:report_edit", args=[case.incident_id]),
                               report_post(case.incident.employee, description="Overschreven"))
        assert response.status_code == 403
        response = client.post(reverse("incidents:report_submit", args=[case.incident_id]))
        assert response.status_code == 302 and messages_of(response)
        assert_unchanged(before, "editing or resubmitting a submitted report")

    def test_submitting_an_invalid_draft_changes_nothing(self, world, client):
        wrong_kind = factories.ProvisionFactory(applies_to="professional")
        draft = factories.IncidentFactory(reporter=world.manager, provisions=[wrong_kind])
        client.force_login(world.manager)
        before = db_snapshot()
        response = client.post(reverse("incidents:report_submit", args=[draft.pk]))
        assert response.status_code == 302 and messages_of(response)
        assert_unchanged(before, "submitting an invalid draft")


class TestEvidenceFiles:
    def test_addendum_with_a_file_whose_content_is_not_what_it_claims_is_refused(
            self, world, client, subtests):
        case = world.reported()
        client.force_login(world.manager)
        url = reverse("incidents:addendum_create", args=[case.incident_id])
        for label, (name, content) in sorted(BAD_FILES.items()):
            with subtests.test(msg=label), rolled_back():
                before = db_snapshot()
                response = client.post(url, {"text": "Extra bewijs.",
                                             "files": [upload(name, content())]})
                assert response.status_code == 400 and form_errors(response), label
                assert response.context["addendum_form"]["text"].value() == "Extra bewijs."
                assert_unchanged(before, f"addendum with {label}")

    def test_draft_with_a_hostile_file_keeps_no_evidence(self, world, client, subtests):
        client.force_login(world.manager)
        draft = draft_report(world.manager, evidence=False)
        url = reverse("incidents:report_edit", args=[draft.pk])
        for label, (name, content) in sorted(BAD_FILES.items()):
            with subtests.test(msg=label), rolled_back():
                before = db_snapshot()
                response = client.post(url, report_post(draft.employee,
                                                        files=[upload(name, content())]))
                assert response.status_code == 302 and messages_of(response), label
                assert_unchanged(before, f"draft with {label}")

    def test_file_over_the_size_limit_is_refused(self, world, client, settings):
        settings.EVIDENCE_MAX_BYTES = 1000
        case = world.reported()
        client.force_login(world.manager)
        before = db_snapshot()
        response = client.post(reverse("incidents:addendum_create", args=[case.incident_id]), {
            "text": "Groot.", "files": [upload("groot.png", png_bytes(400, 400))]})
        assert response.status_code == 400 and form_errors(response)
        assert_unchanged(before, "a file over the limit")

    def test_eleven_files_at_once_are_refused(self, world, client):
        case = world.reported()
        client.force_login(world.manager)
        before = db_snapshot()
        files = [upload(f"s{i}.png", png_bytes()) for i in range(11)]
        response = client.post(reverse("incidents:addendum_create", args=[case.incident_id]),
                               {"text": "Veel.", "files": files})
        assert response.status_code == 400 and form_errors(response)
        assert_unchanged(before, "eleven files")

    def test_uploaded_file_name_is_never_used_as_a_path(self, world, client, settings, subtests):
        case = world.reported()
        client.force_login(world.manager)
        for label in sorted(HOSTILE_NAMES):
            with subtests.test(msg=label), rolled_back():
                self.check_stored_safely(client, settings, case, label)

    def check_stored_safely(self, client, settings, case, label):
        response = client.post(reverse("incidents:addendum_create", args=[case.incident_id]), {
            "text": "Bewijs.", "files": [upload(HOSTILE_NAMES[label], png_bytes())]})
        assert response.status_code == 302, messages_of(response)
        evidence = Evidence.objects.filter(incident=case.incident, addendum__isnull=False).first()
        assert evidence is not None, f"a valid PNG named {label} was refused: {messages_of(response)}"
        assert STORED_NAME.match(evidence.file.name), evidence.file.name
        assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))
        assert not re.search(r"[/\\\x00-\x1f]", evidence.original_name), evidence.original_name
        assert len(evidence.original_name) <= 255
        page = client.get(reverse("incidents:report_detail", args=[case.incident_id]))
        assert_no_raw_markup(page, label)
        download = client.get(reverse("incidents:evidence_download",
                                      args=[case.incident_id, evidence.pk]))
        assert download.status_code == 200
        disposition = download["Content-Disposition"]
        assert "\r" not in disposition and "\n" not in disposition
        assert download["Content-Security-Policy"].startswith("sandbox")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content) == png_bytes()


class TestAddendum:
    BASE = {"text": "Een aanvulling bij het verslag.", "evidence_urls": ""}

    def variants(self):
        variants = field_variants(AddendumForm(), self.BASE)
        return variants + [Variant(f"evidence_urls: {label}", {"evidence_urls": url})
                           for label, url in BAD_URLS.items()]

    def test_addendum_refuses_hostile_input_and_escapes_content(self, world, client, subtests):
        case = world.reported()
        client.force_login(world.manager)
        url = reverse("incidents:addendum_create", args=[case.incident_id])
        detail = reverse("incidents:report_detail", args=[case.incident_id])
        for variant in self.variants():
            with subtests.test(msg=variant.label), rolled_back():
                before = db_snapshot()
                response = client.post(url, variant.apply(self.BASE))
                # Accepted: back to the report; refused: the form again with its errors (F4).
                assert response.status_code in (302, 400), variant.label
                if response.status_code == 400:
                    assert form_errors(response), f"{variant.label}: no error shown"
                    assert_no_raw_markup(response, f"refused addendum form with {variant.label}")
                if variant.refused:
                    assert response.status_code == 400, f"{variant.label} was accepted"
                    assert_unchanged(before, f"addendum with {variant.label}")
                page = client.get(detail)
                assert page.status_code == 200
                assert_no_raw_markup(page, f"report page after {variant.label}")
        with subtests.test(msg="the untouched payload is accepted"), rolled_back():
            client.post(url, self.BASE)
            assert case.incident.addenda.count() == 1

    def test_addendum_to_someone_elses_report_is_404(self, world, client):
        case = reported_by_other(world)
        client.force_login(world.manager)
        before = db_snapshot()
        response = client.post(reverse("incidents:addendum_create", args=[case.incident_id]),
                               {"text": "Inmenging."})
        assert response.status_code == 404
        assert_unchanged(before, "an addendum to someone else's report")

    def test_addendum_to_a_draft_or_a_closed_case_is_refused(self, world, client):
        draft = draft_report(world.manager)
        closed = steps.case_close_without_follow_up(case=world.triaged(), user=world.hr,
                                                    reason="Niet bewezen.")
        client.force_login(world.manager)
        for incident_pk in (draft.pk, closed.incident_id):
            before = db_snapshot()
            response = client.post(reverse("incidents:addendum_create", args=[incident_pk]),
                                   {"text": "Te laat."})
            assert response.status_code == 302 and messages_of(response)
            assert_unchanged(before, "an addendum to a draft or closed case")


def reported_by_other(world):
    return reported_case(world.other_manager)


class TestEvidenceDownload:
    @pytest.fixture
    def evidence(self, world):
        case = world.reported()
        return case.incident.evidence.get()

    def test_another_managers_evidence_is_404_and_not_logged(self, world, client, evidence):
        client.force_login(world.other_manager)
        before = db_snapshot()
        url = reverse("incidents:evidence_download", args=[evidence.incident_id, evidence.pk])
        assert client.get(url).status_code == 404
        assert_unchanged(before, "downloading someone else's evidence")

    def test_evidence_through_another_report_is_404(self, world, client, evidence):
        own = draft_report(world.other_manager)
        client.force_login(world.other_manager)
        before = db_snapshot()
        url = reverse("incidents:evidence_download", args=[own.pk, evidence.pk])
        assert client.get(url).status_code == 404
        assert_unchanged(before, "evidence through another report")

    @pytest.mark.parametrize("path", [
        "/reports/{incident}/evidence/999999999/", "/reports/999999999/evidence/{evidence}/",
        "/reports/{incident}/evidence/" + "9" * 30 + "/", "/reports/{incident}/evidence/-1/",
        "/reports/{incident}/evidence/{evidence}/../../../../etc/passwd",
        "/reports/{incident}/evidence/%2e%2e%2f%2e%2e%2fsettings.py",
    ])
    def test_unknown_or_crafted_evidence_paths_are_404(self, world, client, evidence, path):
        client.force_login(world.manager)
        before = db_snapshot()
        url = path.format(incident=evidence.incident_id, evidence=evidence.pk)
        assert client.get(url).status_code == 404
        assert_unchanged(before, url)

    def test_link_evidence_has_no_file_to_download(self, world, client):
        draft = draft_report(world.manager, evidence=False)
        link = evidence_add_url(incident=draft, url="https://x.example/1",
                                captured_at=timezone.now(), user=world.manager)
        client.force_login(world.manager)
        url = reverse("incidents:evidence_download", args=[draft.pk, link.pk])
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("inline", ["1", "0", SCRIPT, "true"])
    def test_a_pdf_is_always_an_attachment_and_sandboxed(self, world, client, inline):
        draft = draft_report(world.manager, evidence=False)
        pdf = evidence_add_file(incident=draft, uploaded=upload("verslag.pdf", pdf_bytes()),
                                user=world.manager)
        client.force_login(world.manager)
        response = client.get(reverse("incidents:evidence_download", args=[draft.pk, pdf.pk]),
                              {"inline": inline})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]


class TestCaseListFilters:
    PARAMS = {
        "unknown state": {"state": "bestaat-niet"},
        "script as state": {"state": SCRIPT},
        "unknown track": {"track": "' OR 1=1 --"},
        "unknown department": {"department": "999999999"},
        "huge department": {"department": "9" * 30},
        "department as text": {"department": "abc"},
        "unknown provision": {"provision": "-1"},
        "a manager as handler": {"handler": "{manager}"},
        "huge handler": {"handler": "9" * 30},
        "overdue as text": {"overdue": "misschien"},
        "over-long query": {"query": "x" * 5000},
        "query with null byte": {"query": "TD\x00"},
        "query with wildcards": {"query": "%_%"},
        "sql-looking query": {"query": "' OR 1=1 --"},
        "script query": {"query": SCRIPT},
        "right-to-left query": {"query": "\u202eTD"},
        "page 0": {"page": "0"},
        "negative page": {"page": "-1"},
        "huge page": {"page": "9" * 30},
        "page as text": {"page": "laatste"},
        "page with exponent": {"page": "1e9"},
        "repeated parameters": {"state": ["reported", "closed"], "page": ["1", "2"]},
        "unknown parameter": {"select": "*", "__debug__": "1"},
    }

    def test_case_list_survives_hostile_filters_and_shows_only_visible_cases(
            self, world, client, monkeypatch, subtests):
        monkeypatch.setattr("core.pagination.PAGE_SIZE", 1)
        hidden = world.triaged()
        for case in (world.reported(), world.reported()):
            steps.case_take_in_triage(case=case, user=world.hr)
        Case.objects.filter(pk=hidden.pk).update(restricted=True)
        client.force_login(world.hr_lead)
        for label, raw in sorted(self.PARAMS.items()):
            params = {key: value.format(manager=world.manager.pk) if isinstance(value, str)
                      else value for key, value in raw.items()}
            with subtests.test(msg=label):
                before = db_snapshot()
                response = client.get("/cases/", params)
                assert response.status_code in (200, 400)
                assert hidden.reference not in response.content.decode()
                assert_no_raw_markup(response, label)
                assert_unchanged(before, f"case list with {label}")

    @pytest.mark.parametrize("page", ["0", "-1", "9" * 30, "laatste", SCRIPT])
    def test_deadline_dashboard_and_access_log_survive_hostile_pages(self, world, client, page):
        case = world.overdue()
        client.force_login(world.hr_lead)
        for url in ("/cases/deadlines/", f"/cases/{case.reference}/access-log/"):
            response = client.get(url, {"page": page})
            assert response.status_code == 200
            assert_no_raw_markup(response, f"{url}?page={page}")
            assert case.reference in response.content.decode()

    def test_access_log_is_forbidden_to_a_handler(self, world, client):
        case = world.triaged()
        client.force_login(world.hr)
        assert client.get(f"/cases/{case.reference}/access-log/").status_code == 403

    @pytest.mark.parametrize("reference", ["TD-0000-0000", SCRIPT, "' OR 1=1 --", "x" * 3000])
    def test_access_log_of_an_unknown_case_is_404(self, world, client, reference):
        client.force_login(world.hr_lead)
        response = client.get(f"/cases/{reference}/access-log/")
        assert response.status_code == 404
        assert_no_raw_markup(response, reference[:30])


class TestLanguageSwitch:
    @pytest.mark.parametrize("language", ["xx", SCRIPT, "../../etc/passwd", "en\x00", "e" * 5000,
                                          "nl-be' OR '1'='1"])
    def test_unknown_language_is_ignored(self, world, client, language):
        client.force_login(world.manager)
        response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
        assert response.status_code in (302, 204, 400)
        assert "django_language" not in response.cookies

    @pytest.mark.parametrize("next_url", [
        "https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)",
        "https:evil.example", "\x00/", " //evil.example", "http://testserver@evil.example/",
    ])
    def test_language_switch_never_redirects_off_site(self, world, client, next_url):
        client.force_login(world.manager)
        response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
        assert response.status_code in (302, 204)
        location = response.get("Location", "/")
        assert location.startswith("/") and not location.startswith(("//", "/\\"))

    def test_language_is_changed_by_post_only(self, world, client):
        client.force_login(world.manager)
        response = client.get("/i18n/setlang/", {"language": "en", "next": "/"})
        assert "django_language" not in response.cookies


class TestLoginForm:
    @pytest.mark.parametrize("username, password", [
        ("' OR 1=1 --", "x"), ("admin'--", "' OR '1'='1"), (SCRIPT, SCRIPT),
        ("x" * 5000, "y"), ("gebruiker\x00", "x"), ("\u202enimda", "x"),
        ("leidinggevende", "p" * 100_000), ("", ""), ("leidinggevende", "\x00"),
    ], ids=["sql", "sql-2", "script", "over-long user", "null byte user", "rtl user",
            "over-long password", "empty", "null byte password"])
    def test_hostile_credentials_get_a_form_error(self, world, client, username, password):
        before = db_snapshot()
        response = client.post("/login/", {"username": username, "password": password})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert_no_raw_markup(response, "login form")
        assert_unchanged(before, "a failed login")

    @pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/",
                                          "/\\evil.example/", "javascript:alert(1)"])
    def test_login_never_redirects_off_site(self, world, client, next_url):
        response = client.post(f"/login/?next={next_url}", {
            "username": world.manager.username, "password": factories.PASSWORD,
            "next": next_url})
        assert response.status_code == 302
        assert response["Location"] == reverse("home")

    def test_login_next_is_escaped_on_the_page(self, client):
        response = client.get("/login/", {"next": f'"><{SCRIPT}'})
        assert response.status_code == 200
        assert_no_raw_markup(response, "login next")


class TestOutputIsEscaped:
    def test_markup_in_every_text_of_a_report_is_escaped_on_the_report_and_case_pages(
            self, world, client):
        employee = factories.EmployeeFactory(first_name=SCRIPT, last_name="<b>Peeters</b>")
        fields = report_fields(employee) | {"description": f"Hij schreef {SCRIPT} online.",
                                            "account_name": SCRIPT, "platform_name": SCRIPT}
        incident = incident_save_draft(reporter=world.manager, fields=fields,
                                       provisions=current_provisions(),
                                       people=[{"name": SCRIPT, "role": "witness",
                                                "details": SCRIPT}])
        incident_submit(incident=incident, user=world.manager)
        incident.refresh_from_db()
        addendum_add(incident=incident, user=world.manager, text=SCRIPT,
                     files=[upload(f"{SCRIPT}.png", png_bytes())])
        case = steps.case_take_in_triage(case=incident.case, user=world.hr, note=SCRIPT)
        review_request(case=case, user=world.hr, reviewer=world.legal, question=SCRIPT)
        opinion_file(case=case, user=world.legal, text=SCRIPT)
        pages = [(world.manager, reverse("incidents:report_detail", args=[incident.pk])),
                 (world.manager, reverse("incidents:my_reports")),
                 (world.manager, "/"),
                 (world.hr, case.get_absolute_url()), (world.hr, "/"),
                 (world.hr_lead, case.get_absolute_url()), (world.hr_lead, "/cases/"),
                 (world.hr_lead, f"/cases/?query={SCRIPT}"),
                 (world.hr_lead, f"/cases/{case.reference}/access-log/"),
                 (world.legal, case.get_absolute_url())]
        for user, url in pages:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert not [m for m in RAW_MARKERS if m in html], f"unescaped markup on {url}"
        client.force_login(world.hr)
        html = client.get(case.get_absolute_url()).content.decode()
        assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6
