"""Issue 16: the benchmark's 100,000 cases are clones of cases made through the services. A clone
is only a fair stand-in if it has exactly its template's history, with an intact hash chain."""

import datetime

import pytest
from django.utils import timezone

from benchmarks import data, scenarios
from workflows.documents.models import IssuedDocument
from workflows.integrity import chain_is_intact
from workflows.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr(data, "LARGE_EVENTS", 12)
    world = data.build_people(employees=60, users=400)
    data.build_templates(world)
    return world


def test_every_clone_has_exactly_the_shape_of_its_template_and_an_intact_chain(world):
    plan = [name for name, weight in data.WEIGHTS.items() for _ in range(weight)]
    data.clone_cases(world, len(plan), start_number=0)
    assert Case.objects.count() == len(world.templates) + len(plan)
    for number, name in enumerate(plan):
        template, clone = world.templates[name], data.clone_of(number)
        assert data.shape(clone) == data.shape(template), name
        assert clone.events.count() == template.events.count() > 0
        assert chain_is_intact(clone), name
        assert clone.incident.reporter_id != world.manager.pk or number % len(world.managers) == 0


def test_a_clone_keeps_its_template_dates_relative_to_each_other(world):
    plan = [name for name, weight in data.WEIGHTS.items() for _ in range(weight)]
    number = plan.index("dismissal") + len(plan) * 3
    data.clone_cases(world, number + 1, start_number=0)
    template, clone = world.templates["dismissal"], data.clone_of(number)
    _who, days, seconds = data.clone_plan(world, number, "dismissal")
    assert days > 0
    moved = datetime.timedelta(days=days, seconds=seconds)
    assert [e.created_at + moved for e in clone.events.all()] == [
        e.created_at for e in template.events.all()]
    assert [d.due_date + datetime.timedelta(days=days) for d in clone.deadlines.all()] == [
        d.due_date for d in template.deadlines.all()]
    assert clone.deadlines.exists()


def test_a_changed_clone_no_longer_has_its_template_shape(world):
    """The shape comparison itself bites: a clone missing one event differs."""
    data.clone_cases(world, 10, start_number=0)
    clone = data.clone_of(0)
    template = world.templates[[n for n, w in data.WEIGHTS.items() for _ in range(w)][0]]
    other = "disciplinary" if template.track != "disciplinary" else "dismissal"
    Case.objects.filter(pk=clone.pk).update(track=other)
    assert data.shape(clone) != data.shape(template)


def test_the_benchmarks_letter_is_issued_whatever_the_hour_of_the_run(world, monkeypatch):
    """A convocation is refused for a hearing outside working hours; the benchmark's hearing is
    at 10.00 a week ahead, not a week from the moment it runs (at 20.49 it was refused)."""
    evening = timezone.make_aware(datetime.datetime.combine(timezone.localdate(),
                                                            datetime.time(20, 49)))
    monkeypatch.setattr(timezone, "now", lambda: evening)
    data.clone_cases(world, sum(data.WEIGHTS.values()), start_number=0)
    letter = next(scenario for scenario in scenarios.write_scenarios(world)
                  if scenario.label == "HR officer: one letter (convocation)")
    letter.call()
    assert IssuedDocument.objects.filter(kind="convocation").count() == 1
