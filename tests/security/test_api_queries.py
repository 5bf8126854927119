"""The API's list endpoints cost a fixed number of queries, whatever the rows, JSON or browsable HTML.

The scoped fields and filter sets add no query per row; the numbers are pinned per endpoint
for office B's head (the widest office role) with one and with several records of each kind.
The one thing that grows is by design: the head is shown complainants' identities, and every
such read is written to the audit trail, one entry per complaint (DESIGN.md §5); those writes
are counted apart.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import CompanyFactory, StaffFactory

from .world import built_report, complaint_for, escalated_visit

pytestmark = pytest.mark.django_db

# Queries per list besides the audit entries of sealed reads (the same as JSON and as HTML); the user is
# read with their office (inspectorate/security/backends.py).
PINNED = {
    "/api/v1/staff/": 5,
    "/api/v1/companies/": 5,
    "/api/v1/complaints/": 7,
    "/api/v1/inspections/": 6,
    "/api/v1/findings/": 5,
    "/api/v1/notices/": 6,
    "/api/v1/reports/": 5,
    "/api/v1/investigations/": 6,
    "/api/v1/provisions/": 5,
    "/api/v1/categories/": 5,
    "/api/v1/complaints/?assigned_to={charlie}&office={office}": 9,
    "/api/v1/inspections/?inspector={charlie}&office={office}": 8,
    "/api/v1/companies/?district={district}": 6,
}


def _is_sealed_read_entry(sql: str) -> bool:
    return sql.startswith('INSERT INTO "audit_auditentry"')


def _counts(client, charlie, office_b, district_b, html: bool) -> dict[str, int]:
    counts = {}
    for template in PINNED:
        url = template.format(charlie=charlie.pk, office=office_b.pk, district=district_b.pk)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_ACCEPT="text/html" if html else "application/json")
        assert response.status_code == 200, url
        entries = [q for q in queries.captured_queries if _is_sealed_read_entry(q["sql"])]
        if template.startswith("/api/v1/complaints/"):
            rows = response.json()["count"] if not html else len(entries)
            assert len(entries) == rows, url  # one entry per complaint whose identity was shown
        else:
            assert entries == [], url
        counts[template] = len(queries) - len(entries)
    return counts


def test_api_lists_do_not_grow_with_rows(world_b, charlie, dave, ppns_b, office_b, district_b, settings):
    client = Client()
    client.force_login(dave)
    few = {html: _counts(client, charlie, office_b, district_b, html) for html in (False, True)}

    from complaints import services

    for n in range(3):
        inspector = StaffFactory(username=f"insp_b{n}", role="inspector", office=office_b)
        company = CompanyFactory(name=f"PT Banjar Jaya {n}", district=district_b)
        complaint = complaint_for(company, files=[]).complaint
        services.complaint_screen(complaint=complaint, actor=dave)
        services.complaint_assign(complaint=complaint, actor=dave, assignee=charlie)
        escalated_visit(complaint=complaint, alice=charlie, bob=dave, ppns=ppns_b, files=False)
        escalated_visit(complaint=complaint, alice=inspector, bob=dave, ppns=ppns_b, files=False)
        built_report(office_b, month=dt.date(2023, n + 1, 1))
    many = {html: _counts(client, charlie, office_b, district_b, html) for html in (False, True)}

    assert many == few
    assert few[False] == PINNED
