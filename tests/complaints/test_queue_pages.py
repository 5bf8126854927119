"""The work queue's default order in two parts: the same rows in the same order on every page.

The open complaints are read first (through their partial index), the finished ones only when a
page goes past them. Proof: every page, at every page size, against the single query ordered
"open first, overdue first, then due date" (``selectors.complaint_queue_order``).
"""

import datetime as dt
import itertools

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import selectors
from complaints.choices import Status
from complaints.views.staff import PAGE_SIZE
from inspectorate.pagination import TwoPartPaginator

from ..reporting.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

OPEN = [Status.RECEIVED, Status.SCREENED, Status.ASSIGNED, Status.IN_PROGRESS]
FINISHED = [Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.REFERRED]
LIST = reverse("complaints:complaint_list")


def _queue(offices, company, *, n_open: int, n_finished: int) -> None:
    """Open and finished complaints with overdue, due today, later and no due dates, and ties."""
    today = timezone.localdate()
    now = timezone.now()
    due = itertools.cycle([today - dt.timedelta(days=3), today, today + dt.timedelta(days=5), None, today])
    received = itertools.cycle([now - dt.timedelta(hours=h) for h in (5, 1, 5, 30)])
    office = itertools.cycle(offices)
    statuses = [OPEN[i % 4] for i in range(n_open)] + [FINISHED[i % 4] for i in range(n_finished)]
    for status in statuses:
        done = status in (Status.RESOLVED, Status.CLOSED)
        ComplaintFactory(
            office=next(office),
            company=company,
            status=status,
            due_date=next(due),
            received_at=next(received),
            resolved_at=now if done else None,
            categories=["wages"],
        )


def _single_query(user) -> list[int]:
    return list(selectors.complaint_queue_order(selectors.complaint_list(user=user)).values_list("pk", flat=True))


def _pages(paginator) -> list[list[int]]:
    return [[c.pk for c in paginator.page(n).object_list] for n in paginator.page_range]


@pytest.mark.parametrize("orphans", [0, 2])
def test_it_pages_in_the_single_querys_order_at_every_page_size(root, office_a, office_b, company_a, orphans):
    _queue([office_a, office_b], company_a, n_open=11, n_finished=13)  # two offices, two time zones
    expected = _single_query(root)
    assert len(expected) == 24
    for per_page in range(1, 27):
        rows = selectors.complaint_list(user=root)
        paginator = TwoPartPaginator(*selectors.complaint_queue_parts(rows), per_page, orphans=orphans)
        assert paginator.count == 24
        pages = _pages(paginator)
        assert sum(pages, []) == expected, per_page
        single = Paginator(selectors.complaint_queue_order(rows), per_page, orphans=orphans)
        assert pages == _pages(single), per_page  # the same boundaries, page by page


def test_it_shows_each_page_of_the_list_as_the_single_query_would(client_for, bob, office_a, company_a):
    _queue([office_a], company_a, n_open=PAGE_SIZE + 3, n_finished=PAGE_SIZE + 4)
    expected = _single_query(bob)
    client = client_for(bob)
    shown = []
    for number in (1, 2, 3):
        page = client.get(LIST, {"page": number}).context["page"]
        assert page.paginator.count == len(expected)
        shown.append([c.pk for c in page.object_list])
    assert shown == [expected[:PAGE_SIZE], expected[PAGE_SIZE : 2 * PAGE_SIZE], expected[2 * PAGE_SIZE :]]
    # The first page's rows are open and the overdue ones come first; the last page's are finished.
    first = client.get(LIST).context["page"].object_list
    assert all(c.status in OPEN for c in first)
    assert [c.overdue for c in first] == sorted((c.overdue for c in first), reverse=True)
    assert all(c.status in FINISHED for c in client.get(LIST, {"page": 3}).context["page"].object_list)


def _queries(client, page: int) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


# The list's 13 queries of before (tests/complaints/test_views.py) with the finished part counted
# apart (14); a page spanning the two parts reads each (15). The categories are fetched once a page.
# An office's staff see one office's complaints: its zone is their office's, no query for the zones
# in use (one less).
OPEN_PAGE_QUERIES = 11
SPANNING_PAGE_QUERIES = 12
FINISHED_PAGE_QUERIES = 11


@pytest.mark.parametrize("extra", [0, 40])
def test_it_pins_the_query_count_of_every_kind_of_page(client_for, bob, office_a, company_a, extra):
    _queue([office_a], company_a, n_open=PAGE_SIZE + 5 + extra, n_finished=2 * PAGE_SIZE + extra)
    client = client_for(bob)
    client.get(LIST)  # warm the session
    n_open = PAGE_SIZE + 5 + extra
    spanning = n_open // PAGE_SIZE + 1
    assert _queries(client, 1)[0] == OPEN_PAGE_QUERIES
    count, sql = _queries(client, spanning)
    assert count == SPANNING_PAGE_QUERIES
    assert sum("complaints_complaint_categories" in s for s in sql) == 1
    assert _queries(client, spanning + 1)[0] == FINISHED_PAGE_QUERIES
