"""Accessibility of the pages people use every day (WCAG 2.1 AA, as checked by axe-core, plus what
axe cannot judge alone): no serious or critical violations, every control named by its label, the
report form usable with the keyboard alone, focus visible, errors announced. Also: the default
interface is Dutch."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import LegalStatus
from tests import factories
from tests.browser.journeys import ENGLISH, browser_for, reported_case, today
from workflows.documents.services import document_issue
from workflows.services import disciplinary, steps
from workflows.services.reviews import review_request

# serialized_rollback: the code's provisions and the rulebook come from data migrations.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DUTCH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
LATER_KNOWLEDGE = "The report reached the director only today."
OPEN_EVERY_FORM = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
CONTROLS = "input:not([type=hidden]):visible, select:visible, textarea:visible"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


class World:
    """One of each person, and cases in the states whose pages differ most."""

    def __init__(self):
        self.manager = factories.manager(username="marleen", first_name="Marleen",
                                         last_name="Peeters")
        self.hr = factories.hr(username="hanne", first_name="Hanne", last_name="Claes")
        self.lead = factories.hr_lead(username="hilde", first_name="Hilde", last_name="Lemmens")
        self.legal = factories.legal(username="lies", first_name="Lies", last_name="Maes")
        self.decider = factories.decider(username="director", first_name="Dirk",
                                         last_name="Wouters")
        factories.EmployeeFactory(first_name="Jan", last_name="Xavierssen", personnel_number="P01234")
        self.reported = reported_case(reporter=self.manager, first_name="An", last_name="Aerts")
        self.heard = self._heard_dismissal()
        self.appeal_window = self._notified_reprimand()
        self.closed = steps.case_close_without_follow_up(
            case=self._triaged(LegalStatus.CONTRACTUAL), user=self.hr,
            reason="The post was a parody account, not the employee.")
        review_request(case=self.heard, user=self.hr, reviewer=self.legal,
                       question="Is the hearing's record complete enough to decide?")
        document_issue(case=self.heard, kind="incident_report", user=self.hr)

    def _triaged(self, status):
        case = reported_case(reporter=self.manager, status=status)
        return steps.case_take_in_triage(case=case, user=self.hr)

    def _heard_dismissal(self):
        case = steps.case_open_dismissal(case=self._triaged(LegalStatus.CONTRACTUAL), user=self.hr,
                                         knowledge_date=today(), reason=LATER_KNOWLEDGE)
        case = steps.case_convene_hearing(
            case=case, user=self.hr, place="Town hall, room 2",
            facts_summary="Council minutes posted.",
            scheduled_at=timezone.localtime().replace(hour=9, minute=0))
        return steps.case_record_hearing(case=case, user=self.hr, outcome="held", held_on=today(),
                                         minutes="The employee admits the facts.")

    def _notified_reprimand(self):
        case = steps.case_open_disciplinary(case=self._triaged(LegalStatus.STATUTORY), user=self.hr,
                                            knowledge_date=today(), investigator=self.legal,
                                            reason=LATER_KNOWLEDGE)
        case = disciplinary.case_take_note_of_report(case=case, user=self.hr, noted_on=today())
        case = disciplinary.case_decide_to_prosecute(case=case, user=self.decider,
                                                     reason="Facts confirmed.",
                                                     body=factories.deciding_body(case))
        case = steps.case_convene_hearing(
            case=case, user=self.hr, place="Council chamber",
            facts_summary="Confidential data shared.", summoned_on=today() - datetime.timedelta(days=14),
            scheduled_at=timezone.localtime().replace(hour=8, minute=0))
        case = steps.case_record_hearing(case=case, user=self.hr, outcome="held", held_on=today(),
                                         minutes="Heard with counsel.")
        case = factories.propose(case, self.hr)
        case = disciplinary.case_decide_sanction(case=case, user=self.decider, sanction="blaam",
                                                 reason="First offence.",
                                                 body=factories.deciding_body(case))
        return disciplinary.case_notify_decision(
            case=case, user=self.hr, method="registered_letter", sent_on=today(),
            received_on=today())


def violations_on(page, axe_check, url, *, expand=False):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    if expand:
        page.evaluate(OPEN_EVERY_FORM)
    return axe_check(page)


def same_day_and_month_before(day: datetime.date) -> datetime.date:
    """The last date on or before `day` whose day and month numbers are equal (11/11, 12/12...)."""
    while day.day != day.month:
        day -= datetime.timedelta(days=1)
    return day


def tab_to(page, target, max_presses=120):
    """Press Tab until `target` (a locator) has the keyboard focus."""
    for _ in range(max_presses):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} not reached with {max_presses} presses of Tab")


def test_main_pages_have_no_serious_or_critical_violations(
    page, live_server, login, new_context, axe_check, screenshot
):
    world = World()
    found = {}

    found["login"] = violations_on(page, axe_check, "/login/")
    manager = browser_for(new_context, login, live_server, world.manager)
    incident = world.reported.incident
    for url in ("/", "/reports/", "/reports/new/", f"/reports/{incident.pk}/", "/help/"):
        found[f"manager {url}"] = violations_on(manager, axe_check, url)
    screenshot(manager, "help")

    hr = browser_for(new_context, login, live_server, world.hr)
    found["hr /"] = violations_on(hr, axe_check, "/")
    screenshot(hr, "home-hr")
    found["hr /cases/"] = violations_on(hr, axe_check, "/cases/", expand=True)
    screenshot(hr, "case-list")
    found["hr deadlines"] = violations_on(hr, axe_check, "/cases/deadlines/")
    screenshot(hr, "deadlines")
    for name in ("reported", "heard", "appeal_window", "closed"):
        case = getattr(world, name)
        found[f"hr case {name}"] = violations_on(
            hr, axe_check, case.get_absolute_url(), expand=True)
    found["hr documents"] = violations_on(
        hr, axe_check, f"{world.heard.get_absolute_url()}documents/")

    lead = browser_for(new_context, login, live_server, world.lead)
    found["hr lead /"] = violations_on(lead, axe_check, "/")
    found["hr lead case heard"] = violations_on(
        lead, axe_check, world.heard.get_absolute_url(), expand=True)

    for person in (world.legal, world.decider):
        desk = browser_for(new_context, login, live_server, person)
        found[f"{person.username} /"] = violations_on(desk, axe_check, "/")
        found[f"{person.username} deadlines"] = violations_on(desk, axe_check, "/cases/deadlines/")
        if person == world.decider:
            screenshot(desk, "home-decider")
        found[f"{person.username} case heard"] = violations_on(
            desk, axe_check, world.heard.get_absolute_url(), expand=True)

    assert {where: v for where, v in found.items() if v} == {}


def test_every_visible_form_control_is_named_by_its_label(page, live_server, login, new_context):
    world = World()
    pages = [
        (world.manager, "/reports/new/"),
        (world.manager, f"/reports/{world.reported.incident.pk}/"),
        (world.lead, "/cases/"),
        (world.lead, world.reported.get_absolute_url()),
        (world.lead, world.heard.get_absolute_url()),
        (world.hr, world.appeal_window.get_absolute_url()),
        (world.decider, world.heard.get_absolute_url()),
        (world.legal, world.heard.get_absolute_url()),
        (world.hr, f"{world.heard.get_absolute_url()}documents/"),
    ]
    desks = {}
    checked = 0
    for person, url in pages:
        if person not in desks:
            desks[person] = browser_for(new_context, login, live_server, person)
        desk = desks[person]
        desk.goto(url)
        desk.evaluate(OPEN_EVERY_FORM)
        controls = desk.locator("main").locator(CONTROLS)
        for index in range(controls.count()):
            control = controls.nth(index)
            # Playwright computes the accessible name as assistive technology does; a label that
            # points at another control with the same id would leave this one nameless.
            where = f"{url}: {control.evaluate('el => el.outerHTML')[:160]}"
            expect(control, where).to_have_accessible_name(re.compile(r"\w{2,}"), timeout=1_000)
            checked += 1
    assert checked > 80


def test_manager_fills_and_submits_the_report_with_the_keyboard_alone(page, live_server, login):
    world = World()
    login(page, live_server, world.manager.username, factories.PASSWORD)
    page.goto("/reports/new/")
    # Chromium orders the parts of a date field as its own locale does (dd/mm or mm/dd): a day
    # whose day and month numbers are equal types the same in both.
    facts = same_day_and_month_before(today())

    def select_by_typing(label, text, expected):
        field = page.get_by_label(label)
        tab_to(page, field)
        page.keyboard.type(text)
        expect(field.locator("option:checked")).to_have_text(expected)

    def type_date(label, day):
        field = page.get_by_label(label)
        tab_to(page, field)
        # The parts of the date advance on their own as the digits are typed.
        page.keyboard.type(day.strftime("%d%m%Y"))
        expect(field).to_have_value(day.isoformat())

    # Typed letters pick the first matching option: the name is one no factory generates.
    select_by_typing(re.compile(r"^Employee"), "Xavierssen",
                     re.compile(r"^Xavierssen Jan \(P01234\) — "))
    type_date("Date of the facts", facts)
    type_date("Date you learned of it", facts)
    select_by_typing(re.compile(r"^Platform:"), "Online",
                     "Online network (e.g. Facebook, LinkedIn)")
    tab_to(page, page.get_by_label("Name of the platform"))
    page.keyboard.type("Facebook")
    select_by_typing("Kind of account", "Private", "Private account")
    select_by_typing("Kind of communication", "Personal", "Personal communication")
    provision = page.get_by_label("5.3 — do not spread internal or confidential information")
    tab_to(page, provision)
    page.keyboard.press("Space")
    expect(provision).to_be_checked()
    tab_to(page, page.get_by_label("Description"))
    page.keyboard.type("Posted the minutes of a closed council session.")
    tab_to(page, page.get_by_role("button", name="Submit the report"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.locator("hgroup")).to_contain_text("Status: Received")
    expect(page.locator("main")).to_contain_text(facts.strftime("%d/%m/%Y"))


def test_keyboard_focus_is_visible(page, live_server, login):
    world = World()
    login(page, live_server, world.hr.username, factories.PASSWORD)
    page.goto(world.reported.get_absolute_url())

    def outline_of_focused():
        return page.evaluate("""() => {
            const style = getComputedStyle(document.activeElement);
            return {tag: document.activeElement.tagName, style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth), boxShadow: style.boxShadow};
        }""")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    focused = [outline_of_focused()]
    for target in (page.get_by_role("link", name="Cases"),
                   page.get_by_role("button", name=re.compile(r"^Log out")),
                   page.locator("summary", has_text="Take in triage")):
        tab_to(page, target)
        focused.append(outline_of_focused())
    page.keyboard.press("Enter")  # opens the step, as a click would
    tab_to(page, page.get_by_label("Note (optional)"))
    focused.append(outline_of_focused())

    for state in focused:
        assert state["style"] != "none" and state["width"] >= 2, state


def test_errors_are_announced(page, live_server, login, new_context):
    world = World()
    login(page, live_server, world.manager.username, factories.PASSWORD)
    page.goto("/reports/new/")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the report").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("The report could not be saved")
    employee = page.get_by_label(re.compile(r"^Employee"))
    expect(employee).to_have_attribute("aria-invalid", "true")
    # The message is tied to the field, so it is read out with it.
    expect(employee).to_have_accessible_description(re.compile("This field is required"))

    hr = browser_for(new_context, login, live_server, world.hr)
    hr.goto(world.appeal_window.get_absolute_url())
    hr.locator("summary", has_text="Record an appeal").click()
    with hr.expect_navigation():
        hr.locator("details[open] form").get_by_role("button", name="Record an appeal").click()
    alert = hr.locator("details[open]").get_by_role("alert")
    expect(alert).to_contain_text("This field is required")


@pytest.mark.skipif(not DUTCH_CATALOGUE.exists(),
                    reason="locale/nl/LC_MESSAGES/django.mo is not compiled yet (compilemessages)")
@pytest.mark.browser_context_args(locale="nl-BE")
def test_interface_is_dutch_by_default(page, live_server):
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
