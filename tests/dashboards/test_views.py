"""The dashboards' pages: who sees what, fixed query counts, exports, the cache and the inspector's home."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import load_workbook

from audit.models import AuditEntry
from complaints.choices import Status
from complaints.models import Category
from inspections.choices import FindingStatus, InspectionStatus
from inspectorate.choices import Role

from ..factories import CompanyFactory, DistrictFactory, OfficeFactory, StaffFactory
from ..inspections.factories import FindingFactory
from ..reporting.factories import ComplaintFactory, InspectionFactory

URL = "/reports/dashboard/"
# Session and user, the scope and filter (the offices once, for the figures and the office select; regions), the
# figures (from the rollups), categories, session save (1), the accidents panel (8: the offices' zones for the
# year's rates, the month's accidents, people and disease cases; the workers summed per office, the entered hours
# that replace their estimate, and the accident and people counts behind the year's rates): the same whatever the
# number of offices, inspectors, complaints. Several offices: the quota counted per office by the database.
OFFICIAL_QUERIES = 25
# One office in view: its inspectors' quota rows are read instead (their names, then their visits).
ONE_OFFICE_QUERIES = OFFICIAL_QUERIES + 1
# The office head's page (one office) has no office or region select; its work queue adds its counts, the ten
# notices shown and their total. An office's staff are read with their office (inspectorate/security/backends.py).
OFFICE_HEAD_QUERIES = 29


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _grow(office, region, n: int) -> None:
    """More of everything: offices in the region, inspectors, visits, complaints, findings."""
    offices = [office] + [OfficeFactory(region=region) for _ in range(n)]
    for o in offices:
        company = CompanyFactory(district=DistrictFactory(office=o, region=region))
        for _ in range(n):
            inspector = StaffFactory(role=Role.INSPECTOR, office=o)
            visit = InspectionFactory(office=o, company=company, lead_inspector=inspector)
            FindingFactory(inspection=visit, category="wages", deadline=timezone.localdate() - dt.timedelta(1))
            ComplaintFactory(office=o, company=company, categories=["wages"], due_date=timezone.localdate())
            ComplaintFactory(office=o, company=company, status=Status.RESOLVED, resolved_at=timezone.now())


def _count(client, params=None) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- who sees what ------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get("/reports/dashboard/export/offices.csv").status_code == 302


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_refuses_other_methods(client_for, erin, method):
    assert getattr(client_for(erin), method)(URL).status_code == 405
    assert getattr(client_for(erin), method)("/reports/dashboard/export/offices.csv").status_code == 405


def test_it_sends_inspectors_to_their_home_and_gives_them_no_export(client_for, alice):
    client = client_for(alice)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(URL, {"office": alice.office_id}).status_code == 302
    assert client.get("/reports/dashboard/export/offices.csv").status_code == 404


def test_it_gives_an_office_head_their_office_only(client_for, bob, office_a, office_b):
    client = client_for(bob)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["office_mode"] and response.context["dash"].offices == [office_a]
    assert client.get(URL, {"office": office_a.pk}).status_code == 200
    assert client.get(URL, {"office": office_b.pk}).status_code == 404
    assert client.get("/reports/dashboard/export/inspectors.csv", {"office": office_b.pk}).status_code == 404


def test_it_keeps_an_official_to_their_region(client_for, erin, office_a, office_b, region_b):
    other_a = OfficeFactory(region=office_a.region, code="JB-9")
    client = client_for(erin)
    response = client.get(URL)
    assert response.status_code == 200 and not response.context["office_mode"]
    assert {o.code for o in response.context["dash"].offices} == {office_a.code, other_a.code}
    assert office_b.name not in response.content.decode()
    assert client.get(URL, {"office": office_b.pk}).status_code == 404
    assert client.get(URL, {"region": region_b.pk}).status_code == 404
    assert client.get(URL, {"office": "nonsense"}).status_code == 404
    narrowed = client.get(URL, {"office": other_a.pk})
    assert narrowed.context["dash"].offices == [other_a]


def test_it_shows_national_officials_and_admins_every_office(client_for, grace, root, office_a, office_b):
    for user in (grace, root):
        response = client_for(user).get(URL, {"region": office_b.region_id})
        assert response.context["dash"].offices == [office_b]
        assert set(client_for(user).get(URL).context["dash"].offices) == {office_a, office_b}


def test_it_gives_htmx_the_figures_fragment_only(client_for, erin):
    response = client_for(erin).get(URL, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="chart-data"' in html and 'data-testid="office-table"' in html
    full = client_for(erin).get(URL).content.decode()
    assert 'hx-get="/reports/dashboard/"' in full and "<script>" not in full and " style=" not in full


def test_it_gives_an_htmx_history_restore_the_whole_page(client_for, erin):
    client = client_for(erin)
    restore = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    html = restore.content.decode()
    assert restore.status_code == 200
    assert "<html" in html and 'class="navbar' in html and 'data-testid="dashboard-filter"' in html
    # Caches keep the fragment and the page apart.
    for response in (restore, client.get(URL, HTTP_HX_REQUEST="true"), client.get(URL)):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"hx-request", "hx-history-restore-request"} <= vary


def test_it_filters_by_month_and_category_in_the_url(client_for, erin, office_a, company_a):
    may = dt.datetime(2024, 5, 10, 9, tzinfo=dt.UTC)
    ComplaintFactory(office=office_a, company=company_a, received_at=may, categories=["wages"])
    ComplaintFactory(office=office_a, company=company_a, received_at=may, categories=["k3"])
    client = client_for(erin)
    assert client.get(URL, {"month": "2024-05"}).context["f"].summary.month_figures.total.received == 2
    wages = client.get(URL, {"month": "2024-05", "category": "wages"}).context["f"]
    assert wages.summary.month_figures.total.received == 1
    assert client.get(URL, {"month": "2024-04"}).context["f"].summary.month_figures.total.received == 0


# --- query counts -------------------------------------------------------------------------------


def test_it_pins_the_officials_query_count(client_for, erin, office_a):
    client = client_for(erin)
    assert _count(client) == ONE_OFFICE_QUERIES
    _grow(office_a, office_a.region, 4)
    assert _count(client) == OFFICIAL_QUERIES
    assert len(client.get(URL).context["dash"].offices) == 5
    _grow(office_a, office_a.region, 4)
    assert _count(client) == OFFICIAL_QUERIES
    assert len(client.get(URL).context["dash"].offices) == 9
    # Narrowed to one office, the official sees its inspectors' rows (and the choice is checked, then read).
    assert _count(client, {"office": office_a.pk}) == ONE_OFFICE_QUERIES + 2


def test_it_pins_the_office_heads_query_count(client_for, bob, office_a):
    client = client_for(bob)
    assert _count(client) == OFFICE_HEAD_QUERIES
    _grow(office_a, office_a.region, 4)
    assert _count(client) == OFFICE_HEAD_QUERIES
    response = client.get(URL)
    assert response.context["queue"].findings_past_deadline == 4
    assert response.context["f"].quota.offices[0].active >= 4


def test_it_shows_a_change_on_the_next_request_without_any_cache(client_for, erin, office_a, company_a):
    from complaints import services  # the real intake, as the public form uses it

    client = client_for(erin)
    assert client.get(URL).context["f"].summary.month_figures.total.received == 0
    wages = Category.objects.get_or_create(code="wages")[0]
    services.complaint_create(channel="phone", description="Upah belum dibayar.", categories=[wages], company=company_a)
    response = client.get(URL)
    assert response.context["f"].summary.month_figures.total.received == 1


# --- exports ------------------------------------------------------------------------------------


def _cell_text(value, csv_text: str) -> str:
    """A workbook cell as its CSV text, when it is the same value (a number equal to the CSV's)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return csv_text if float(csv_text) == float(value) else str(value)
        except ValueError:
            return str(value)
    return str(value)


def test_it_exports_every_table_as_csv_and_xlsx_with_an_audit_entry(
    client_for, erin, grace, office_a, office_b, company_a
):
    ComplaintFactory(
        office=office_a,
        company=company_a,
        complainant_name="Siti Rahayu",
        complainant_contact="0812",
        categories=["wages"],
    )
    client = client_for(erin)
    for table in ("offices", "trend", "ageing", "categories", "channels"):
        response = client.get(f"/reports/dashboard/export/{table}.csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(rows) > 1
        assert "Siti" not in response.content.decode() and "0812" not in response.content.decode()
        book = load_workbook(io.BytesIO(client.get(f"/reports/dashboard/export/{table}.xlsx").content))
        sheet = [list(r) for r in book.active.iter_rows(values_only=True)]
        # The workbook holds the same table as the CSV: same header, same rows, same values
        # (numbers are numbers in the workbook, so 0 there is 0.0 in the CSV).
        assert sheet[0] == rows[0]
        assert [
            [_cell_text(c, t) for c, t in zip(r, rr, strict=True)] for r, rr in zip(sheet, rows, strict=True)
        ] == rows
    offices = list(csv.reader(io.StringIO(client.get("/reports/dashboard/export/offices.csv").content.decode())))
    assert offices[1][0] == office_a.code and offices[1][1] == "1"
    entries = AuditEntry.objects.filter(action="export", actor=erin)
    assert entries.count() == 11
    assert entries.first().extra["offices"] == [office_a.code]
    # The inspector table is there when one office is in view (erin's region has one office here).
    assert client.get("/reports/dashboard/export/inspectors.csv").status_code == 200
    assert client_for(grace).get("/reports/dashboard/export/inspectors.csv").status_code == 404
    assert client.get("/reports/dashboard/export/offices.pdf").status_code == 404


def test_it_exports_the_office_heads_inspector_table(client_for, bob, alice, office_a, company_a):
    InspectionFactory(office=office_a, company=company_a, lead_inspector=alice)
    response = client_for(bob).get("/reports/dashboard/export/inspectors.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:3] == [str(alice), "1", "5"]


def test_its_scope_line_names_a_few_offices_and_counts_many(client_for, erin, office_a):
    client = client_for(erin)
    client.cookies["django_language"] = "id"

    def scope() -> str:
        html = client.get(URL).content.decode()
        return re.search(r'data-testid="dashboard-scope">(.*?)</p>', html, re.S).group(1)

    others = [OfficeFactory(region=office_a.region) for _ in range(4)]
    assert all(o.code in scope() for o in [office_a, *others])  # five: each by its code
    others.append(OfficeFactory(region=office_a.region))
    line = scope()
    assert "6 UPTD" in line and office_a.code not in line  # six: counted (the table below lists them)


def test_it_names_the_downloads_in_the_readers_language(client_for, erin, grace, office_a, office_b):
    month = timezone.localdate().strftime("%Y-%m")

    def saved_as(client, path, language):
        client.cookies["django_language"] = language
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Language"] == language
        return response["Content-Disposition"]

    one_office, country = client_for(erin), Client()
    country.force_login(grace)
    office = slugify(office_a.code)
    assert saved_as(one_office, "/reports/dashboard/export/inspectors.csv", "id") == (
        f'attachment; filename="dasbor-pengawas-{office}-{month}.csv"'
    )
    assert saved_as(country, "/reports/dashboard/export/trend.xlsx", "id") == (
        f'attachment; filename="dasbor-tren-bulanan-{month}.xlsx"'
    )
    assert saved_as(country, "/reports/dashboard/export/channels.csv", "en") == (
        f'attachment; filename="dashboard-channels-{month}.csv"'
    )


# --- the inspector's home -----------------------------------------------------------------------


def test_it_shows_the_inspector_their_day(client_for, alice, charlie, office_a, company_a):
    today = timezone.localdate(timezone=office_a.zone)
    visit = InspectionFactory(
        office=office_a,
        company=company_a,
        lead_inspector=alice,
        status=InspectionStatus.PLANNED,
        visited_at=None,
        planned_date=today,
    )
    InspectionFactory(
        office=office_a,
        company=company_a,
        lead_inspector=alice,
        status=InspectionStatus.PLANNED,
        visited_at=None,
        planned_date=today - dt.timedelta(days=30),
    )
    FindingFactory(inspection=visit, category="wages", deadline=today + dt.timedelta(days=3))
    FindingFactory(inspection=visit, category="k3", deadline=today + dt.timedelta(days=20))
    FindingFactory(
        inspection=visit,
        category="k3",
        description="z",
        deadline=today + dt.timedelta(days=2),
        status=FindingStatus.CORRECTED,
    )
    mine = ComplaintFactory(
        office=office_a,
        company=company_a,
        assigned_to=alice,
        status=Status.ASSIGNED,
        due_date=today - dt.timedelta(days=1),
    )
    ComplaintFactory(office=office_a, company=company_a, assigned_to=alice, status=Status.RESOLVED)
    response = client_for(alice).get("/")
    day = response.context["day"]
    assert day.visits_today == [visit] and day.visits_week == [visit]
    assert day.complaints == [mine]
    assert [f.category for f in day.findings_due] == ["wages"]
    html = response.content.decode()
    assert mine.reference in html and 'data-testid="quota-panel"' in html
    assert (
        "day" not in client_for(charlie).get("/").context or not client_for(charlie).get("/").context["day"].complaints
    )


# --- the 12-month trend and the month-on-month change ---------------------------------------------


def test_it_shows_each_month_intake_and_how_much_of_it_is_resolved_so_far(client_for, erin, office_a, company_a):
    def received(day, **kwargs):
        return ComplaintFactory(office=office_a, company=company_a, received_at=day, **kwargs)

    may = dt.datetime(2024, 5, 10, 9, tzinfo=dt.UTC)
    received(may, status=Status.RESOLVED, resolved_at=dt.datetime(2024, 7, 1, 9, tzinfo=dt.UTC))
    received(may, status=Status.IN_PROGRESS)
    received(may, status=Status.REJECTED)
    response = client_for(erin).get(URL, {"month": "2024-06"})
    points = {p.month: p.counts for p, _url in response.context["trend"]}
    counts = points[dt.date(2024, 5, 1)]
    # Resolved in July, after May and June ended: still one of May's two counted complaints resolved.
    assert (counts.received, counts.considered, counts.resolved, counts.rate) == (3, 2, 1, 0.5)
    html = response.content.decode()
    assert 'data-testid="trend-legend"' in html
    chart = response.context["chart"]
    assert chart["resolved"][chart["labels"].index("2024-05")] == 1


def test_it_shows_no_change_as_an_equals_sign(client_for, erin, office_a, company_a):
    for month in (4, 5):
        ComplaintFactory(
            office=office_a,
            company=company_a,
            received_at=dt.datetime(2024, month, 10, 9, tzinfo=dt.UTC),
            status=Status.RESOLVED,
            resolved_at=dt.datetime(2024, month, 20, 9, tzinfo=dt.UTC),
        )
    html = client_for(erin).get(URL, {"month": "2024-05"}).content.decode()
    change = html.split('data-testid="rate-change">')[1].split("</span></span>")[0]
    assert change.startswith('<span aria-hidden="true">=</span>') and "▲" not in change and "0%" not in change


def test_the_office_select_lists_the_offices_in_scope_read_once(client_for, erin, grace, office_a, office_b):
    """The select is written from the offices the figures read: all, in the scope's order, the chosen one selected."""
    office_b.name = 'UPTD "Timur" <b>'
    office_b.save()
    html = client_for(grace).get(URL, {"office": office_b.pk}).content.decode()
    select = html[html.index('<select name="office"') : html.index("</select>", html.index('<select name="office"'))]
    labels = re.findall(r'<option value="(\d*)"( selected)?>([^<]*)</option>', select)
    assert labels[0][0] == "" and [int(v) for v, _s, _l in labels[1:]] == [office_a.pk, office_b.pk]
    assert (str(office_b.pk), " selected", f"{office_b.code} · UPTD &quot;Timur&quot; &lt;b&gt;") in labels
    assert [o.pk for o in client_for(grace).get(URL, {"office": office_b.pk}).context["dash"].offices] == [office_b.pk]
    # A regional official's select holds their region's offices only.
    html = client_for(erin).get(URL).content.decode()
    assert f'value="{office_a.pk}"' in html and f'value="{office_b.pk}"' not in html
