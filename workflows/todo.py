"""What waits for a user: the header's "to do" counter and the list behind each number.

Each list is a permission-filtered selector, so a user never counts a case they cannot open; all
of them are counted in ONE query, whatever the number of cases. Each count stops at COUNT_BOUND + 1
rows and is shown as "99+" beyond the bound: the header is on every page, and a count that reads
every reported case of a large organisation would make every page grow with the cases (#16).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import IntegerField, QuerySet, Subquery
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import roles
from incidents.models import Incident
from workflows import selectors

COUNT_BOUND = 99


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset as a scalar subquery of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) todo_count)"
    output_field = IntegerField()


@dataclass(frozen=True)
class TodoList:
    key: str
    label: Promise
    url: str
    rows: QuerySet


def todo_lists(user, names: set[str]) -> list[TodoList]:
    """The lists that count as "to do" for the roles `names` of `user`."""
    home = reverse("home")
    lists = []
    if names & {roles.HR, roles.HR_LEADS}:
        lists += [
            TodoList("triage", _("Reports to triage"), reverse("workflows:case_list")
                     + "?state=reported", selectors.triage_queue(user)),
            TodoList("deadlines", _("Deadlines due soon on your cases"),
                     reverse("workflows:deadlines"),
                     selectors.deadlines_due_soon_on_handled_cases(user)),
        ]
    if roles.LEGAL in names:
        lists.append(TodoList("reviews", _("Review requests waiting for your opinion"),
                              home + "#review-heading", selectors.review_queue(user)))
    if roles.DECIDING_AUTHORITY in names:
        lists.append(TodoList("decisions", _("Decisions awaiting you"),
                              home + "#decision-heading", selectors.decisions_awaiting(user)))
    if roles.REPORTING_MANAGERS in names:
        lists.append(TodoList("drafts", _("Your draft reports"), reverse("incidents:my_reports"),
                              Incident.objects.filter(reporter=user,
                                                      status=Incident.Status.DRAFT)))
    return lists


def todo_counts(user, names: set[str]) -> list[tuple[TodoList, int]]:
    """Each list of `todo_lists` with its number of rows up to COUNT_BOUND + 1, in one query."""
    lists = todo_lists(user, names)
    if not lists:
        return []
    counts = get_user_model().objects.filter(pk=user.pk).values(**{
        entry.key: SubqueryCount(entry.rows.order_by().values("pk")[:COUNT_BOUND + 1])
        for entry in lists}).get()
    return [(entry, counts[entry.key]) for entry in lists]


def shown_count(count: int) -> str:
    """A count as the header shows it: "99+" beyond the bound it was counted to."""
    return f"{COUNT_BOUND}+" if count > COUNT_BOUND else str(count)
