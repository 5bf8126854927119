"""The work queue as it opens (no filter, no order asked for) is counted and paged by prepared
queries (selectors.queue_as_it_opens): the same complaints, in the same order, with the same
"overdue", as the filtered queue's two parts give, for every role, on every page; "today" is a value
of those queries, read in each office's zone on every request, never kept from the first one."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints import selectors
from complaints.choices import Status
from complaints.views import staff
from inspectorate.pagination import TwoPartPaginator

from ..reporting.factories import ComplaintFactory
from .test_queue_pages import LIST, _pages, _queue

pytestmark = pytest.mark.django_db

ROLES = ["alice", "bob", "charlie", "erin", "frank", "grace", "root"]


def _usual_parts(user):
    """The queue's two parts the way a filtered queue reads them."""
    return selectors.complaint_queue_parts(staff._shown_columns(selectors.complaint_list(user=user)))


def _rows(paginator) -> list[tuple]:
    return [
        (c.pk, c.overdue, c.status, c.due_date, c.office.time_zone, str(c.assigned_to or ""))
        for n in paginator.page_range
        for c in paginator.page(n).object_list
    ]


@pytest.mark.parametrize("who", ROLES)
def test_every_page_at_every_size_is_the_usual_ways(request, who, office_a, office_b, company_a):
    _queue([office_a, office_b], company_a, n_open=11, n_finished=13)  # two offices, two time zones
    user = request.getfixturevalue(who)
    for per_page in (1, 2, 5, 10, 11, 12, 25):
        usual = TwoPartPaginator(*_usual_parts(user), per_page)
        prepared = TwoPartPaginator(*selectors.queue_as_it_opens(user=user), per_page)
        assert prepared.count == usual.count
        assert _pages(prepared) == _pages(usual), per_page
        assert _rows(prepared) == _rows(usual), per_page


@pytest.mark.parametrize("who", ROLES)
def test_the_page_shows_what_the_usual_way_shows(request, client_for, who, office_a, office_b, company_a, monkeypatch):
    _queue([office_a, office_b], company_a, n_open=30, n_finished=6)
    client = client_for(request.getfixturevalue(who))
    shown = [client.get(LIST, {"page": n}).context for n in (1, 2)]
    monkeypatch.setattr(selectors, "queue_as_it_opens", _usual_parts)
    usual = [client.get(LIST, {"page": n}).context for n in (1, 2)]
    for mine, theirs in zip(shown, usual, strict=True):
        assert mine["page"].paginator.count == theirs["page"].paginator.count
        assert mine["page"].number == theirs["page"].number
        assert mine["rows_html"] == theirs["rows_html"]


@pytest.mark.parametrize("who", ["bob", "grace"])  # one office's zone; every office's
def test_overdue_is_read_for_today_in_each_offices_zone_on_every_call(request, who, office_a, office_b, monkeypatch):
    """At 16:30 UTC it is 23:30 in Jakarta (office A) and already the next day, 00:30, in Makassar
    (office B). A complaint due on the 10th is overdue in B from then on, in A an hour later; the
    queries are built at the first call and must take each later call's day."""
    due = dt.date(2026, 11, 10)
    a = ComplaintFactory(office=office_a, status=Status.ASSIGNED, due_date=due, categories=["wages"])
    b = ComplaintFactory(office=office_b, status=Status.ASSIGNED, due_date=due, categories=["wages"])
    user = request.getfixturevalue(who)
    expected = {
        dt.datetime(2026, 11, 10, 15, 30, tzinfo=dt.UTC): set(),
        dt.datetime(2026, 11, 10, 16, 30, tzinfo=dt.UTC): {b.pk},
        dt.datetime(2026, 11, 10, 17, 30, tzinfo=dt.UTC): {a.pk, b.pk},
        dt.datetime(2026, 11, 10, 16, 45, tzinfo=dt.UTC): {b.pk},
    }
    for moment, overdue in expected.items():
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        rows = TwoPartPaginator(*selectors.queue_as_it_opens(user=user), 25).page(1).object_list
        usual = TwoPartPaginator(*_usual_parts(user), 25).page(1).object_list
        assert {c.pk for c in rows if c.overdue} == overdue & {c.pk for c in usual}, moment
        assert [(c.pk, c.overdue) for c in rows] == [(c.pk, c.overdue) for c in usual], moment


def test_mine_or_a_filter_not_prepared_takes_the_usual_way(client_for, bob, alice, office_a, company_a, prepared_pages):
    """A filter or an order a prepared query applies has its own (test_queue_filtered.py)."""
    _queue([office_a], company_a, n_open=4, n_finished=2)
    client = client_for(bob)
    for query in ({"company": "PT"}, {"received_from": "2026-11-01"}, {"received_from": "not-a-date", "o": "due"}):
        assert client.get(LIST, query).status_code == 200
    assert client_for(alice).get("/complaints/mine/").status_code == 200
    assert prepared_pages == []
    assert client_for(bob).get(LIST, {"status": "", "page": "1"}).status_code == 200
    assert prepared_pages  # empty filters: the queue as it opens


def test_an_office_without_complaints_shows_none(client_for, bob, prepared_pages):
    page = client_for(bob).get(LIST).context["page"]
    assert page.paginator.count == 0 and list(page.object_list) == []
