"""The dashboards' backlog query runs without PostgreSQL's parallel workers, and only that query.

Its second part reads a few rows (resolved complaints without a moment: none in practice), yet
the planner may count on tens of thousands and start two workers, which cost more than the query
(docs/performance.md §18). The setting is local to the query's own transaction.
"""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.choices import Status
from inspectorate.queries import serial_plan
from tests.conftest import require_service

from ..reporting.factories import ComplaintFactory

URL = "/reports/dashboard/"
SET = "SET LOCAL max_parallel_workers_per_gather = 0"


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        require_service("a PostgreSQL setting")


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_backlog_runs_serially_and_the_setting_ends_with_it(client_for, grace, office_a, categories):
    ComplaintFactory(office=office_a, status=Status.IN_PROGRESS, received_at=timezone.now() - dt.timedelta(days=40))
    default = _workers()
    assert default != "0"
    client = client_for(grace)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    at = sql.index(SET)
    # The very next query is the backlog's (its age bands), and the transaction ends after it.
    assert '"b0"' in sql[at + 1] and "UNION ALL" in sql[at + 1]
    assert sql[at + 2] == "COMMIT"
    assert sql.count(SET) == 1
    # No other query of the page ran under it, and the connection keeps its setting.
    assert _workers() == default
    assert 'data-testid="open">1<' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_it_changes_nothing():
    default = _workers()
    with transaction.atomic():
        with serial_plan():
            inside = _workers()
        after = _workers()
    assert inside == after == default
    with serial_plan():
        assert _workers() == "0"
    assert _workers() == default
