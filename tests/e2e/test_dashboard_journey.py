"""An official filters the dashboard to one office and month, follows a figure, and finds that many rows."""

import datetime as dt

import pytest

from complaints.choices import Status

from ..factories import CompanyFactory, DistrictFactory, OfficeFactory
from ..reporting.factories import ComplaintFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _complaints(office, company, month_day, n_overdue, n_on_time, n_resolved):
    for i in range(n_overdue):
        ComplaintFactory(office=office, company=company, received_at=month_day, due_date=dt.date(2024, 5, 20 + i))
    for _ in range(n_on_time):
        ComplaintFactory(office=office, company=company, received_at=month_day, due_date=dt.date(2024, 7, 1))
    for _ in range(n_resolved):
        ComplaintFactory(
            office=office,
            company=company,
            received_at=month_day,
            due_date=dt.date(2024, 5, 20),
            status=Status.RESOLVED,
            resolved_at=month_day + dt.timedelta(days=3),
        )


def test_it_follows_an_overdue_figure_to_its_list(page, login, erin, office_a, company_a):
    may = dt.datetime(2024, 5, 3, 9, tzinfo=dt.UTC)
    _complaints(office_a, company_a, may, n_overdue=3, n_on_time=2, n_resolved=1)
    other = OfficeFactory(region=office_a.region, code="JB-9", name="UPTD Lain")
    _complaints(other, CompanyFactory(district=DistrictFactory(office=other, region=office_a.region)), may, 5, 1, 0)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    login(page, erin)
    page.goto("/reports/dashboard/")
    page.select_option("#id_office", str(office_a.pk))
    page.fill("#id_month", "2024-05")
    with page.expect_response(lambda r: "/reports/dashboard/" in r.url and r.request.headers.get("hx-request")):
        page.locator("[data-testid=dashboard-filter] button[type=submit]").click()
    page.get_by_test_id("dashboard-scope").filter(has_text=f"2024 · {office_a.code}").wait_for()
    assert "month=2024-05" in page.url and f"office={office_a.pk}" in page.url  # bookmarkable
    assert page.get_by_test_id("office-row").count() == 1
    assert page.get_by_test_id("overdue").inner_text() == "3"
    assert page.get_by_test_id("open").inner_text() == "5"
    assert page.locator("canvas[data-chart=trend]").count() == 1

    page.get_by_test_id("overdue-link").click()
    page.wait_for_url("**/complaints/**")
    assert page.get_by_test_id("complaint-row").count() == 3
    assert "3" in page.get_by_test_id("result-count").inner_text()

    page.go_back()
    page.get_by_test_id("open-link").click()
    page.wait_for_url("**/complaints/**")
    assert page.get_by_test_id("complaint-row").count() == 5
    assert not [e for e in errors if "Content Security Policy" in e]
