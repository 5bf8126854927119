"""The work queue filtered by a status, channel, category, inspector, office, "open and
unassigned", "overdue" or an order is counted and paged by prepared queries
(selectors.queue_filtered, ComplaintFilter.prepared_filters): each person is shown, page after page,
the complaints, order, count and "overdue" that the filter set's own queryset gives, the filters'
values taken afresh on every request; a value refused by the form, another office's row, and any
filter a prepared query does not apply take the usual way."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from complaints import selectors
from complaints.choices import Channel, Status
from complaints.filters import ComplaintFilter
from complaints.models import Category
from complaints.views import staff

from ..reporting.factories import ComplaintFactory
from .test_queue_pages import LIST, _queue

pytestmark = pytest.mark.django_db

ROLES = ["alice", "bob", "charlie", "erin", "frank", "grace", "root"]


@pytest.fixture
def filtered_calls(monkeypatch):
    """The filters each request's prepared queries applied (selectors.queue_filtered's ``given``)."""
    calls = []
    original = selectors.queue_filtered

    def spy(**kwargs):
        calls.append(kwargs["given"])
        return original(**kwargs)

    monkeypatch.setattr(selectors, "queue_filtered", spy)
    return calls


def _shown(client, query: dict) -> list[tuple]:
    shown = []
    for number in (1, 2):
        context = client.get(LIST, {**query, "page": number}).context
        page = context["page"]
        shown.append((page.paginator.count, page.number, [c.pk for c in page.object_list], context["rows_html"]))
    return shown


def _usual(client, query: dict, monkeypatch) -> list[tuple]:
    with monkeypatch.context() as patch:
        patch.setattr(ComplaintFilter, "prepared_filters", {})  # no filter a prepared query applies
        return _shown(client, query)


def _queries(office, inspector) -> list[dict]:
    wages = Category.objects.get(code="wages").pk
    return [
        {"status": Status.ASSIGNED},
        {"status": Status.RESOLVED, "o": "-received"},
        {"status": "in_progress", "overdue": "true", "o": "due"},
        {"overdue": "true"},
        {"overdue": "false", "o": "reference"},
        {"unassigned": "true"},
        {"unassigned": "false", "status": Status.ASSIGNED},
        {"channel": Channel.ONLINE},
        {"category": wages, "o": "-due"},
        {"office": office.pk},
        {"inspector": inspector.pk, "overdue": "true"},
        {"o": "status"},
        {"o": "-received", "page": "2"},
    ]


@pytest.mark.parametrize("who", ROLES)
def test_each_filter_shows_what_the_filter_sets_own_query_shows(
    request, client_for, who, office_a, office_b, company_a, alice, filtered_calls, monkeypatch
):
    _queue([office_a, office_b], company_a, n_open=30, n_finished=14)  # two offices, two time zones
    for n, complaint in enumerate(selectors.Complaint.objects.order_by("pk")):
        if n % 3 == 0:  # some assigned to Alice, some to no one
            complaint.assigned_to = alice if complaint.office_id == office_a.pk else None
            complaint.save(update_fields=["assigned_to"])
    client = client_for(request.getfixturevalue(who))
    prepared = 0
    for query in _queries(office_a, alice):
        before = len(filtered_calls)
        shown = _shown(client, query)
        refused = client.get(LIST, query).context["filter"].form.errors  # Alice or office A, not theirs
        assert (len(filtered_calls) == before) == bool(refused), query  # else the prepared way was taken
        assert shown == _usual(client, query, monkeypatch), (who, query)
        prepared += not refused and any(count for count, *_ in shown)
    assert prepared >= 8


def test_each_request_takes_its_own_values(client_for, bob, office_a, company_a, alice, filtered_calls):
    """The queries are built at the first request of a shape; the next ones run them with theirs."""
    received = ComplaintFactory(office=office_a, company=company_a, status=Status.RECEIVED, categories=["wages"])
    assigned = ComplaintFactory(
        office=office_a, company=company_a, status=Status.ASSIGNED, assigned_to=alice, categories=["safety"]
    )
    client = client_for(bob)
    safety = Category.objects.get(code="safety").pk
    wages = Category.objects.get(code="wages").pk
    for query, expected in (
        ({"status": Status.RECEIVED}, [received.pk]),
        ({"status": Status.ASSIGNED}, [assigned.pk]),
        ({"status": Status.CLOSED}, []),
        ({"category": safety}, [assigned.pk]),
        ({"category": wages}, [received.pk]),
        ({"inspector": alice.pk}, [assigned.pk]),
    ):
        page = client.get(LIST, query).context["page"]
        assert [c.pk for c in page.object_list] == expected, query
        assert page.paginator.count == len(expected), query
    assert len(filtered_calls) == 6


@pytest.mark.parametrize("who", ["bob", "grace"])  # one office's zone; every office's
def test_overdue_is_read_for_today_in_each_offices_zone(request, who, office_a, office_b, monkeypatch, filtered_calls):
    """At 16:30 UTC it is 23:30 in Jakarta (office A) and already the next day in Makassar (office B):
    a complaint due on the 10th is overdue in B from then on, in A an hour later."""
    due = dt.date(2026, 11, 10)
    a = ComplaintFactory(office=office_a, status=Status.ASSIGNED, due_date=due, categories=["wages"])
    b = ComplaintFactory(office=office_b, status=Status.ASSIGNED, due_date=due, categories=["wages"])
    user = request.getfixturevalue(who)
    mine = {a.pk} if who == "bob" else {a.pk, b.pk}
    for moment, overdue in (
        (dt.datetime(2026, 11, 10, 15, 30, tzinfo=dt.UTC), set()),
        (dt.datetime(2026, 11, 10, 16, 30, tzinfo=dt.UTC), {b.pk}),
        (dt.datetime(2026, 11, 10, 17, 30, tzinfo=dt.UTC), {a.pk, b.pk}),
        (dt.datetime(2026, 11, 10, 16, 45, tzinfo=dt.UTC), {b.pk}),
    ):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        for query in ({"overdue": "true"}, {"status": Status.ASSIGNED, "overdue": "true", "o": "due"}):
            assert {c.pk for c in _page(user, query)} == overdue & mine, (moment, query)
        assert {c.pk for c in _page(user, {"overdue": "false"})} == mine - overdue, moment
    assert len(filtered_calls) == 12


def _page(user, query: dict) -> list:
    """The queue's first page as its view reads it (the clock moved: no signed-in client)."""
    request = RequestFactory().get(LIST, query)
    request.user = user
    return list(staff._queue_paginator(request, staff._queue_filter(request, "all"), "all").page(1).object_list)


def test_another_offices_choice_is_refused_and_its_rows_never_shown(
    client_for, bob, office_a, office_b, company_a, filtered_calls
):
    mine = ComplaintFactory(office=office_a, company=company_a, status=Status.ASSIGNED, categories=["wages"])
    canary = ComplaintFactory(office=office_b, status=Status.ASSIGNED, categories=["wages"], company_name="KANARI")
    client = client_for(bob)
    response = client.get(LIST, {"office": office_b.pk})
    assert response.context["filter"].form.errors  # not one of the offices bob may choose
    assert filtered_calls == []
    for query in ({"status": Status.ASSIGNED}, {"office": office_a.pk}, {"o": "due"}):
        response = client.get(LIST, query)
        assert [c.pk for c in response.context["page"].object_list] == [mine.pk], query
        assert canary.reference not in response.content.decode() and "KANARI" not in response.content.decode()
    assert len(filtered_calls) == 3


def test_filters_a_prepared_query_does_not_apply_take_the_usual_way(
    client_for, bob, office_a, company_a, filtered_calls
):
    _queue([office_a], company_a, n_open=4, n_finished=2)
    client = client_for(bob)
    today = timezone.localdate().isoformat()
    for query in (
        {"company": "PT"},
        {"received_from": today},
        {"open_on": today, "overdue": "true"},
        {"age": "0-30"},
        {"status": Status.ASSIGNED, "resolved_to": today},
        {"status": "not-a-status"},
    ):
        assert client.get(LIST, query).status_code == 200, query
    assert filtered_calls == []
    assert client_for(bob).get("/complaints/mine/", {"status": Status.ASSIGNED}).status_code == 200
    assert filtered_calls == []
