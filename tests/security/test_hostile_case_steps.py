"""Hostile input against every step of the procedure (workflows.step_registry.STEPS), every case
action (workflows.case_actions.ACTIONS) and the deadline override.

Each step is tried in a case that is in the state where the step is allowed, by the person who may
take it, so that the hostile value reaches the form and the service rather than being stopped by
the permission or state check. Every variant runs in a savepoint that is rolled back, so all of
them meet the same case; they are reported one by one as subtests.
"""

import datetime
import io

import pytest
from django import forms
from django.utils import timezone

from incidents.models import Body, Employee, LegalStatus, Provision
from tests import factories
from tests.security.conftest import (
    SUSPENDED_UNTIL,
    db_snapshot,
    iso,
    pdf_bytes,
    rolled_back,
    today,
)
from tests.security.payloads import (
    Variant,
    assert_no_raw_markup,
    assert_refused,
    assert_unchanged,
    field_variants,
)
from workflows.case_actions import ACTIONS
from workflows.deadlines import is_working_day
from workflows.forms import OverrideForm
from workflows.defence.models import CriminalProceeding, DismissalTask, HoldBasis
from workflows.models import Case, CaseDeadline, Hearing
from workflows.services.cases import transition_custom
from workflows.step_registry import STEPS, form_for

pytestmark = pytest.mark.django_db


def _hearing_at() -> str:
    """A working day at 10.00, after the minimum notice of a summons."""
    day = timezone.localdate() + datetime.timedelta(days=14)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day.strftime("%Y-%m-%dT10:00")


def _director(w) -> str:
    """The municipality's algemeen directeur: competent for the test employees (rulebook)."""
    body = Body.objects.filter(kind=Body.Kind.GENERAL_DIRECTOR, employer__kind="municipality")
    return str(body.order_by("pk").first().pk)


def _reason(text):
    return lambda w: {"reason": text, "body": _director(w)}


# step -> (World method giving a case where the step is allowed, who takes it, a valid payload)
STEP_SETUPS = {
    "take_in_triage": ("reported", "hr", lambda w: {"note": "Opgenomen."}),
    "close_without_follow_up": ("triaged", "hr", lambda w: {"reason": "Niet bewezen."}),
    "take_informal_measure": ("triaged", "hr",
                              lambda w: {"measure": "conversation", "reason": "Gesprek."}),
    "open_dismissal_procedure": ("triaged", "hr",
                                 lambda w: {"knowledge_date": iso(today()),
                                            "reason": "Pas vandaag gemeld aan de directeur."}),
    "open_disciplinary_procedure": ("triaged_statutory", "hr", lambda w: {
        "knowledge_date": iso(today()), "investigator": str(w.hr.pk),
        "reason": "Pas vandaag gemeld aan de directeur."}),
    "close": ("informal", "hr", lambda w: {"reason": "Afgerond."}),
    "convene_hearing": ("dismissal_opened", "hr", lambda w: {
        "scheduled_at": _hearing_at(), "place": "Gemeentehuis", "facts_summary": "Bericht.",
        "confirm_after_deadline": "on"}),
    "record_hearing": ("hearing_scheduled", "hr", lambda w: {
        "outcome": "held", "held_on": iso(today()), "start_time": "10:00", "end_time": "11:15",
        "attendees": "Beide partijen", "minutes": "Verklaring.", "outcome_reason": ""}),
    "decide_dismissal": ("heard", "decider", _reason("Ernstige fout.")),
    "decide_other_measure": ("heard", "decider", lambda w: {
        "measure": "warning", "reason": "Verwittiging.", "body": _director(w)}),
    "notify_dismissal": ("dismissal_decided", "hr", lambda w: {
        "method": "registered_letter", "sent_on": iso(today())}),
    "notify_reason": ("dismissal_notified", "hr", lambda w: {
        "method": "registered_letter", "sent_on": iso(today())}),
    "take_note_of_report": ("investigation", "hr",
                            lambda w: {"noted_on": iso(today()), "reason": ""}),
    "decide_to_prosecute": ("investigation_reported", "decider", _reason("Bevestigd.")),
    "decide_not_to_prosecute": ("investigation_reported", "decider", _reason("Niet bewezen.")),
    "summon": ("prosecution", "hr", lambda w: {
        "scheduled_at": _hearing_at(), "place": "Raadzaal", "facts_summary": "Bericht."}),
    "record_disciplinary_hearing": ("summoned", "hr", lambda w: {
        "outcome": "held", "held_on": iso(today()), "start_time": "10:00", "end_time": "11:15",
        "attendees": "Beide partijen", "minutes": "Verklaring.", "outcome_reason": ""}),
    "propose_sanction": ("disciplinary_heard", "hr", lambda w: {
        "proposer_role": "line_manager", "sanction": "blaam", "duration_months": "",
        "motivation": "Herhaalde schending."}),
    "decide_sanction": ("sanction_proposed", "decider", lambda w: {
        "sanction": "blaam", "reason": "Herhaald.", "body": _director(w)}),
    "notify_decision": ("sanction_decided", "hr", lambda w: {
        "method": "registered_letter", "sent_on": iso(today()), "received_on": iso(today())}),
    "lodge_appeal": ("appeal_window", "hr", lambda w: {"lodged_on": iso(today()), "reason": ""}),
    "record_appeal_outcome": ("appeal_lodged", "hr", lambda w: {
        "outcome": "rejected", "outcome_on": iso(today()), "reason": "Verworpen."}),
    "close_after_appeal_period": ("appeal_period_over", "hr",
                                  lambda w: {"reason": "Termijn verstreken."}),
    "close_time_barred": ("prosecution_lapsed", "hr",
                          lambda w: {"reason": "Vervolging vervallen na 60 dagen."}),
}

# A decision is recorded only once its summary is confirmed: the confirmation page posts this.
DECISION_STEPS = {name for name in STEP_SETUPS if transition_custom(name).get("decision")}
for _name in DECISION_STEPS:
    _state, _actor, _payload = STEP_SETUPS[_name]
    STEP_SETUPS[_name] = (_state, _actor, lambda w, p=_payload: {**p(w), "confirmed": "1"})

ACTION_SETUPS = {
    "assign": ("triaged", "hr_lead", lambda w: {"handler": str(w.other_hr.pk), "note": ""}),
    "co_handler_add": ("triaged", "hr_lead", lambda w: {"user": str(w.other_hr.pk)}),
    "co_handler_remove": ("with_co_handler", "hr_lead", lambda w: {"user": str(w.other_hr.pk)}),
    "restrict": ("triaged", "hr_lead", lambda w: {"restricted": "on", "reason": "Collega."}),
    "exclude": ("triaged", "hr_lead", lambda w: {"user": w.other_hr.username,
                                                 "reason": "Vriend van de betrokkene."}),
    "requalify": ("triaged", "hr", lambda w: {
        "provisions": [str(pk) for pk in Provision.objects.filter(
            code_version__is_current=True).values_list("pk", flat=True)[:2]],
        "seriousness": "serious", "reason": "Ernstiger dan gemeld."}),
    "review": ("triaged", "hr", lambda w: {"reviewer": str(w.legal.pk), "question": "Termijn?",
                                           "due_date": iso(today() + datetime.timedelta(days=7))}),
    "opinion": ("reviewed", "legal", lambda w: {"text": "De termijn is nageleefd."}),
    "suspension": ("investigation", "decider", lambda w: {
        "starts_on": iso(today()), "ends_on": iso(today() + datetime.timedelta(days=30)),
        "salary_reduction_percent": "", "reason": "Ordemaatregel tijdens het onderzoek.",
        "heard_on": iso(today())}),
    "attach": ("disciplinary_heard", "hr", lambda w: {
        "kind": "written_defence", "file": ReusableUpload("verweer.pdf", pdf_bytes()),
        "document_date": iso(today()), "hearing": str(_latest(Hearing)), "notification": "",
        "track_and_trace": "", "note": "Verweernota."}),
    "inspection": ("investigation", "hr", lambda w: {
        "inspected_on": iso(today()), "place": "Personeelsdienst", "pieces": "Verslag."}),
    "counsel": ("disciplinary_heard", "hr", lambda w: {
        "name": "Mr. Peeters", "capacity": "lawyer", "hearing": str(_latest(Hearing)),
        "attended": "on"}),
    "prior_sanction": ("investigation", "hr", lambda w: {
        "sanction": "blaam", "decided_on": iso(today() - datetime.timedelta(days=400)),
        "authority": "College", "reference": ""}),
    "criminal": ("investigation", "hr", lambda w: {
        "body": "prosecutor", "reference": "AN.2", "known_on": iso(today())}),
    "criminal_end": ("with_proceeding", "hr", lambda w: {
        "proceeding": str(_latest(CriminalProceeding)), "ended_on": iso(today())}),
    "hold_start": ("with_proceeding", "hr", lambda w: {
        "proceeding": str(_latest(CriminalProceeding)), "starts_on": iso(today()),
        "basis": str(HoldBasis.objects.get(regime="local_government").pk),
        "note": "Strafvordering."}),
    "suspension_extend": ("education_suspended", "decider", lambda w: {
        "ends_on": iso(SUSPENDED_UNTIL + datetime.timedelta(days=30)),
        "reason": "Het strafonderzoek loopt nog."}),
    "hold_end": ("on_hold", "hr", lambda w: {"ends_on": iso(today())}),
    "checklist": ("dismissal_notified", "hr", lambda w: {}),
    "task_done": ("with_checklist", "hr", lambda w: {
        "task": str(_latest(DismissalTask)), "done_on": iso(today())}),
}


def _latest(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first()


class ReusableUpload(io.BytesIO):
    """An upload the test client can send again and again: every read starts at the beginning."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name

    def read(self, *args):
        self.seek(0)
        return super().read()


def build(world, state: str) -> Case:
    if state == "triaged_statutory":
        return world.triaged(LegalStatus.STATUTORY)
    return getattr(world, state)()


def tampered_users(world, case) -> dict:
    """Ids of people who must never be chosen for a role on this case."""
    concerned = factories.hr(username="hr-betrokkene")
    Employee.objects.filter(pk=case.incident.employee_id).update(user=concerned)
    return {
        "a user outside every group": world.outsider.pk,
        "a reporting manager": world.manager.pk,
        "an inactive HR officer": world.inactive_hr.pk,
        "the employee concerned": concerned.pk,
    }


# Anyone active may be excluded from a case (a friend of the employee, a manager); only an inactive
# account is not offered. Only a co-handler can be removed as co-handler.
USERS_FOR_ACTION = {
    "exclude": lambda w, users: {"an inactive HR officer": w.inactive_hr.pk},
    "co_handler_remove": lambda w, users: {**users, "an HR officer who is not a co-handler":
                                           w.hr_lead.pk},
}


def shape(form_class) -> tuple:
    return tuple((name, type(field)) for name, field in form_class.base_fields.items())


# Steps with the same fields parse them the same way: the whole list runs on the first step of each
# shape; the others get what reaches their own service (far-off dates, chosen people) or their own
# page (markup).
FULL_LIST = {}
for _name in sorted(STEPS):
    FULL_LIST.setdefault(shape(form_for(_name)), _name)
REACHES_SERVICE = ("year 9999", "year 0001", "html and script", "a user outside every group",
                   "the employee concerned")


def variants_for_step(step, form, base, users) -> list[Variant]:
    variants = field_variants(form, base, users=users)
    if FULL_LIST[shape(type(form))] == step:
        return variants
    return [v for v in variants if v.label.endswith(REACHES_SERVICE)]


def run_variants(client, subtests, *, url, case, variants, base) -> None:
    for variant in variants:
        with subtests.test(msg=variant.label), rolled_back():
            before = db_snapshot()
            response = client.post(url, variant.apply(base))
            if variant.refused:
                assert_refused(response, before, f"POST {url} with {variant.label}")
            else:
                assert response.status_code in (302, 400), response.status_code
                assert_no_raw_markup(response, variant.label)
                if response.status_code == 302:
                    page = client.get(case.get_absolute_url())
                    assert page.status_code == 200
                    assert_no_raw_markup(page, f"case page after {variant.label}")
    with subtests.test(msg="the untouched payload is accepted"), rolled_back():
        response = client.post(url, base)
        assert response.status_code == 302, (
            "the valid payload of this test is refused, so the variants prove nothing: "
            f"{response.status_code}")


def step_url(case, name: str) -> str:
    return f"/cases/{case.reference}/step/{name}/"


def action_url(case, name: str) -> str:
    return f"/cases/{case.reference}/action/{name}/"


def test_every_step_and_action_has_a_hostile_input_setup():
    assert set(STEP_SETUPS) == set(STEPS)
    assert set(ACTION_SETUPS) == set(ACTIONS)


@pytest.mark.parametrize("step", sorted(STEPS))
def test_step_refuses_hostile_input_and_escapes_content(step, world, client, subtests):
    state, actor, payload = STEP_SETUPS[step]
    case = build(world, state)
    users = tampered_users(world, case)
    client.force_login(getattr(world, actor))
    form = form_for(step)(case=case)
    run_variants(client, subtests, url=step_url(case, step), case=case,
                 variants=variants_for_step(step, form, payload(world), users),
                 base=payload(world))


@pytest.mark.parametrize("action", sorted(ACTION_SETUPS))
def test_case_action_refuses_hostile_input_and_escapes_content(action, world, client, subtests):
    state, actor, payload = ACTION_SETUPS[action]
    case = build(world, state)
    users = tampered_users(world, case)
    users = USERS_FOR_ACTION.get(action, lambda w, found: found)(world, users)
    client.force_login(getattr(world, actor))
    form = ACTIONS[action][0](case=case)
    run_variants(client, subtests, url=action_url(case, action), case=case,
                 variants=field_variants(form, payload(world), users=users), base=payload(world))


@pytest.mark.parametrize("starts_on, ends_on", [
    ("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02"), ("2026-02-31", "2026-03-01"),
], ids=["year 9999", "year 0001", "31 February"])
def test_suspension_with_both_dates_far_off_is_refused(world, client, starts_on, ends_on):
    """One date at a time is refused because the other stays sensible; both far off reach the
    computation of the legal maximum."""
    case = world.investigation()
    client.force_login(world.decider)
    before = db_snapshot()
    response = client.post(action_url(case, "suspension"), {
        "starts_on": starts_on, "ends_on": ends_on, "reason": "Ordemaatregel."})
    assert_refused(response, before, f"suspension from {starts_on} to {ends_on}")


def test_deadline_override_refuses_hostile_input(world, client, subtests):
    case = world.overdue()
    deadline = case.deadlines.get(status=CaseDeadline.Status.RUNNING)
    client.force_login(world.hr_lead)
    base = {"justification": "Het personeelslid was ziek; de termijn werd geschorst."}
    run_variants(client, subtests, url=f"/cases/{case.reference}/deadlines/{deadline.pk}/proceed-late/",
                 case=case, variants=field_variants(OverrideForm(), base), base=base)


@pytest.mark.parametrize("pk_label, pk", [("non-existent", "999999999"), ("huge", "9" * 30)])
def test_deadline_override_of_an_unknown_deadline_is_404(world, client, pk_label, pk):
    case = world.overdue()
    client.force_login(world.hr_lead)
    before = db_snapshot()
    response = client.post(f"/cases/{case.reference}/deadlines/{pk}/proceed-late/",
                           {"justification": "x"})
    assert response.status_code == 404
    assert_unchanged(before, f"override of a {pk_label} deadline")


def test_deadline_of_another_case_cannot_be_overridden_through_this_case(world, client):
    case, other = world.overdue(), world.overdue()
    others_deadline = other.deadlines.get(status=CaseDeadline.Status.RUNNING)
    client.force_login(world.hr_lead)
    before = db_snapshot()
    response = client.post(f"/cases/{case.reference}/deadlines/{others_deadline.pk}/proceed-late/",
                           {"justification": "Mag niet."})
    assert response.status_code == 404
    assert_unchanged(before, "override through the wrong case")


def test_deadline_override_by_a_handler_is_forbidden(world, client):
    case = world.overdue()
    deadline = case.deadlines.get(status=CaseDeadline.Status.RUNNING)
    client.force_login(world.hr)
    before = db_snapshot()
    response = client.post(f"/cases/{case.reference}/deadlines/{deadline.pk}/proceed-late/",
                           {"justification": "Ik mag dit niet."})
    assert response.status_code == 403
    assert_unchanged(before, "override by a handler")


EXTRA_FIELDS = ("state", "handler", "outcome", "track", "regime", "restricted", "legal_hold",
                "reference", "case", "incident", "pk", "id", "actor", "user_id")


@pytest.mark.parametrize("step", ["take_in_triage", "close_without_follow_up",
                                  "open_dismissal_procedure", "decide_dismissal"])
def test_extra_fields_posted_with_a_step_change_nothing_they_name(step, world, client):
    state, actor, payload = STEP_SETUPS[step]
    case, other = build(world, state), world.triaged()
    client.force_login(getattr(world, actor))
    with rolled_back():
        assert client.post(step_url(case, step), payload(world)).status_code == 302
        expected = Case.objects.filter(pk=case.pk).values().get()
    other_before = Case.objects.filter(pk=other.pk).values().get()
    tampered = {**payload(world), **{name: str(other.pk) for name in EXTRA_FIELDS},
                "state": "closed", "outcome": "dismissed", "reference": other.reference,
                "handler": str(world.outsider.pk), "restricted": "on", "legal_hold": "on"}
    assert client.post(step_url(case, step), tampered).status_code == 302
    after = Case.objects.filter(pk=case.pk).values().get()
    moving = {"closed_at"}
    assert {k: v for k, v in after.items() if k not in moving} == {
        k: v for k, v in expected.items() if k not in moving}
    assert Case.objects.filter(pk=other.pk).values().get() == other_before


def test_step_on_a_case_the_user_may_not_see_is_404_whatever_the_payload(world, client):
    case = world.triaged()
    client.force_login(world.other_hr)
    before = db_snapshot()
    response = client.post(step_url(case, "close_without_follow_up"), {"reason": "Overname."})
    assert response.status_code == 404
    assert_unchanged(before, "a step on someone else's case")


@pytest.mark.parametrize("reference", [
    "TD-0000-9999", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "..%2F..%2Fetc%2Fpasswd",
    "x" * 2000, "\u202eTD-2026-0001",
])
def test_step_on_a_hostile_reference_is_404(world, client, reference):
    world.triaged()
    client.force_login(world.hr_lead)
    before = db_snapshot()
    response = client.post(f"/cases/{reference}/step/close/", {"reason": "x"})
    assert response.status_code == 404
    assert_unchanged(before, f"a step on reference {reference[:40]!r}")
    assert_no_raw_markup(response, f"reference {reference[:40]!r}")


@pytest.mark.parametrize("name", ["delete", "__init__", "save", "refresh_from_db",
                                  "get_available_state_transitions", "_django_fsm", "../close"])
def test_a_name_that_is_not_a_step_is_404(world, client, name):
    case = world.triaged()
    client.force_login(world.hr)
    before = db_snapshot()
    response = client.post(step_url(case, name), {"reason": "x"})
    assert response.status_code == 404
    assert_unchanged(before, f"step name {name!r}")


@pytest.mark.parametrize("name", ["delete", "__class__", "ACTIONS", "../assign"])
def test_a_name_that_is_not_an_action_is_404(world, client, name):
    case = world.triaged()
    client.force_login(world.hr_lead)
    before = db_snapshot()
    assert client.post(action_url(case, name), {"reason": "x"}).status_code == 404
    assert_unchanged(before, f"action name {name!r}")


def test_a_variant_list_covers_every_kind_of_field():
    """The generator knows every field type the step and action forms use. A file (the case
    attachment) is checked by its content: hostile files are tried on every kind of attachment in
    tests/defence/test_attachments.py."""
    known = (forms.ModelChoiceField, forms.ChoiceField, forms.DateTimeField, forms.DateField,
             forms.TimeField, forms.DecimalField, forms.IntegerField, forms.CharField,
             forms.BooleanField, forms.FileField)
    for form_class in [form for form, _service in STEPS.values()] + [
            form for form, _perform in ACTIONS.values()]:
        for name, form_field in form_class.base_fields.items():
            assert isinstance(form_field, known), f"{form_class.__name__}.{name}"


