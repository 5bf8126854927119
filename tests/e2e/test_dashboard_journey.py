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


def _hx_figures(page):
    return page.expect_response(lambda r: "/reports/dashboard/" in r.url and r.request.headers.get("hx-request"))


def test_back_after_filtering_shows_the_whole_page_even_without_the_htmx_history_cache(
    page, login, erin, office_a, company_a
):
    may = dt.datetime(2024, 5, 3, 9, tzinfo=dt.UTC)
    _complaints(office_a, company_a, may, n_overdue=1, n_on_time=1, n_resolved=0)
    login(page, erin)
    page.goto("/reports/dashboard/")
    page.fill("#id_month", "2024-05")
    with _hx_figures(page):
        page.locator("[data-testid=dashboard-filter] button[type=submit]").click()
    page.wait_for_url(lambda url: "month=2024-05" in url)
    page.fill("#id_month", "2024-04")
    with _hx_figures(page):
        page.locator("[data-testid=dashboard-filter] button[type=submit]").click()
    page.wait_for_url(lambda url: "month=2024-04" in url)

    def forget_htmx_history():
        # As after the browser dropped it (quota, another tab): htmx must ask the server again.
        page.evaluate(
            "window.htmx && (htmx.config.historyCacheSize = 0); sessionStorage.removeItem('htmx-history-cache')"
        )

    forget_htmx_history()
    with page.expect_response(lambda r: r.request.headers.get("hx-history-restore-request") == "true") as restore:
        page.go_back()
    assert "month=2024-05" in restore.value.url
    page.wait_for_url(lambda url: "month=2024-05" in url)
    page.wait_for_load_state("networkidle")
    # The whole page is there: navigation bar, filter form and figures (not the bare fragment).
    assert page.locator("nav.navbar").count() == 1
    assert page.get_by_test_id("user-menu").count() == 1
    assert page.get_by_test_id("dashboard-filter").count() == 1
    assert page.locator("#dashboard-figures [data-testid=office-table]").count() == 1
    assert page.locator("#id_month").input_value() == "2024-05"

    # Away to another page and back again: still the whole page.
    page.get_by_test_id("overdue-link").click()
    page.wait_for_url("**/complaints/**")
    forget_htmx_history()
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert "/reports/dashboard/" in page.url
    assert page.locator("nav.navbar").count() == 1 and page.get_by_test_id("dashboard-filter").count() == 1
    assert page.locator("#dashboard-figures [data-testid=office-table]").count() == 1
