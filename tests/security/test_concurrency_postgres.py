"""Several people acting on one case at the same moment, on PostgreSQL (SQLite serialises every
writer, so it cannot show a race).

Six threads, each with its own database connection and its own copy of the case as it was when
their page loaded, start together on a barrier. Exactly one transition may win; the others must be
told that the case changed meanwhile; every addendum that was accepted must have its event; and the
case's hash chain must stay intact.
"""

import io
import threading

import pytest
from django.db import connection

from incidents.models import Addendum
from incidents.services import addendum_add
from tests import factories
from tests.security.conftest import days_ago, reported_case
from workflows.integrity import chain_is_intact
from workflows.models import Case, CaseEvent
from workflows.services import errors, steps
from workflows.states import CaseState

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL (row locks); run with DATABASE_URL=postgres://..."),
    # Committed data is what other connections see; the migrations' rows (provisions, rulebook,
    # groups) are restored after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
THREADS = 6


def race(actions) -> list[tuple[str, object]]:
    """Run each action in its own thread, all released at once; return ("ok", result) or
    ("error", exception) per action, in order."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, prepare, act):
        try:
            state = prepare()
            barrier.wait(timeout=30)
            results[index] = ("ok", act(state))
        except Exception as error:  # noqa: BLE001 - every outcome is reported to the test
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, prepare, act))
               for i, (prepare, act) in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results


def unexpected(results, *allowed) -> list[str]:
    return [f"{type(value).__name__}: {value}" for outcome, value in results
            if outcome == "error" and not isinstance(value, allowed)]


def assert_history_whole(case: Case) -> None:
    sequences = list(CaseEvent.objects.filter(case=case).order_by("sequence")
                     .values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1)), sequences
    assert chain_is_intact(case)


def test_six_officers_taking_the_same_report_in_triage_one_wins():
    case = reported_case(factories.manager())
    officers = [factories.hr(username=f"hr-{i}") for i in range(THREADS)]
    results = race([
        (lambda: Case.objects.get(pk=case.pk),
         lambda seen, officer=officer: steps.case_take_in_triage(case=seen, user=officer))
        for officer in officers
    ])
    assert unexpected(results, errors.CaseChangedMeanwhile) == []
    winners = [value for outcome, value in results if outcome == "ok"]
    assert len(winners) == 1
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.TRIAGE and fresh.handler == winners[0].handler
    assert fresh.events.filter(kind="take_in_triage").count() == 1
    assert_history_whole(fresh)


def test_three_steps_and_three_addenda_at_once_one_step_wins_and_no_addendum_is_lost():
    manager, handler = factories.manager(), factories.hr()
    case = steps.case_take_in_triage(case=reported_case(manager), user=handler)
    step_calls = [
        lambda seen: steps.case_close_without_follow_up(case=seen, user=handler,
                                                        reason="Niet bewezen."),
        lambda seen: steps.case_take_informal_measure(case=seen, user=handler,
                                                      measure="conversation", reason="Gesprek."),
        lambda seen: steps.case_open_dismissal(case=seen, user=handler,
                                               knowledge_date=days_ago(1),
                                               reason="Het college hoorde het gisteren."),
    ]
    addendum_calls = [
        lambda seen, n=n: addendum_add(incident=seen.incident, user=manager,
                                       text=f"Aanvulling {n}.")
        for n in range(THREADS - len(step_calls))
    ]
    results = race([(lambda: Case.objects.select_related("incident").get(pk=case.pk), call)
                    for call in step_calls + addendum_calls])
    step_results, addendum_results = results[:len(step_calls)], results[len(step_calls):]
    assert unexpected(step_results, errors.CaseChangedMeanwhile) == []
    assert [outcome for outcome, _ in step_results].count("ok") == 1
    assert unexpected(addendum_results) == [], "an addendum failed under concurrency"
    accepted = [value for outcome, value in addendum_results if outcome == "ok"]
    fresh = Case.objects.get(pk=case.pk)
    assert Addendum.objects.filter(incident=case.incident).count() == len(accepted)
    assert fresh.events.filter(kind="addendum_added").count() == len(accepted)
    assert sorted(a.number for a in accepted) == list(range(1, len(accepted) + 1))
    assert_history_whole(fresh)


def test_six_addenda_at_once_on_a_report_that_already_has_one_are_all_kept():
    manager = factories.manager()
    case = reported_case(manager)
    addendum_add(incident=case.incident, user=manager, text="Eerste aanvulling.")
    results = race([
        (lambda: Case.objects.select_related("incident").get(pk=case.pk),
         lambda seen, n=n: addendum_add(incident=seen.incident, user=manager,
                                        text=f"Aanvulling {n}."))
        for n in range(THREADS)
    ])
    assert unexpected(results) == [], "an addendum failed under concurrency"
    numbers = sorted(Addendum.objects.filter(incident=case.incident)
                     .values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 2))
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.events.filter(kind="addendum_added").count() == THREADS + 1
    assert_history_whole(fresh)


def test_opinions_documents_and_addenda_on_the_same_and_different_cases_are_all_kept():
    from django.core.management import call_command

    from workflows.documents.models import IssuedDocument
    from workflows.documents.services import document_issue
    from workflows.models import LegalOpinion
    from workflows.services.reviews import opinion_file, review_request

    hr = factories.hr()
    lawyers = [factories.legal(username=f"legal-{n}") for n in range(2)]
    managers = [factories.manager(username=f"manager-{n}") for n in range(2)]
    cases = [steps.case_take_in_triage(case=reported_case(manager), user=hr) for manager in managers]
    for case in cases:
        for lawyer in lawyers:
            review_request(case=case, user=hr, reviewer=lawyer, question="Advies?")
    load = lambda case=None: lambda: Case.objects.select_related("incident").get(pk=case.pk)  # noqa: E731
    actions = []
    for case, manager in zip(cases, managers):
        actions += [(load(case), lambda seen, lawyer=lawyer: opinion_file(
            case=seen, user=lawyer, text=f"Advies van {lawyer.username}.")) for lawyer in lawyers]
        actions += [(load(case), lambda seen: document_issue(
            case=seen, kind="incident_report", user=hr))]
        actions += [(load(case), lambda seen, manager=manager: addendum_add(
            incident=seen.incident, user=manager, text="Aanvulling."))]
    results = race(actions)
    assert unexpected(results) == [], "a write failed under concurrency"
    for case in cases:
        assert LegalOpinion.objects.filter(case=case).count() == len(lawyers)
        assert IssuedDocument.objects.filter(case=case).count() == 1
        assert Addendum.objects.filter(incident=case.incident).count() == 1
        assert_history_whole(Case.objects.get(pk=case.pk))
    call_command("verify_case_history", stdout=io.StringIO())


def test_four_documents_of_one_case_at_once_get_four_versions():
    from workflows.documents.models import IssuedDocument
    from workflows.documents.services import document_issue

    hr = factories.hr()
    case = steps.case_take_in_triage(case=reported_case(factories.manager()), user=hr)
    results = race([(lambda: Case.objects.get(pk=case.pk),
                     lambda seen: document_issue(case=seen, kind="incident_report", user=hr))
                    for _ in range(4)])
    assert unexpected(results) == []
    versions = sorted(IssuedDocument.objects.filter(case=case).values_list("version", flat=True))
    assert versions == [1, 2, 3, 4]
    assert case.events.filter(kind="document_issued").count() == 4
    assert_history_whole(Case.objects.get(pk=case.pk))
