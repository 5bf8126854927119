"""A head proposes next month's plan, swaps a company with a reason and confirms; an inspector sees the visits."""

import datetime as dt
import re

import pytest

from inspectorate.choices import Role
from targeting import services
from targeting.choices import PlanStatus, Selection
from targeting.defaults import ensure_defaults
from targeting.models import Plan
from tests.factories import CompanyFactory, StaffFactory
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_head_plans_the_month_and_the_inspector_sees_the_visits(
    browser, live_server, login, bob, alice, office_a, district_a, company_b, charlie, width, tmp_path
):
    ensure_provisions()
    ensure_defaults()
    for n in range(12):
        CompanyFactory(district=district_a, name=f"PT Rencana {n:02d}", workers_total=20 * n, workers_female=0)
    ayu = StaffFactory(username="ayu", first_name="Ayu", role=Role.INSPECTOR, office=office_a)
    month = services.next_month(office_a)
    last_day = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900})
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    login(page, bob)
    # Ayu is on leave the whole month: the head records it on the team page first.
    page.goto(f"{live_server.url}/targeting/plans/")
    page.get_by_test_id("tab-team").click()
    page.wait_for_url(re.compile(r"/targeting/team/$"))
    form = page.get_by_test_id("leave-form")
    form.locator("select[name=inspector]").select_option(str(ayu.pk))
    form.locator("input[name=start]").fill(f"{month:%Y-%m-%d}")
    form.locator("input[name=end]").fill(f"{last_day:%Y-%m-%d}")
    form.locator("input[name=note]").fill("Cuti melahirkan")
    page.get_by_test_id("leave-add").click()
    page.wait_for_load_state("networkidle")
    assert "Cuti melahirkan" in page.get_by_test_id(f"member-{ayu.pk}").inner_text()
    page.screenshot(path=str(tmp_path / f"team-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{live_server.url}/targeting/plans/")
    page.get_by_test_id("generate").click()
    page.wait_for_url(re.compile(r"/targeting/plans/\d+/$"))
    plan = Plan.objects.get(office=office_a, month=month)
    assert page.get_by_test_id("entry").count() == 5  # 2 inspectors × quota 5, Ayu on leave all month
    assert not plan.entries.filter(inspector=ayu).exists()
    assert company_b.name not in page.content()
    page.screenshot(path=str(tmp_path / f"plan-{width}.png"), full_page=True)

    entry = page.get_by_test_id("entry").first
    entry.get_by_test_id("edit-entry").click()
    swap = entry.locator("select[name=company] option").nth(1)
    swap_name = swap.inner_text().rsplit(" (", 1)[0]
    entry.locator("select[name=company]").select_option(index=1)
    entry.locator("input[name=reason]").first.fill("Laporan kecelakaan kerja minggu lalu")
    page.screenshot(path=str(tmp_path / f"plan-edit-{width}.png"), full_page=False)
    entry.get_by_test_id("save-entry").click()
    page.wait_for_load_state("networkidle")
    reason = page.get_by_test_id("entry-reason")
    assert reason.count() == 1 and "Laporan kecelakaan kerja minggu lalu" in reason.inner_text()
    assert plan.entries.filter(selection=Selection.OVERRIDE, company__name=swap_name).exists()

    page.get_by_test_id("confirm-plan").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("plan-status").get_attribute("data-status") == "confirmed"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONFIRMED
    page.screenshot(path=str(tmp_path / f"plan-confirmed-{width}.png"), full_page=True)
    context.close()

    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, alice)
    page.goto(f"{live_server.url}/inspections/calendar/?month={month:%Y-%m}")
    mine = list(plan.entries.filter(inspector=alice).select_related("company"))
    assert len(mine) == 5
    content = page.content()
    assert all(e.company.name in content for e in mine)
    page.screenshot(path=str(tmp_path / f"calendar-{width}.png"), full_page=True)

    page.goto(f"{live_server.url}/companies/{mine[0].company_id}/")
    page.get_by_test_id("risk-breakdown").wait_for()
    accidents = page.locator('[data-factor="accidents"]')  # counted, but no accident recorded: adds nothing
    assert accidents.get_attribute("data-points") == "0" and accidents.get_attribute("data-counted") == "1"
    page.screenshot(path=str(tmp_path / f"company-{width}.png"), full_page=True)
    assert not [line for line in console if "Content Security Policy" in line]
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_plan_and_the_breakdown_read_in_indonesian(browser, live_server, login, bob, alice, office_a, district_a,
                                                       width, tmp_path):  # fmt: skip
    ensure_provisions()
    ensure_defaults()
    for n in range(6):
        CompanyFactory(district=district_a, name=f"PT Rencana {n:02d}", workers_total=20 * n, workers_female=0)
    plan = services.plan_generate(actor=bob, office=office_a, seed=3)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, bob)
    page.goto(f"{live_server.url}/targeting/plans/{plan.pk}/")
    text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "Konfirmasi: jadwalkan pemeriksaan ini" in text and "Confirm" not in text
    page.screenshot(path=str(tmp_path / f"plan-id-{width}.png"), full_page=True)
    company = plan.entries.first().company
    page.goto(f"{live_server.url}/companies/{company.pk}/")
    breakdown = page.get_by_test_id("risk-breakdown").inner_text()
    assert "belum pernah diperiksa" in breakdown and "tidak ada kecelakaan atau penyakit akibat kerja" in breakdown
    assert "never" not in breakdown and "worker" not in breakdown and "recorded" not in breakdown
    page.screenshot(path=str(tmp_path / f"company-id-{width}.png"), full_page=True)
    page.goto(f"{live_server.url}/targeting/team/")
    text = page.inner_text("main")
    assert "Catat cuti" in text and "Tim: cuti dan penugasan" in text
    assert not any(word in text for word in ("Record leave", "Assign a district", "No leave planned", "Leave"))
    page.screenshot(path=str(tmp_path / f"team-id-{width}.png"), full_page=True)
    for url in ("/targeting/", "/targeting/weights/", "/targeting/evaluation/", "/targeting/plans/"):
        page.goto(f"{live_server.url}{url}")
        page.screenshot(path=str(tmp_path / f"{url.strip('/').replace('/', '-')}-id-{width}.png"), full_page=True)
    context.close()
