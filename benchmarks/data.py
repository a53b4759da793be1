"""The benchmark's data set: people in bulk, a few template cases made through the real services,
and as many clones of them as asked (`bulk_create`, keys remapped, dates shifted, the hash chain of
every clone recomputed), so that 100,000 cases take minutes instead of hours."""

import datetime
import itertools
from dataclasses import dataclass, field
from datetime import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from core import roles
from core.demo_employers import demo_employers
from incidents.models import (
    AccountKind, Communication, Department, Employee, EmployeeStatus, EmployingEntity, Incident,
    LegalStatus, Platform, Provision,
)
from incidents.services import addendum_add, incident_save_draft, incident_submit
from workflows.competence import competent_bodies
from workflows.models import AccessLog, Case, CaseEvent
from workflows.services import assignment, disciplinary, reviews, steps
from workflows.states import CaseState

PASSWORD = "bench-password"
HR_STAFF, MANAGERS = 20, 50
BATCH = 500
LARGE_EVENTS = 200
# Clone weights: about three in four cases are closed, as in an installation kept for years.
WEIGHTS = {"reported": 3, "triage": 4, "dismissal": 5, "heard": 3, "disciplinary": 4, "rich": 4,
           "closed": 40, "informal": 20, "not_prosecuted": 16, "large": 1}
OPEN_TEMPLATES = {"reported", "triage", "dismissal", "heard", "disciplinary", "rich", "large"}


FIRST_NAMES = ["An", "Bart", "Els", "Jan", "Kato", "Lien", "Pieter", "Sofie", "Tom", "Wim"]
SYLLABLES = ["van", "de", "ver", "man", "ck", "ens", "aert", "hof", "bos", "lin", "ghe", "rijk"]


def surname(number: int) -> str:
    """A distinct surname without digits for every employee, as real names are."""
    parts = []
    while True:
        number, rest = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[rest])
        if not number:
            break
    return "".join(parts).capitalize() + "s"


@dataclass
class World:
    lead: object
    officer: object
    legal: object
    decider: object
    manager: object
    hr_staff: list = field(default_factory=list)
    managers: list = field(default_factory=list)
    employees: list = field(default_factory=list)
    templates: dict = field(default_factory=dict)
    clones: int = 0


# ----------------------------------------------------------------------------------------------
# People


def build_people(*, employees: int, users: int) -> World:
    """`users` accounts (2 % HR, 1 % managers who report, the rest without a role in cases) and
    `employees` staff members over 10 departments, all in bulk."""
    User = get_user_model()
    password = make_password(PASSWORD)
    departments = Department.objects.bulk_create(
        Department(name=f"Dienst {i}", entity=EmployingEntity.MUNICIPALITY) for i in range(10))
    named = ["bench-lead", "bench-officer", "bench-legal", "bench-decider", "bench-manager"]
    accounts = User.objects.bulk_create(
        [User(username=name, password=password, first_name=name[6:].title(), last_name="Bench")
         for name in named]
        + [User(username=f"user{n:05d}", password=password, first_name="Gebruiker",
                last_name=f"Nr{n}") for n in range(max(users - len(named), 0))])
    lead, officer, legal, decider, manager = accounts[:5]
    rest = accounts[5:]
    # A fixed staff whatever the number of accounts, so that adding accounts changes nothing else.
    hr_staff = [officer] + rest[:HR_STAFF]
    managers = [manager] + rest[HR_STAFF:HR_STAFF + MANAGERS]
    members = {roles.HR: [lead] + hr_staff, roles.HR_LEADS: [lead], roles.LEGAL: [legal],
               roles.DECIDING_AUTHORITY: [decider], roles.REPORTING_MANAGERS: managers}
    through = User.groups.through
    through.objects.bulk_create(
        through(user_id=user.pk, group_id=Group.objects.get(name=name).pk)
        for name, people in members.items() for user in people)
    # Every employee belongs to an employing entity with its bodies (who decides is rulebook data).
    municipality = demo_employers()[EmployingEntity.MUNICIPALITY]
    staff = Employee.objects.bulk_create(
        Employee(personnel_number=f"B{n:06d}", first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                 last_name=surname(n), department=departments[n % 10], employer=municipality,
                 address=f"Kerkstraat {n % 200 + 1}, 9000 Gent")
        for n in range(employees))
    EmployeeStatus.objects.bulk_create(
        EmployeeStatus(employee=e, valid_from=datetime.date(2010, 1, 1),
                       legal_status=LegalStatus.STATUTORY if i % 3 == 0 else LegalStatus.CONTRACTUAL)
        for i, e in enumerate(staff))
    return World(lead=lead, officer=officer, legal=legal, decider=decider, manager=manager,
                 hr_staff=hr_staff, managers=managers, employees=staff)


def add_users(count: int) -> None:
    """More accounts without a role in cases: the case page must not grow with them."""
    User = get_user_model()
    start = User.objects.count()
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        (User(username=f"extra{n:05d}", password=password, first_name="Extra", last_name=f"Nr{n}")
         for n in range(start, start + count)), batch_size=2000)


# ----------------------------------------------------------------------------------------------
# Templates, through the real services


def _report(world: World, employee, *, days_ago: int):
    today = timezone.localdate()
    provisions = list(Provision.objects.filter(code_version__is_current=True,
                                               applies_to__in=["personal", "both"])[:2])
    incident = incident_save_draft(reporter=world.manager, provisions=provisions, people=[
        {"name": "Sofie Wouters", "role": "witness", "details": ""}], fields={
        "employee": employee, "facts_date": today - datetime.timedelta(days=days_ago + 1),
        "knowledge_date": today - datetime.timedelta(days=days_ago), "platform": Platform.BLOG,
        "account_kind": AccountKind.PRIVATE, "communication": Communication.PERSONAL,
        "description": "Plaatste een bericht over een collega op een publiek blog. " * 8})
    incident_submit(incident=incident, user=world.manager)
    incident.refresh_from_db()
    return incident.case


@transaction.atomic
def build_templates(world: World) -> dict[str, Case]:
    """One case per kind of history, each made by the services a person would call. The HR
    officer handles them all; clones give most of them to other HR staff (see `clone_cases`)."""
    today = timezone.localdate()
    officer, lead = world.officer, world.lead
    statuses = {e.pk: e.status_history.first().legal_status for e in world.employees[:50]}
    contractual = [e for e in world.employees[:50] if statuses[e.pk] == LegalStatus.CONTRACTUAL]
    statutory = [e for e in world.employees[:50] if statuses[e.pk] == LegalStatus.STATUTORY]
    t = {}
    t["reported"] = _report(world, contractual[0], days_ago=2)
    t["triage"] = steps.case_take_in_triage(case=_report(world, contractual[1], days_ago=5),
                                            user=officer)
    case = steps.case_take_in_triage(case=_report(world, contractual[2], days_ago=4), user=officer)
    t["dismissal"] = steps.case_open_dismissal(case=case, user=officer,
                                               knowledge_date=case.incident.knowledge_date)
    case = steps.case_take_in_triage(case=_report(world, contractual[3], days_ago=4), user=officer)
    case = steps.case_open_dismissal(case=case, user=officer,
                                     knowledge_date=case.incident.knowledge_date)
    case = steps.case_convene_hearing(case=case, user=officer, place="Gemeentehuis",
                                      scheduled_at=timezone.now() - datetime.timedelta(hours=3),
                                      summoned_on=today - datetime.timedelta(days=7),
                                      facts_summary="Het bericht op het blog.",
                                      confirm_unusual_time=True)
    t["heard"] = steps.case_record_hearing(case=case, user=officer, outcome="held", held_on=today,
                                           start_time=time(10), end_time=time(11, 15),
                                           attendees="Het personeelslid", minutes="Erkent de feiten.")
    case = steps.case_take_in_triage(case=_report(world, statutory[0], days_ago=30), user=officer)
    case = steps.case_open_disciplinary(case=case, user=officer, investigator=world.legal,
                                        knowledge_date=case.incident.knowledge_date)
    t["disciplinary"] = disciplinary.case_take_note_of_report(
        case=case, user=officer, noted_on=today - datetime.timedelta(days=3))
    case = steps.case_take_in_triage(case=_report(world, contractual[4], days_ago=6), user=officer)
    assignment.case_add_co_handler(case=case, user=world.hr_staff[-1], actor=lead)
    reviews.review_request(case=case, user=officer, reviewer=world.legal, question="Zware fout?")
    reviews.opinion_file(case=case, user=world.legal, text="Eerder niet: een eenmalig bericht.")
    for number in range(3):
        addendum_add(incident=case.incident, user=world.manager, text=f"Aanvulling {number}.")
    t["rich"] = case
    case = steps.case_take_in_triage(case=_report(world, contractual[5], days_ago=40), user=officer)
    t["closed"] = steps.case_close_without_follow_up(case=case, user=officer, reason="Geen fout.")
    case = steps.case_take_in_triage(case=_report(world, contractual[6], days_ago=50), user=officer)
    t["informal"] = steps.case_take_informal_measure(case=case, user=officer,
                                                     measure=Case.Outcome.CONVERSATION,
                                                     reason="Gesprek volstaat.")
    case = steps.case_take_in_triage(case=_report(world, statutory[1], days_ago=60), user=officer)
    case = steps.case_open_disciplinary(case=case, user=officer, investigator=world.legal,
                                        knowledge_date=case.incident.knowledge_date)
    case = disciplinary.case_take_note_of_report(case=case, user=officer,
                                                 noted_on=today - datetime.timedelta(days=20))
    body = competent_bodies(case=case, decisions=["prosecution"], on=today).first()
    t["not_prosecuted"] = disciplinary.case_decide_not_to_prosecute(
        case=case, user=world.decider, reason="Onvoldoende bewezen.", body=body)
    t["large"] = case_with_history(world, contractual[7], LARGE_EVENTS)
    for case in t.values():
        case.refresh_from_db()
        AccessLog.objects.bulk_create(
            AccessLog(user=officer, case=case, action=AccessLog.Action.VIEW_CASE,
                      target=case.reference, ip_address="127.0.0.1") for _ in range(5))
    world.templates = t
    return t


def case_with_history(world: World, employee, events: int) -> Case:
    """A case in triage whose history holds `events` events: the report, then addenda."""
    case = steps.case_take_in_triage(case=_report(world, employee, days_ago=8), user=world.officer)
    for number in range(events - case.events.count()):
        addendum_add(incident=case.incident, user=world.manager,
                     text=f"Aanvulling {number}: " + "nieuwe vaststelling " * 12)
    return case


def contractual_employees(world: World) -> list:
    """The contractual staff outside the first 50 (which the templates use)."""
    return [e for e in world.employees[50:]
            if e.status_history.first().legal_status == LegalStatus.CONTRACTUAL]


def convened_case(world: World) -> Case:
    """A dismissal case whose hearing is convened ten days ahead: its convocation may be issued
    today (checks.py refuses one for a hearing already past), as often as the benchmark asks."""
    employee = contractual_employees(world)[0]
    case = steps.case_take_in_triage(case=_report(world, employee, days_ago=3), user=world.officer)
    case = steps.case_open_dismissal(case=case, user=world.officer,
                                     knowledge_date=case.incident.knowledge_date)
    scheduled_at = timezone.make_aware(datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=10), time(10)))
    return steps.case_convene_hearing(case=case, user=world.officer, place="Gemeentehuis",
                                      scheduled_at=scheduled_at, facts_summary="Het bericht.",
                                      confirm_after_deadline=True, confirm_unusual_time=True)


# ----------------------------------------------------------------------------------------------
# Clones


def _cloned_models():
    """Every model hanging off an incident or a case, in an order where a row's targets come
    first (evidence after addenda). Found from the models themselves, so a table added later is
    cloned too."""
    found = [Incident, Case]
    for root in (Incident, Case):
        for rel in root._meta.related_objects:
            model = rel.related_model
            if model not in found and not rel.many_to_many:
                found.append(model)
        for m2m in root._meta.many_to_many:
            found.append(m2m.remote_field.through)
    ordered, pending = [], list(found)
    while pending:
        for model in pending:
            targets = {f.related_model for f in model._meta.concrete_fields
                       if f.is_relation and f.related_model in found and f.related_model is not model}
            if targets <= set(ordered):
                ordered.append(model)
                pending.remove(model)
                break
        else:
            raise RuntimeError(f"cannot order {pending}")
    return ordered


def _owner_field(model):
    """The field of `model` that points at its incident or case."""
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model in (Incident, Case):
            return f
    return None


def _snapshot(template: Case, models_: list) -> dict:
    """Every row of the template's history, per model, as plain field values."""
    rows = {}
    for model in models_:
        if model is Incident:
            query = Incident.objects.filter(pk=template.incident_id)
        elif model is Case:
            query = Case.objects.filter(pk=template.pk)
        else:
            owner = _owner_field(model)
            key = template.incident_id if owner.related_model is Incident else template.pk
            query = model._base_manager.filter(**{owner.attname: key})
        rows[model] = list(query.order_by("pk"))
    return rows


def _shift(value, days: int, seconds: int):
    if isinstance(value, datetime.datetime):
        return value - datetime.timedelta(days=days, seconds=seconds)
    if isinstance(value, datetime.date):
        return value - datetime.timedelta(days=days)
    return value


def _clone_row(row, model, keys: dict, users: dict, days: int, seconds: int):
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        value = getattr(row, f.attname)
        if f.is_relation and f.related_model in keys and value is not None:
            value = keys[f.related_model][value]
        elif f.is_relation and f.related_model is get_user_model() and value in users:
            value = users[value]
        elif isinstance(f, models.DateField | models.DateTimeField):
            value = _shift(value, days, seconds)
        values[f.attname] = value
    return model(**values)


def _chain(events: list[CaseEvent]) -> None:
    """Recompute the hash chain of one clone's events, in order."""
    previous = ""
    for event in sorted(events, key=lambda e: e.sequence):
        event.previous_hash = previous
        event.hash = event.compute_hash()
        previous = event.hash


def clone_cases(world: World, count: int, *, start_number: int) -> None:
    """Add `count` clones of the templates, mixed by `WEIGHTS`, in batches of `BATCH`."""
    order = _cloned_models()
    snapshots = {name: _snapshot(case, order) for name, case in world.templates.items()}
    plan = [name for name, weight in WEIGHTS.items() for _ in range(weight)]
    names = itertools.islice(itertools.cycle(plan), count)
    numbers = itertools.count(start_number)
    while True:
        batch = list(itertools.islice(names, BATCH))
        if not batch:
            break
        with transaction.atomic():
            _clone_batch(world, order, [(n, snapshots[n], next(numbers)) for n in batch])
    world.clones += count


def clone_plan(world: World, number: int, name: str) -> tuple[dict, int, int]:
    """Who a clone is about and who works on it, and how far back its dates go."""
    employee = world.employees[(number * 7919) % len(world.employees)]
    reporter = world.managers[number % len(world.managers)]
    # One case in a hundred keeps the benchmark's HR officer; the others go to other HR staff
    # (never the last one, the co-handler of the "rich" template).
    pool = world.hr_staff[1:-1] or [world.officer]
    handler = world.officer if number % 100 == 0 else pool[number % len(pool)]
    users = {world.manager.pk: reporter.pk, world.officer.pk: handler.pk}
    span = 60 if name in OPEN_TEMPLATES else 5 * 365
    days = (number * 37) % span
    seconds = (number * 13) % 86400
    return {"employee": employee.pk, "users": users}, days, seconds


def _clone_batch(world: World, order: list, batch: list) -> None:
    created = {model: [] for model in order}
    per_clone = []
    for name, rows, number in batch:
        who, days, seconds = clone_plan(world, number, name)
        per_clone.append((name, rows, number, who, days, seconds, {}))
    for model in order:
        new_rows = []
        for name, rows, number, who, days, seconds, keys in per_clone:
            for row in rows[model]:
                clone = _clone_row(row, model, keys, who["users"], days, seconds)
                if model is Incident:
                    clone.employee_id = who["employee"]
                if model is Case:
                    clone.reference = f"TD-{clone.opened_at:%Y}-{100_000_000 + number}"
                new_rows.append((keys, row.pk, clone))
        if model is CaseEvent:
            by_case = {}
            for _keys, _old, clone in new_rows:
                by_case.setdefault(clone.case_id, []).append(clone)
            for events in by_case.values():
                _chain(events)
        saved = model._base_manager.bulk_create([clone for _k, _o, clone in new_rows],
                                                batch_size=BATCH)
        for (keys, old_pk, _clone), row in zip(new_rows, saved, strict=True):
            keys.setdefault(model, {})[old_pk] = row.pk
        created[model] = saved


def clone_of(number: int) -> Case:
    return Case.objects.get(reference__endswith=f"-{100_000_000 + number}")


def shape(case: Case) -> dict:
    """A case's history without what differs between a template and its clones (keys, dates,
    reference, employee, the people remapped): a clone must have exactly its template's shape."""
    result = {}
    order = _cloned_models()
    for model, rows in _snapshot(case, order).items():
        kept = [f for f in model._meta.concrete_fields
                if not f.primary_key and not f.is_relation and f.name not in ("reference", "hash",
                                                                               "previous_hash")
                and not isinstance(f, models.DateField | models.DateTimeField)]
        result[model._meta.label] = sorted(
            tuple(repr(getattr(row, f.attname)) for f in kept) for row in rows)
    return result


def counts() -> dict:
    from workflows.models import CaseDeadline, CaseUserObjectPermission

    return {
        "cases": Case.objects.count(),
        "closed": Case.objects.filter(state=CaseState.CLOSED).count(),
        "events": CaseEvent.objects.count(),
        "deadlines": CaseDeadline.objects.count(),
        "running deadlines": CaseDeadline.objects.filter(status="running").count(),
        "object permissions": CaseUserObjectPermission.objects.count(),
        "access log": AccessLog.objects.count(),
        "employees": Employee.objects.count(),
        "users": get_user_model().objects.count(),
    }
