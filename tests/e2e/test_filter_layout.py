"""The work queue's fourteen filters at 1366 px: each wide enough to read its choice, in Indonesian."""

import pytest

from tests.complaints.factories import make_complaint

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_every_filter_of_the_work_queue_is_wide_enough_to_read_at_1366_px(desk, login, bob, company_a):
    make_complaint(company=company_a)
    login(desk, bob)
    desk.goto("/complaints/?overdue=true")
    controls = desk.locator("#filters select, #filters input")
    assert controls.count() == 14
    for i in range(controls.count()):
        box = controls.nth(i).bounding_box()
        assert box["width"] >= 150, (controls.nth(i).get_attribute("name"), box["width"])
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1366
    # A yes/no filter offers "any" first, not Django's "unknown"; the chosen one stays chosen.
    overdue = desk.locator("select[name=overdue]")
    assert overdue.locator("option").first.inner_text() == "Semua"
    assert overdue.evaluate("s => s.options[s.selectedIndex].text") == "Ya"
    assert desk.locator("select[name=unassigned] option").first.inner_text() == "Semua"
    assert desk.locator("select[name=o] option").first.inner_text() == "Paling mendesak dulu"
