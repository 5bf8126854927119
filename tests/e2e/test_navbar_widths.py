"""The top bar never widens the page: one row from 1200 px, folded into its menu button below."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1200, 992, 1100, 1280, 1366)


@pytest.mark.parametrize("who", ["alice", "bob", "grace", "root"])
def test_the_page_never_scrolls_sideways_because_of_the_top_bar(browser, live_server, login, who, request):
    user = request.getfixturevalue(who)
    user.first_name, user.last_name = "Bambang Suryadi", "Wicaksono Prasetyo"  # a long name, as many are
    user.save()
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    try:
        login(page, user)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto("/complaints/" if who != "root" else "/manage/")
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            assert overflow <= 0, (who, width, overflow)
            one_row = width >= 1200
            assert page.get_by_test_id("nav-search").is_visible() is one_row, (who, width)
            assert page.locator(".navbar-toggler").is_visible() is not one_row, (who, width)
            if not one_row:  # the menu button opens the entries, the search and the name
                page.locator(".navbar-toggler").click()
                page.get_by_test_id("nav-search").wait_for(state="visible")
                assert page.get_by_test_id("user-menu").is_visible()
                assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
