"""The deadlines steps over the API: the pages' services, scope (404), role (403), bad input (400, nothing changed)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from deadlines import services
from deadlines.choices import ClockState, DraftStatus
from deadlines.models import Clock, DeadlineRule, FeedToken, NonComplianceReport, NoticeDelivery, NoticeDraft
from inspections.choices import NoticeLevel
from inspections.models import Notice
from tests.inspections.factories import make_complaint

from .conftest import RECEIVED, expired_nota
from .rules import ensure_rules

pytestmark = pytest.mark.django_db


def test_a_delivery_is_recorded_over_the_api(api_for, alice, bob, charlie, company_a):
    notice = expired_nota(company=company_a, lead=alice, head=bob, delivered=False)
    url = f"/api/v1/notices/{notice.pk}/delivery/"
    good = {"method": "hand", "received_on": RECEIVED.isoformat(), "recipient_name": "Budi"}
    assert api_for(charlie).post(url, good, format="json").status_code == 404  # another office's Nota
    assert api_for(alice).post("/api/v1/notices/987654/delivery/", good, format="json").status_code == 404
    bad = api_for(alice).post(url, {**good, "recipient_name": ""}, format="json")
    assert bad.status_code == 400 and "recipient_name" in bad.json()
    future = api_for(alice).post(url, {**good, "received_on": "2999-01-01"}, format="json")
    assert future.status_code == 400 and "received_on" in future.json()
    assert not NoticeDelivery.objects.filter(notice=notice).exists()  # nothing kept
    response = api_for(alice).post(url, good, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["received_on"] == RECEIVED.isoformat() and response.json()["notice"] == notice.pk
    clock = Clock.objects.get(notice=notice, subject="notice_first")
    assert clock.starts_on == RECEIVED and clock.changes.filter(action="started from receipt").exists()
    again = api_for(alice).post(url, good, format="json")
    assert again.status_code == 400 and NoticeDelivery.objects.filter(notice=notice).count() == 1


def test_the_head_issues_or_discards_a_draft_over_the_api(api_for, alice, bob, charlie, dave, nota_a, nota_b):
    draft = NoticeDraft.objects.get(previous=nota_a)
    other = NoticeDraft.objects.get(previous=nota_b)
    listed = api_for(bob).get("/api/v1/notice-drafts/").json()["results"]
    assert [row["id"] for row in listed] == [draft.pk]  # office B's draft never shows
    assert api_for(bob).get(f"/api/v1/notice-drafts/{other.pk}/").status_code == 404
    assert api_for(bob).post(f"/api/v1/notice-drafts/{other.pk}/issue/", {"period_days": 7}).status_code == 404
    assert api_for(bob).post(f"/api/v1/notice-drafts/{other.pk}/discard/").status_code == 404
    assert api_for(alice).post(f"/api/v1/notice-drafts/{draft.pk}/issue/", {"period_days": 7}).status_code == 403
    too_long = api_for(bob).post(f"/api/v1/notice-drafts/{draft.pk}/issue/", {"period_days": 200}, format="json")
    assert too_long.status_code == 400 and "period_days" in too_long.json()
    foreign = api_for(bob).post(
        f"/api/v1/notice-drafts/{draft.pk}/issue/", {"period_days": 7, "findings": [987654]}, format="json"
    )
    assert foreign.status_code == 400 and "findings" in foreign.json()
    assert not Notice.objects.filter(level=NoticeLevel.SECOND).exists()  # nothing issued
    ids = sorted(f.pk for f in draft.findings.all())
    response = api_for(bob).post(
        f"/api/v1/notice-drafts/{draft.pk}/issue/", {"period_days": 7, "findings": ids[:1]}, format="json"
    )
    assert response.status_code == 201, response.json()
    second = Notice.objects.get(level=NoticeLevel.SECOND)
    assert response.json()["status"] == DraftStatus.ISSUED and response.json()["issued"] == second.pk
    assert sorted(second.findings.values_list("pk", flat=True)) == ids[:1]
    assert api_for(bob).post(f"/api/v1/notice-drafts/{draft.pk}/discard/").status_code == 400  # issued already
    # Office B's head discards his own draft.
    assert api_for(dave).post(f"/api/v1/notice-drafts/{other.pk}/discard/").json()["status"] == DraftStatus.DISCARDED
    assert AuditEntry.objects.filter(object_type__icontains="draft", extra__step="draft discarded").exists()


def _report(company, lead, head):
    first = expired_nota(company=company, lead=lead, head=head)
    second = services.draft_issue(draft=NoticeDraft.objects.get(previous=first), actor=head, period_days=7)
    today = timezone.localdate(timezone=first.office.zone)
    services.notice_record_delivery(notice=second, actor=lead, method="email", received_on=today)
    clock = Clock.objects.get(notice=second, subject="notice_second")
    services.office_scan(office_id=first.office_id, now=clock.due_at)
    return NonComplianceReport.objects.get(notice=second)


def test_the_head_decides_a_noncompliance_report_over_the_api(api_for, alice, bob, charlie, dave, company_a, company_b):
    report = _report(company_a, alice, bob)
    other = _report(company_b, charlie, dave)
    url = f"/api/v1/noncompliance-reports/{report.pk}/decide/"
    assert (
        api_for(bob).post(f"/api/v1/noncompliance-reports/{other.pk}/decide/", {"decision": "ppns"}).status_code == 404
    )
    assert api_for(bob).get(f"/api/v1/noncompliance-reports/{other.pk}/").status_code == 404
    assert api_for(alice).post(url, {"decision": "ppns"}).status_code == 403  # the inspector may not decide
    unnamed = api_for(bob).post(url, {"decision": "sanction", "sanction": ""}, format="json")
    assert unnamed.status_code == 400 and "sanction" in unnamed.json()
    assert api_for(bob).post(url, {"decision": "fine"}, format="json").status_code == 400
    report.refresh_from_db()
    assert report.status == DraftStatus.DRAFT and not report.number  # nothing changed
    response = api_for(bob).post(url, {"decision": "sanction", "sanction": "written_warning"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == DraftStatus.ISSUED and body["number"].startswith("LK/") and body["decided_by"] == bob.pk
    assert api_for(bob).post(url, {"decision": "ppns"}, format="json").status_code == 400  # issued already


def test_the_head_recomputes_a_clock_over_the_api(api_for, office_a, office_b, alice, bob, dave, company_a, company_b):
    ensure_rules()
    complaint = make_complaint(office=office_a, company=company_a, reference="ADU-T-1")
    make_complaint(office=office_b, company=company_b, reference="ADU-T-2")
    services.office_scan(office_id=office_a.pk)
    services.office_scan(office_id=office_b.pk)
    clock = Clock.objects.get(complaint=complaint)
    other = Clock.objects.get(complaint__reference="ADU-T-2")
    first_due = clock.due_on
    rule = DeadlineRule.objects.get(subject="complaint", office=None)
    rule.duration = 30
    rule.save()
    url = f"/api/v1/deadlines/{clock.pk}/recompute/"
    assert api_for(bob).post(f"/api/v1/deadlines/{other.pk}/recompute/", {"note": "SK"}).status_code == 404
    assert api_for(alice).post(url, {"note": "SK"}).status_code == 403  # the office head's step
    assert api_for(bob).post(url, {"note": ""}).status_code == 400  # a reason is needed
    clock.refresh_from_db()
    assert clock.due_on == first_due
    response = api_for(bob).post(url, {"note": "SK kepala dinas"}, format="json")
    assert response.status_code == 200, response.json()
    clock.refresh_from_db()
    assert clock.duration == 30 and clock.due_on < first_due and response.json()["due_on"] == clock.due_on.isoformat()
    assert clock.state == ClockState.RUNNING and clock.changes.get(action="recomputed").actor == bob


def test_one_renews_or_switches_off_ones_own_feed_over_the_api(api_for, alice, charlie):
    FeedToken.objects.create(user=charlie)
    charlies = FeedToken.objects.get(user=charlie).token
    made = api_for(alice).post("/api/v1/deadlines/feed/renew/", {}, format="json")
    assert made.status_code == 200
    token = FeedToken.objects.get(user=alice).token
    assert made.json()["url"].endswith(f"/deadlines/feed/{token}.ics")
    renewed = api_for(alice).post("/api/v1/deadlines/feed/renew/", {}, format="json").json()["url"]
    assert token not in renewed and FeedToken.objects.get(user=alice).token in renewed
    off = api_for(alice).post("/api/v1/deadlines/feed/renew/", {"revoke": True}, format="json")
    assert off.json() == {"url": None} and not FeedToken.objects.filter(user=alice).exists()
    assert FeedToken.objects.get(user=charlie).token == charlies  # only one's own
    assert api_for().post("/api/v1/deadlines/feed/renew/").status_code == 401
    assert AuditEntry.objects.filter(object_type="feed", object_id=str(alice.pk)).count() == 3


def test_the_draft_and_report_lists_cost_fixed_queries(api_for, alice, bob, company_a, django_assert_num_queries):
    _report(company_a, alice, bob)
    client = api_for(bob)
    counts = {}
    for url in ("/api/v1/notice-drafts/", "/api/v1/noncompliance-reports/"):
        client.get(url)
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        counts[url] = len(before.captured_queries)
    for _ in range(2):
        _report(company_a, alice, bob)
    for url, count in counts.items():
        with django_assert_num_queries(count):
            rows = client.get(url).json()["results"]
        assert len(rows) == 3
