"""Pages of 25 whose total is counted exactly only up to a bound: counting every visible case of a
large installation costs more than the page itself (docs/performance.md, 100,000 cases)."""

from math import ceil

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 25
COUNT_BOUND = 1000


class BoundedPaginator(Paginator):
    """A paginator whose `count` stops at `COUNT_BOUND + 1`; `beyond_bound` then says the real total
    is larger, and the pages after the bound are not offered (refine the search instead)."""

    bound = COUNT_BOUND

    @cached_property
    def count(self) -> int:
        if hasattr(self.object_list, "query"):
            # In no order: which rows are counted does not change how many, and a sort of every
            # row (the case list by nearest deadline) is what made the count slow.
            return self.object_list.order_by()[: self.bound + 1].count()
        return min(len(self.object_list), self.bound + 1)

    @property
    def beyond_bound(self) -> bool:
        return self.count > self.bound

    @cached_property
    def num_pages(self) -> int:
        if self.beyond_bound:
            return ceil(self.bound / self.per_page)
        return super().num_pages


def page_of(request, rows, per_page: int | None = None):
    """The requested page (?page=), the first or last one for a bad or too large number."""
    return BoundedPaginator(rows, per_page or PAGE_SIZE).get_page(request.GET.get("page"))
