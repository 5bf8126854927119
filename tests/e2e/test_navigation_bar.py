"""The navigation bar holds every role's entries at 1366 px and at 390 px (the phone menu).

For each role: the page never scrolls sideways, the search box keeps a usable width at 1366 px,
and every page the role may use is reachable from the bar (visible, or inside the open "More"
menu), in English and in Indonesian. Set E2E_SCREENSHOTS to a folder to keep the screenshots.
"""

import os

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")

WIDE, PHONE = 1366, 390
# The pages each role must reach from the bar (the home page is also the brand link).
EXPECTED = {
    "alice": ["/complaints/", "/inspections/", "/field/", "/deadlines/", "/companies/", "/accidents/", "/bpjs/",
              "/targeting/", "/notifications/"],
    "bob": ["/complaints/", "/inspections/", "/field/", "/deadlines/", "/companies/", "/reports/dashboard/",
            "/accidents/", "/bpjs/", "/targeting/", "/reports/", "/manage/history/", "/notifications/"],
    "erin": ["/complaints/", "/deadlines/", "/companies/", "/reports/dashboard/", "/accidents/", "/bpjs/coverage/",
             "/targeting/", "/reports/", "/notifications/"],
    "grace": ["/complaints/", "/deadlines/", "/companies/", "/reports/dashboard/", "/accidents/", "/bpjs/coverage/",
              "/targeting/", "/reports/", "/notifications/"],
    "root": ["/complaints/", "/inspections/", "/deadlines/", "/companies/", "/reports/dashboard/", "/accidents/",
             "/bpjs/", "/bpjs/coverage/", "/targeting/", "/reports/", "/audit/", "/manage/", "/notifications/"],
}  # fmt: skip
# Entries a role must not be offered.
ABSENT = {
    "alice": ["/reports/", "/reports/dashboard/", "/manage/", "/audit/", "/bpjs/coverage/"],
    "erin": ["/inspections/", "/field/", "/bpjs/", "/manage/"],
    "grace": ["/inspections/", "/field/", "/bpjs/", "/manage/"],
}


def _link(page, href):
    return page.locator(f'nav.navbar a[href="{href}"]')


def _check_bar(page, user, width, lang):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    if width == PHONE:
        page.locator(".navbar-toggler").click()
        page.locator("#nav-main.show").wait_for()
    search = page.get_by_test_id("nav-search")
    assert search.is_visible()
    box = search.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    if width == WIDE:
        assert box["width"] >= 180, f"search box {box['width']} px wide"
        # The bar is one line: the search box sits beside the entries, not under them.
        assert page.locator("nav.navbar").bounding_box()["height"] < 80
    more = page.get_by_test_id("nav-more")
    hidden = [h for h in EXPECTED[user] if not _link(page, h).first.is_visible()]
    if hidden:
        expect(more).to_have_attribute("aria-expanded", "false")
        more.click()
        expect(more).to_have_attribute("aria-expanded", "true")
        page.get_by_test_id("nav-more-list").wait_for()
    for href in EXPECTED[user]:
        link = _link(page, href).first
        assert link.is_visible(), f"{user} at {width} px ({lang}): {href} not reachable"
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{href} off screen"
    for href in ABSENT.get(user, []):
        assert _link(page, href).count() == 0, f"{user} is offered {href}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the open menu scrolls sideways"
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"nav-{user}-{width}-{lang}.png"))
    if hidden:  # Escape closes the menu and gives the focus back to its heading.
        page.keyboard.press("Escape")
        expect(more).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_test_id("nav-more-list")).to_be_hidden()
        assert page.evaluate("document.activeElement.dataset.testid") == "nav-more"


@pytest.mark.parametrize("width", [WIDE, PHONE])
@pytest.mark.parametrize("user", sorted(EXPECTED))
def test_every_role_reaches_its_pages_from_the_bar(request, browser, live_server, login, office_a, width, user):
    person = request.getfixturevalue(user)
    person.last_name = "Wicaksono Prawiranegara"  # a long name must not squeeze the search box
    person.save()
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": width, "height": 900 if width == WIDE else 844},
        is_mobile=width == PHONE,
        has_touch=width == PHONE,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login(page, person)
        for lang in ("en", "id"):
            context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
            page.goto(f"{live_server.url}/")
            assert page.locator("html").get_attribute("lang") == lang
            if lang == "id":
                assert (
                    page.get_by_test_id("nav-search").get_attribute("placeholder") != "Reference, Nota, company or NIB"
                )
            _check_bar(page, user, width, lang)
    finally:
        context.close()


def test_the_more_menu_works_from_the_keyboard(page, login, bob):
    login(page, bob)
    page.goto("/")
    more = page.get_by_test_id("nav-more")
    more.focus()
    page.keyboard.press("Enter")
    expect(more).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-testid=nav-more-list]') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accidents/")
    # The current page is marked inside the menu, and on the menu's heading.
    assert page.locator('[data-testid=nav-more-list] a[aria-current="page"]').get_attribute("href") == "/accidents/"
    assert "active" in (page.get_by_test_id("nav-more").get_attribute("class") or "")
