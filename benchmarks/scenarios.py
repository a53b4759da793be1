"""What is timed: the pages each role opens every day, through the real URLs, a few writes through
the services, and the floors (a bare view running the ideal indexed query for the same page)."""

import datetime
import io
import sys

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from benchmarks.data import World
from incidents.models import Provision
from workflows.models import Case

# Which floor each page is compared with (the same kind of list, page of 25 plus its count).
FLOOR_OF = {"case list": "floor: case list", "deadlines": "floor: deadlines",
            "my reports": "floor: my reports", "home": "floor: case list"}


class Scenario:
    def __init__(self, label, call, *, kind="page", floor=None, count_queries=True):
        self.label, self.call, self.kind, self.floor = label, call, kind, floor
        self.count_queries = count_queries

    def queries(self) -> int | None:
        if not self.count_queries:
            return None
        with CaptureQueriesContext(connection) as captured:
            self.call()
        return len(captured)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client, url):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response
    return call


def _uncached(call):
    def first_load():
        cache.clear()
        return call()
    return first_load


def refresh_statistics_scenario() -> Scenario:
    """The timer that counts every year's statistics again (every 15 minutes)."""
    return Scenario("timer: refresh_statistics (every year)",
                    lambda: call_command("refresh_statistics", stdout=io.StringIO()),
                    kind="write", count_queries=False)


def _answers(client, url) -> bool:
    """Whether a page answers 200; a page that fails is reported, not timed."""
    try:
        status = client.get(url).status_code
    except Exception as error:  # the test client re-raises the view's error
        status = f"an error ({error!r})"
    if status != 200:
        print(f"not measured: {url} answered {status}", file=sys.stderr)
    return status == 200


def searched_surname(world: World) -> str:
    """The surname the search by name looks for: the same employee at every size."""
    return world.employees[(12345 * 7919) % len(world.employees)].last_name


def page_scenarios(world: World) -> list[Scenario]:
    lead, officer = _client(world.lead), _client(world.officer)
    legal, decider, manager = _client(world.legal), _client(world.decider), _client(world.manager)
    typical = world.templates["dismissal"]
    large = world.templates["large"]
    provision = Provision.objects.filter(cases__isnull=False).first()
    searched = searched_surname(world)
    found = []

    def page(label, client, url, kind):
        found.append(Scenario(label, _get(client, url), floor=FLOOR_OF.get(kind)))

    page("HR lead: home", lead, "/", "home")
    page("HR lead: case list", lead, "/cases/", "case list")
    page("HR lead: search by name", lead, f"/cases/?query={searched}", "case list")
    page("HR lead: search by reference", lead, f"/cases/?query={typical.reference}", "case list")
    page("HR lead: filter by state", lead, f"/cases/?state={typical.state}", "case list")
    page("HR lead: filter by provision", lead, f"/cases/?provision={provision.pk}", "case list")
    page("HR lead: overdue only", lead, "/cases/?overdue=on", "case list")
    page("HR lead: sort by nearest deadline", lead, "/cases/?sort=deadline", "case list")
    page("HR lead: deadlines dashboard", lead, "/cases/deadlines/", "deadlines")
    page("HR lead: case page (typical)", lead, typical.get_absolute_url(), "case")
    page(f"HR lead: case page ({large.events.count()} events)", lead, large.get_absolute_url(),
         "case")
    try:
        statistics = reverse("statistics:page")
    except NoReverseMatch:  # a version without the statistics page
        statistics = None
    if statistics and _answers(lead, statistics):
        # The first load of a year: Django's cache emptied before each call, the year's counts
        # read from the snapshot the `refresh_statistics` timer keeps (issue #17).
        found.append(Scenario("HR lead: statistics (first load)",
                              _uncached(_get(lead, statistics))))
    page("HR officer: home", officer, "/", "home")
    page("HR officer: case list", officer, "/cases/", "case list")
    page("HR officer: deadlines dashboard", officer, "/cases/deadlines/", "deadlines")
    page("legal: home", legal, "/", "home")
    page("legal: case list", legal, "/cases/", "case list")
    page("deciding authority: home", decider, "/", "home")
    page("deciding authority: case list", decider, "/cases/", "case list")
    # The case awaiting its decision, with the consistency panel of comparable cases (#17).
    page("deciding authority: case page with the consistency panel", decider,
         world.templates["heard"].get_absolute_url(), "case")
    page("manager: home", manager, "/", "home")
    page("manager: my reports", manager, "/reports/", "my reports")
    for label, url in (("floor: case list", "/bench-floor/cases/"),
                       ("floor: deadlines", "/bench-floor/deadlines/"),
                       ("floor: my reports", "/bench-floor/reports/")):
        found.append(Scenario(label, _get(lead if "reports" not in url else manager, url),
                              kind="floor"))
    return found


def case_page_scenario(world: World) -> Scenario:
    return Scenario("HR lead: case page (typical)",
                    _get(_client(world.lead), world.templates["dismissal"].get_absolute_url()))


def _screenshot() -> bytes:
    """A small PNG, like the screenshot a manager attaches."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (240, 240, 240)).save(buffer, "PNG")
    return buffer.getvalue()


def convened_clone(world: World) -> tuple[Case, object]:
    """A clone of the opened dismissal with a hearing convened a week ahead at 10.00, and its
    handler: a convocation is refused once its hearing has passed (the "heard" template's has),
    and for a hearing outside working hours (so not at the hour the benchmark happens to run)."""
    from workflows.services import steps

    template = world.templates["dismissal"]
    case = Case.objects.filter(state=template.state).exclude(pk=template.pk).order_by("pk").first()
    case = steps.case_convene_hearing(
        case=case, user=case.handler, place="Gemeentehuis",
        scheduled_at=timezone.make_aware(datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=7), datetime.time(10))),
        summoned_on=timezone.localdate(),
        facts_summary="Het bericht op het blog.", confirm_unusual_time=True,
        confirm_after_deadline=True)
    return case, case.handler


def write_scenarios(world: World) -> list[Scenario]:
    """A report with two evidence files submitted, one transition on the case it opened, one
    letter and the full case file of the 200-event case, all through the services."""
    from incidents.services import evidence_add_file, incident_save_draft, incident_submit
    from workflows.documents.models import Delivery
    from workflows.documents.services import document_issue
    from workflows.services import steps

    opened = []
    png = _screenshot()
    template = world.templates["reported"].incident

    def submit():
        today = timezone.localdate()
        incident = incident_save_draft(
            reporter=world.manager, provisions=list(template.provisions.all()), people=[], fields={
                "employee": world.employees[len(opened) % len(world.employees)],
                "facts_date": today - datetime.timedelta(days=2),
                "knowledge_date": today - datetime.timedelta(days=1),
                "platform": template.platform, "account_kind": template.account_kind,
                "communication": template.communication, "description": template.description})
        for number in range(2):
            evidence_add_file(incident=incident, user=world.manager, uploaded=SimpleUploadedFile(
                f"bewijs{number}.png", png, content_type="image/png"))
        incident_submit(incident=incident, user=world.manager)
        opened.append(Case.objects.get(incident=incident))

    def transition():
        steps.case_take_in_triage(case=opened[-1], user=world.officer)

    letter_case, handler = convened_clone(world)

    def letter():
        document_issue(case=letter_case, kind="convocation", user=handler,
                       delivery=Delivery.REGISTERED)

    def case_file():
        document_issue(case=world.templates["large"], kind="case_file", user=world.officer)

    return [
        Scenario("manager: submit a report with two evidence files", submit, kind="write",
                 count_queries=False),
        Scenario("HR officer: one transition (take in triage)", transition, kind="write",
                 count_queries=False),
        Scenario("HR officer: one letter (convocation)", letter, kind="pdf", count_queries=False),
        Scenario(f"HR officer: full case file ({world.templates['large'].events.count()} events)",
                 case_file, kind="pdf", count_queries=False),
    ]
