"""A head sees the expired Nota I on the deadlines view, opens the prepared Nota II, issues it, prints it."""

import io
import re

import pytest
from pypdf import PdfReader

from inspections.choices import NoticeLevel
from inspections.models import Notice
from tests.deadlines.conftest import expired_nota
from tests.inspections.provisions import ensure_provisions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_head_issues_the_prepared_nota_ii_and_prints_it(browser, live_server, login, bob, alice, company_a,
                                                          charlie, dave, company_b, width, tmp_path):  # fmt: skip
    ensure_provisions()
    first = expired_nota(company=company_a, lead=alice, head=bob)
    other = expired_nota(company=company_b, lead=charlie, head=dave)  # office B's canary
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900})
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    login(page, bob)
    page.goto(f"{live_server.url}/deadlines/")
    row = page.get_by_test_id("clock-row").filter(has_text=first.number).first
    row.wait_for()
    assert row.get_attribute("data-overdue") == "1"
    assert other.number not in page.content()
    page.screenshot(path=str(tmp_path / f"deadlines-{width}.png"), full_page=True)

    row.get_by_role("link", name=first.number).click()
    page.get_by_test_id("delivery").wait_for()  # received on 5 March, by hand
    page.screenshot(path=str(tmp_path / f"nota-{width}.png"), full_page=True)
    page.get_by_test_id("open-draft").click()
    assert page.get_by_test_id("draft-finding").count() == 2
    page.screenshot(path=str(tmp_path / f"draft-{width}.png"), full_page=True)
    page.get_by_test_id("issue-draft").click()
    page.wait_for_url(re.compile(r"/inspections/notices/\d+/$"))
    second = Notice.objects.get(level=NoticeLevel.SECOND, previous=first)
    assert second.number in page.content()

    with page.expect_download() as download:
        page.get_by_test_id("notice-pdf").click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert second.number.replace(" ", "") in text.replace(" ", "")
    assert first.number.replace(" ", "") in text.replace(" ", "")
    assert not [line for line in console if "Content Security Policy" in line]
    context.close()
