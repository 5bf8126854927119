"""Every benchmarked page runs a fixed number of queries, whatever the amount of data.

Each page is requested fresh (cache cleared) and cached, on the small generated data set and
again after a second one is appended (twice the offices, staff, companies, complaints and
visits). The counts must be equal, and are pinned: a new query on a page is a decision.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import run

pytestmark = pytest.mark.django_db

# (fresh, cached) queries of each page; the label's start is enough to find it. The dashboards read
# the rollups and keep no cache, so both counts are equal. Counted with the test settings, inside the
# test's transaction: `bench` on PostgreSQL prints the same for the pages, one more for the dashboards
# (outside a transaction their backlog query runs in its own after a SET LOCAL: inspectorate.queries.serial_plan).
# An office's staff are read with their office (inspectorate/security/backends.py), which the account
# menu names on every page.
PINNED = {
    "national dashboard": (25, 25),
    "office dashboard": (29, 29),
    # The default order counts its open and finished parts apart (one more query); the filtered
    # queue's first page spans both parts and reads each (two more).
    # An office head's complaints are all in their office's zone: no query for the zones in use.
    "office work queue (head, no filter)": (11, 11),
    "office work queue (head, in progress + overdue)": (10, 10),
    "office work queue (head, wages + company name)": (13, 13),
    "complaint detail": (11, 11),  # the message thread (empty in the generated data: one query)
    "company search by name, page (head)": (6, 6),
    "company search by name, page (national)": (6, 6),
    "company search by NIB, page": (6, 6),
    "company search by name, API": (5, 5),
    "company search by NIB, API": (5, 5),
    "visit list": (7, 7),
    "inspector home": (7, 7),  # the quota: the inspector's own visit rows only
    "reports list": (7, 7),
    "notification count": (4, 4),  # the session, the user, the count, the session's save
    "visit page (inspector)": (12, 12),
    "company page (office head)": (12, 12),
    "home (office head)": (6, 6),
    "home (national official)": (3, 3),
    "notifications (office head)": (5, 5),
    "overdue findings (office head)": (6, 6),  # today in the office's zone: no query for the zones in use
    "accidents (office head)": (4, 4),
    "visit calendar (inspector)": (4, 4),
}


def _queries() -> dict[str, tuple[int, int]]:
    counts = {}
    for case in run.page_cases(run.pick_actors()):
        client = Client()
        client.force_login(case.user)
        per_mode = []
        cache.clear()
        for _mode in ("fresh", "cached"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(case.url)
            assert response.status_code == 200, case.label
            per_mode.append(len(queries))
        label = next(key for key in PINNED if case.label.startswith(key))
        counts[label] = tuple(per_mode)
    return counts


def test_every_page_runs_the_same_queries_on_twice_the_data():
    call_command("generate_scale_data", "--small", "--seed", "1", stdout=io.StringIO())
    small = _queries()
    call_command("generate_scale_data", "--small", "--append", "--seed", "2", stdout=io.StringIO())
    double = _queries()
    assert double == small
    assert small == PINNED, repr(small)
