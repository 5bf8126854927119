"""The office head screens and assigns complaints straight from the queue, on a laptop and on a phone."""

import pytest

from complaints import services
from complaints.choices import Status
from complaints.models import Complaint
from tests.complaints.factories import make_complaint

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("categories")]


def test_it_screens_and_assigns_two_complaints_from_the_queue(page, login, company_a, bob, alice):
    first = make_complaint(company=company_a, received_days_ago=40).complaint
    second = make_complaint(company=company_a).complaint
    busy = make_complaint(company=company_a).complaint
    services.complaint_screen(complaint=busy, actor=bob)
    services.complaint_assign(complaint=busy, actor=bob, assignee=alice)

    login(page, bob)
    page.goto("/complaints/")
    rows = page.get_by_test_id("complaint-row")
    # The overdue complaint is first; the picker tells the head who already carries work.
    assert first.reference in rows.first.inner_text()
    option = page.locator("#id_triage_assignee option", has_text=str(alice)).inner_text()
    assert "1" in option and str(alice) in option
    page.get_by_label(f"Pilih {first.reference}").check()
    page.get_by_label(f"Pilih {second.reference}").check()
    page.locator("#id_triage_assignee").select_option(str(alice.pk))
    page.locator("#id_triage_note").fill("Tolong segera ditangani.")
    page.get_by_test_id("triage-submit").click()
    page.wait_for_load_state("networkidle")

    message = page.locator(".alert-success").inner_text()
    assert first.reference in message and second.reference in message and str(alice) in message
    for c in (first, second):
        c.refresh_from_db()
        assert (c.status, c.assigned_to_id) == (Status.ASSIGNED, alice.pk)
    # Back on the queue, the rows now carry the assigned badge, and Alice's caseload went up.
    badge = page.get_by_test_id("complaint-row").filter(has_text=first.reference).locator(".complaint-status")
    assert "complaint-status-assigned" in badge.get_attribute("class")
    assert "3" in page.locator("#id_triage_assignee option", has_text=str(alice)).inner_text()


def test_it_changes_nothing_and_says_why_when_one_cannot_be_assigned(phone_page, login, company_a, bob, alice):
    fresh = make_complaint(company=company_a).complaint
    done = make_complaint(company=company_a).complaint
    services.complaint_screen(complaint=done, actor=bob)
    services.complaint_assign(complaint=done, actor=bob, assignee=alice)

    page = phone_page
    login(page, bob)
    page.goto("/complaints/")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.get_by_label(f"Pilih {fresh.reference}").check()
    page.get_by_label(f"Pilih {done.reference}").check()
    page.locator("#id_triage_assignee").select_option(str(alice.pk))
    page.get_by_test_id("triage-submit").click()
    page.wait_for_load_state("networkidle")
    error = page.locator(".alert-danger").inner_text()
    assert done.reference in error
    assert Complaint.objects.get(pk=fresh.pk).status == Status.RECEIVED


def test_it_keeps_the_queue_status_column_on_a_390_px_phone(browser, live_server, login, company_a, bob):
    for _ in range(3):
        make_complaint(company=company_a, received_days_ago=40)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    login(page, bob)
    page.goto("/complaints/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    badge = page.get_by_test_id("complaint-row").first.locator(".complaint-status")
    box = badge.bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.evaluate(
        "(() => { const t = document.querySelector('.table-responsive'); return t.scrollWidth <= t.clientWidth; })()"
    )
    context.close()
