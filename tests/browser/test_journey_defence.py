"""A statutory case from the summons to the decision, with the rights of defence on file: HR
attaches the written defence and the signed minutes, records the inspection of the file and the
counsel; the deciding authority sees the defence and the (partly erased) record on the decision
form, cites the live prior sanction, and the decision PDF mentions the defence and cites only that
sanction."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from incidents.models import LegalStatus
from tests import factories
from tests.browser.journeys import (
    ENGLISH,
    browser_for,
    expect_state,
    iso,
    open_case_from_home,
    reported_case,
    run_step,
    step_form,
    submit,
    today,
)
from workflows.defence.services import prior_sanction_enter
from workflows.documents.models import IssuedDocument
from workflows.models import Sanction
from workflows.services import disciplinary, steps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def prosecuted(officer, director):
    """A statutory employee's case up to the decision to prosecute, with two sanctions from
    before this system: a reprimand of 2019 (erased) and a suspension of last year (live)."""
    case = reported_case(status=LegalStatus.STATUTORY, first_name="Els", last_name="Willems")
    case = steps.case_take_in_triage(case=case, user=officer)
    case = steps.case_open_disciplinary(case=case, user=officer, knowledge_date=today(),
                                        investigator=factories.legal(),
                                        reason="The report reached the director only today.")
    case = disciplinary.case_take_note_of_report(case=case, user=officer, noted_on=today())
    case = disciplinary.case_decide_to_prosecute(case=case, user=director, reason="Bewezen.",
                                                 body=factories.deciding_body(case))
    prior_sanction_enter(case=case, user=officer, sanction=Sanction.REPRIMAND,
                         decided_on=datetime.date(2019, 3, 4), authority="College 2019")
    prior_sanction_enter(case=case, user=officer, sanction=Sanction.SUSPENSION,
                         decided_on=today() - datetime.timedelta(days=300),
                         authority="College last year")
    return case


def attach(page, tmp_path, kind, name, date_label_value, hearing=True):
    path = tmp_path / name
    path.write_bytes(PDF)
    form = step_form(page, "Add a document (written defence, signed minutes, receipt, …)")
    form.get_by_label("Kind of document").select_option(label=kind)
    form.get_by_label("File (PDF or image)").set_input_files(str(path))
    form.get_by_label("Date of the document or of its receipt").fill(date_label_value)
    if hearing:
        form.get_by_label("Hearing it proves").select_option(index=1)
    submit(page, form, "Add the document")
    expect(page.locator("[role=status]")).to_contain_text("Recorded: ")


def test_the_authority_decides_with_the_defence_and_the_record_in_view(
    page, live_server, login, new_context, axe_check, tmp_path
):
    officer = factories.hr(username="hanne", first_name="Hanne", last_name="Claes")
    director = factories.decider(username="director", first_name="Dirk", last_name="Wouters")
    case = prosecuted(officer, director)

    login(page, live_server, officer.username, factories.PASSWORD)
    page.goto(case.get_absolute_url())
    expect_state(page, "Decided to prosecute")

    def summons(form):
        form.get_by_label("Date the summons is sent").fill(
            iso(today() - datetime.timedelta(days=14)))
        form.get_by_label("Date and time of the hearing").fill(f"{iso(today())}T08:30")
        form.get_by_label("Place").fill("Town hall, council chamber")
        form.get_by_label("Facts held against the employee").fill(
            "Shared confidential information from the personnel file on a private profile.")

    run_step(page, "Summon to the hearing", summons)

    def inspection(form):
        form.get_by_label("Date the file was inspected").fill(iso(today()))
        form.get_by_label("Place").fill("HR department")
        form.get_by_label("Pieces inspected").fill("Investigation report, three screenshots")

    form = step_form(page, "Record an inspection of the file")
    inspection(form)
    submit(page, form, "Record")
    attach(page, tmp_path, "Written defence", "defence-note.pdf", iso(today()))

    def hearing(form):
        form.get_by_label(re.compile(r"^Outcome")).select_option(label="Held")
        form.get_by_label(re.compile(r"^Date:?$")).fill(iso(today()))
        form.get_by_label(re.compile(r"^Started at")).fill("09:05")
        form.get_by_label(re.compile(r"^Ended at")).fill("10:10")
        form.get_by_label("Statements (minutes)").fill("Els, with her counsel, admits the facts.")

    run_step(page, "Record the hearing", hearing)
    expect_state(page, "Hearing recorded, awaiting the sanction proposal")

    form = step_form(page, "Record the counsel")
    form.get_by_label("Name of the counsel").fill("An Peeters")
    form.get_by_label("Capacity").select_option(label="Union representative")
    form.get_by_role("combobox", name=re.compile("^Hearing")).select_option(index=1)
    form.get_by_label("Attended the hearing").check()
    submit(page, form, "Record")
    attach(page, tmp_path, "Signed minutes of the hearing", "signed-minutes.pdf", iso(today()))

    defence = page.get_by_role("region", name="Defence and record")
    expect(defence).to_contain_text("Written defence: defence-note.pdf")
    expect(defence).to_contain_text("Signed minutes of the hearing: signed-minutes.pdf")
    expect(defence).to_contain_text("An Peeters (Union representative) — attended the hearing")
    expect(defence).to_contain_text("Investigation report, three screenshots")

    def proposal(form):
        form.get_by_label("Proposal by").select_option(label="the line manager")
        form.get_by_label("Proposed sanction").select_option(
            label="Disciplinary suspension (schorsing)")
        form.get_by_label("Duration in months").fill("2")
        form.get_by_label("Motivation of the proposal").fill("A repetition after a suspension.")

    run_step(page, "Record the sanction proposal", proposal)

    desk = browser_for(new_context, login, live_server, director)
    open_case_from_home(desk, "Awaiting your decision", case.reference)
    form = step_form(desk, "Take the disciplinary decision")
    proposal = form.get_by_role("article", name="The proposal")
    expect(proposal).to_contain_text("Disciplinary suspension (schorsing), 2 months")
    expect(proposal).to_contain_text("A repetition after a suspension.")
    expect(form).to_contain_text("The employee's defence")
    expect(form).to_contain_text("Written defence, received on")
    expect(form).to_contain_text("Counsel: An Peeters (Union representative), attended the hearing")
    record = form.get_by_role("article").filter(has_text="Disciplinary record")
    expect(record.locator("s")).to_have_text(["Reprimand (blaam)"])
    expect(record).to_contain_text("erased")
    # Only the live suspension can be ticked as cited; the erased reprimand is not offered.
    expect(form.get_by_role("checkbox", name=re.compile(r"Disciplinary suspension \(schorsing\), "))).to_have_count(1)
    expect(form.get_by_role("checkbox", name=re.compile(r"Reprimand \(blaam\), "))).to_have_count(0)

    form.get_by_label("Deciding body").select_option(label="de algemeen directeur (Gemeente)")
    form.get_by_label("Reason").fill("The defence is answered: the facts are admitted; "
                                     "a suspension last year did not prevent a repetition.")
    form.get_by_label("Sanction").select_option(label="Disciplinary suspension (schorsing)")
    form.get_by_label("Duration in months").fill("2")
    form.get_by_role("checkbox", name=re.compile(r"Disciplinary suspension \(schorsing\), ")).check()
    submit(desk, form, "Take the disciplinary decision")
    # The summary to confirm names the sanction and the prior sanction cited.
    summary = desk.locator("main article")
    expect(summary).to_contain_text("Disciplinary suspension (schorsing)")
    expect(summary).to_contain_text("Prior sanctions cited")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Confirm and record the decision").click()
    expect(desk.locator("[role=status]")).to_contain_text("Recorded: ")
    expect_state(desk, "Decision taken")
    procedure = desk.get_by_role("region", name="Procedure")
    expect(procedure).to_contain_text("Prior sanctions cited")
    expect(procedure.get_by_role("link", name=re.compile("Disciplinary suspension"))).to_have_attribute(
        "href", re.compile(r"#record-p\d+$"))
    assert axe_check(desk) == []

    # A letter is drawn up on the documents page, where its delivery is chosen.
    page.goto(f"/cases/{case.reference}/documents/")
    button = page.get_by_role("button", name="Disciplinary decision", exact=True)
    page.locator("form").filter(has=button).get_by_label(re.compile("^Delivery")).select_option(
        label="Handed over against receipt")
    with page.expect_navigation():
        button.click()
    document = IssuedDocument.objects.get(case=case, kind=IssuedDocument.Kind.DISCIPLINARY_DECISION)
    with document.file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    text = " ".join(text.split())
    assert "Bijgestaan door An Peeters (vakbondsafgevaardigde), aanwezig op het verhoor." in text
    assert "Schriftelijk verweer ontvangen op" in text
    assert "College last year" in text
    assert "College 2019" not in text
