"""The deadlines pages: counts equal rows, scope, overdue highlighted, delivery, draft, report and its PDF."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from deadlines import services
from deadlines.choices import ClockState, DraftStatus
from deadlines.models import Clock, NonComplianceReport, NoticeDelivery, NoticeDraft
from inspections.choices import NoticeLevel
from inspections.models import Notice
from tests.inspections.factories import InspectionFactory
from tests.security.world import png_upload

from .conftest import ISSUED, expired_nota

pytestmark = pytest.mark.django_db


def _rows(html: str) -> int:
    return html.count('data-testid="clock-row"')


def _count(html: str, name: str) -> int:
    return int(re.search(rf'data-testid="count-{name}">(\d+)', html).group(1))


def test_it_lists_open_clocks_whose_counts_equal_the_rows(client_for, alice, bob, nota_a, nota_b, company_a):
    undelivered = expired_nota(company=company_a, lead=alice, head=bob, delivered=False)
    html = client_for(bob).get("/deadlines/").content.decode()
    assert (
        _count(html, "total")
        == _rows(html)
        == Clock.objects.filter(office=nota_a.office).exclude(state__in=[ClockState.MET, ClockState.CLOSED]).count()
    )
    assert nota_a.number in html and undelivered.number in html
    assert nota_b.number not in html  # office B never shows
    assert _count(html, "overdue") == html.count('data-overdue="1"') >= 2
    # Filters keep counts and rows equal.
    html = client_for(bob).get("/deadlines/", {"overdue": "yes", "subject": "notice_first"}).content.decode()
    assert _count(html, "total") == _rows(html) == 1
    html = client_for(alice).get("/deadlines/", {"mine": "yes"}).content.decode()
    assert _count(html, "total") == _rows(html) >= 2


def test_it_shows_an_empty_state(client_for, charlie):
    html = client_for(charlie).get("/deadlines/").content.decode()
    assert 'data-testid="empty"' in html and _count(html, "total") == 0


def test_its_query_count_does_not_grow_with_the_rows(client_for, bob, company_a, alice, django_assert_max_num_queries):
    expired_nota(company=company_a, lead=alice, head=bob)
    client = client_for(bob)
    client.get("/deadlines/")
    with django_assert_max_num_queries(12) as few:
        client.get("/deadlines/")
    for _ in range(3):
        expired_nota(company=company_a, lead=alice, head=bob, findings=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/deadlines/").content.decode()
    assert _rows(html) >= 4


def test_it_records_a_delivery_with_its_receipt_slip(client_for, alice, bob, company_a, charlie):
    notice = expired_nota(company=company_a, lead=alice, head=bob, delivered=False)
    url = f"/deadlines/notices/{notice.pk}/delivery/"
    assert client_for(charlie).post(url, {"method": "mail", "received_on": "2026-03-05"}).status_code == 404
    assert client_for(alice).get(url).status_code == 405
    page = client_for(alice).get(f"/deadlines/notices/{notice.pk}/").content.decode()
    assert 'data-testid="not-delivered"' in page
    fake = SimpleUploadedFile("resi.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    client_for(alice).post(url, {"method": "mail", "received_on": "2026-03-04", "receipt": fake})
    assert not NoticeDelivery.objects.filter(notice=notice).exists()  # checked by content: refused, nothing kept
    response = client_for(alice).post(
        url, {"method": "mail", "received_on": "2026-03-04", "receipt": png_upload("resi.png")}
    )
    assert response.status_code == 302
    delivery = NoticeDelivery.objects.get(notice=notice)
    assert delivery.receipt.name.endswith(".png") and delivery.received_on == dt.date(2026, 3, 4)
    page = client_for(alice).get(f"/deadlines/notices/{notice.pk}/").content.decode()
    assert 'data-testid="delivery"' in page and "mulai sejak diterima pengusaha" in page  # the history, in Indonesian


def test_a_bad_delivery_is_refused_with_a_message_and_changes_nothing(client_for, alice, bob, company_a):
    notice = expired_nota(company=company_a, lead=alice, head=bob, delivered=False)
    response = client_for(alice).post(
        f"/deadlines/notices/{notice.pk}/delivery/", {"method": "hand", "received_on": "2026-03-04"}, follow=True
    )
    assert "Sebutkan nama orang yang menerima Nota secara langsung." in response.content.decode()  # Indonesian first
    assert not NoticeDelivery.objects.filter(notice=notice).exists()


def test_the_head_issues_the_prepared_nota_ii_from_the_draft_page(client_for, alice, bob, nota_a):
    draft = NoticeDraft.objects.get(previous=nota_a)
    page = client_for(alice).get(f"/deadlines/drafts/{draft.pk}/").content.decode()
    assert 'data-testid="draft-issue"' not in page  # an inspector sees it, the head issues it
    page = client_for(bob).get(f"/deadlines/drafts/{draft.pk}/").content.decode()
    assert page.count('data-testid="draft-finding"') == 2
    bad = client_for(bob).post(f"/deadlines/drafts/{draft.pk}/", {"period_days": "40", "findings": []})
    assert bad.status_code == 400 and not Notice.objects.filter(level=NoticeLevel.SECOND).exists()
    ids = [f.pk for f in draft.findings.all()]
    response = client_for(bob).post(f"/deadlines/drafts/{draft.pk}/", {"period_days": "7", "findings": ids})
    second = Notice.objects.get(level=NoticeLevel.SECOND)
    assert response.status_code == 302 and response["Location"] == f"/inspections/notices/{second.pk}/"
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED


def test_the_noncompliance_report_is_a_dated_numbered_document_with_a_pdf(client_for, alice, bob, company_a):
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    first = expired_nota(company=company_a, lead=alice, head=bob)
    draft = NoticeDraft.objects.get(previous=first)
    second = services.draft_issue(draft=draft, actor=bob, period_days=7)
    today = timezone.localdate(timezone=first.office.zone)
    services.notice_record_delivery(notice=second, actor=alice, method="email", received_on=today)
    clock = Clock.objects.get(notice=second, subject="notice_second")
    services.office_scan(office_id=first.office_id, now=clock.due_at)
    report = NonComplianceReport.objects.get(notice=second)
    page = client_for(bob).get(f"/deadlines/reports/{report.pk}/").content.decode()
    assert first.number in page and second.number in page and 'data-testid="report-decide"' in page
    refused = client_for(bob).post(f"/deadlines/reports/{report.pk}/decide/", {"decision": "sanction", "sanction": ""})
    assert refused.status_code == 302
    report.refresh_from_db()
    assert report.status == DraftStatus.DRAFT  # a sanction must be named: nothing changed
    client_for(bob).post(
        f"/deadlines/reports/{report.pk}/decide/", {"decision": "sanction", "sanction": "written_warning"}
    )
    report.refresh_from_db()
    assert report.status == DraftStatus.ISSUED and report.number
    pdf = client_for(bob).get(f"/deadlines/reports/{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    compact = re.sub(r"\s+", "", text)  # table cells wrap long numbers
    assert report.number in text and first.number in compact and second.number in compact
    assert visit.pk  # the unrelated visit of the same company is not in the report
    assert ISSUED.strftime("%Y") in text


def test_a_notas_deadlines_page_has_a_fixed_number_of_queries(client_for, alice, bob, nota_a, company_a,
                                                             django_assert_max_num_queries):  # fmt: skip
    client = client_for(bob)
    url = f"/deadlines/notices/{nota_a.pk}/"
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    clock = Clock.objects.get(notice=nota_a, subject="notice_first")
    for n in range(5):  # more history on the page
        clock.changes.create(action="note", note=f"catatan {n}", actor=bob)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "catatan 4" in client.get(url).content.decode()


def test_a_head_filters_by_inspector_and_never_sees_another_offices(client_for, bob, alice, charlie, nota_a, nota_b):
    html = client_for(bob).get("/deadlines/", {"responsible": alice.pk}).content.decode()
    assert _count(html, "total") == _rows(html) >= 1 and nota_a.number in html
    html = client_for(bob).get("/deadlines/", {"responsible": charlie.pk}).content.decode()
    assert _rows(html) == 0 and nota_b.number not in html  # another office's inspector is not a choice
