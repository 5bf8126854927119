"""The work queue's fourteen filters at 1366 px: each shows its chosen value whole, in Indonesian."""

import pytest

from tests.complaints.factories import make_complaint
from tests.factories import OfficeFactory

from .conftest import _new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Whether a select shows the whole text of each of its options when that option is chosen: the
# option's text measured in the select's font against the box less its padding (and arrow).
CUT_OPTIONS = """s => {
  const style = getComputedStyle(s);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const shown = o => s.name === 'office' ? o.text.split(' · ')[0] : o.text;
  return Array.from(s.options).filter(o => context.measureText(shown(o)).width > room).map(o => o.text);
}"""


def _indonesian(browser, live_server, width: int, height: int):
    context, page = _new_page(browser, live_server, locale="id-ID", viewport={"width": width, "height": height})
    yield page
    context.close()


@pytest.fixture
def desk(browser, live_server):
    yield from _indonesian(browser, live_server, 1366, 900)


def test_every_filter_of_the_work_queue_shows_its_choice_at_1366_px(
    desk, login, grace, company_a, region_a, categories
):
    make_complaint(company=company_a)
    OfficeFactory(code="UPTD-32-02", name="UPTD Pengawasan Ketenagakerjaan Wilayah II Jawa Barat", region=region_a)
    login(desk, grace)
    desk.goto("/complaints/?overdue=true")
    controls = desk.locator("#filters select, #filters input")
    assert controls.count() == 14
    for i in range(controls.count()):
        box = controls.nth(i).bounding_box()
        assert box["width"] >= 150, (controls.nth(i).get_attribute("name"), box["width"])
    selects = desk.locator("#filters select")
    for i in range(selects.count()):
        # Every choice fits whole; an office by its code, which comes first ("UPTD-32-02 · UPTD …").
        assert selects.nth(i).evaluate(CUT_OPTIONS) == [], selects.nth(i).get_attribute("name")
    assert (
        "UPTD-32-02 · UPTD Pengawasan Ketenagakerjaan Wilayah II Jawa Barat"
        in desk.locator("select[name=office]").inner_text()
    )
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1366
    # A yes/no filter offers "any" first, not Django's "unknown"; the chosen one stays chosen.
    overdue = desk.locator("select[name=overdue]")
    assert overdue.locator("option").first.inner_text() == "Semua"
    assert overdue.evaluate("s => s.options[s.selectedIndex].text") == "Ya"
    assert desk.locator("select[name=unassigned] option").first.inner_text() == "Semua"
    assert desk.locator("select[name=o] option").first.inner_text() == "Paling mendesak dulu"


@pytest.fixture
def phone(browser, live_server):
    yield from _indonesian(browser, live_server, 390, 844)


def test_on_a_phone_the_filter_panel_stays_closed_on_the_next_page_and_opens_for_a_filter(
    phone, login, bob, company_a, categories
):
    for _ in range(27):
        make_complaint(company=company_a)
    login(phone, bob)
    phone.goto("/complaints/?page=2")
    toggle = phone.locator("button.filters-toggle")
    assert toggle.inner_text() == "Saringan" and toggle.get_attribute("aria-expanded") == "false"
    assert not phone.locator("#filters select[name=status]").is_visible()
    assert "Halaman 2 dari 2" in phone.locator("body").inner_text()
    toggle.click()
    phone.locator("#filters select[name=status]").wait_for(state="visible")
    phone.goto("/complaints/?status=received&page=2")
    assert phone.locator("#filters select[name=status]").is_visible()
    assert phone.locator("button.filters-toggle").get_attribute("aria-expanded") == "true"
