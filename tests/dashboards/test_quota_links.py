"""Every quota and work-queue figure links to the visit, notice or finding list behind it, with that many rows.

On the demo data of ``seed_demo``: the office head's dashboard (KS-I), the official's (region
63 and national), the office head's and an inspector's home page.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.choices import NoticeStatus
from inspections.filters import findings_overdue_url, notices_awaiting_url
from inspections.models import Notice
from inspectorate.models import Staff
from reporting import dashboards, figures

from .conftest import demo_client

DASHBOARD = "/reports/dashboard/"


def _rows(client, url) -> int:
    """The row count of the list at ``url``: the paginator's, which the page also shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    count = response.context["page"].paginator.count
    shown = re.search(r'data-testid="result-count">(\d+)', response.content.decode())
    assert shown and int(shown.group(1)) == count, url
    assert not response.context["filter"].errors, (url, response.context["filter"].errors)
    return count


def _mismatches(client, pairs) -> list:
    return [(url, n, got) for url, n in pairs if (got := _rows(client, url)) != n]


def _months() -> list[str]:
    this = timezone.localdate().replace(day=1)
    return [f"{m:%Y-%m}" for m in (figures.add_months(this, -1), this)]


def _inspector_pairs(context) -> list[tuple[str, int]]:
    oq = context["f"].quota.offices[0]
    rows = context["inspector_rows"]
    assert [item["q"] for item in rows] == oq.inspectors
    links = context["office_quota_links"]
    pairs = [(links["visits"], oq.visits), (links["assignments"], oq.assignment_visits)]
    for item in rows:
        pairs += [(item["counted_url"], item["q"].counted), (item["assignments_url"], item["q"].assignments)]
    return pairs


def _notices_awaiting_follow_up(offices) -> None:
    """Some demo notices whose deadline passed are still waiting for the follow-up visit."""
    today = timezone.localdate()
    for office in offices:
        late = Notice.objects.filter(office=office, compliance_deadline__lt=today).exclude(status=NoticeStatus.ISSUED)
        Notice.objects.filter(pk__in=list(late.values_list("pk", flat=True)[:3])).update(status=NoticeStatus.ISSUED)


def test_it_links_the_office_heads_quota_and_queue_figures_to_lists_of_that_many_rows(demo):
    _notices_awaiting_follow_up([demo["KS-I"], demo["JB-I"]])
    client = demo_client("ks1.kepala")
    pairs = []
    for month in _months():
        response = client.get(DASHBOARD, {"month": month})
        context = response.context
        assert context["office_mode"] and [o.code for o in context["dash"].offices] == ["KS-I"]
        pairs += _inspector_pairs(context)
        html = response.content.decode()
        for item in context["inspector_rows"]:
            assert (
                f'href="{item["counted_url"]}" data-testid="inspector-counted">{item["q"].counted}<'.replace(
                    "&", "&amp;"
                )
                in html
            )
    queue = context["queue"]
    queue_pairs = [
        (context["notice_url"], queue.notices_awaiting),
        (context["finding_url"], queue.findings_past_deadline),
    ]
    assert queue.notices_awaiting > 0 and queue.findings_past_deadline > 0, "the demo data has a queue"
    assert sum(n for _url, n in pairs) > 0 and any(n for url, n in pairs if "assignment=" in url)
    assert _mismatches(client, pairs + queue_pairs) == []


def test_it_links_one_offices_queue_for_a_user_who_sees_more_offices(demo):
    """The queue links name the office: a national official following them sees that office's rows only."""
    _notices_awaiting_follow_up([demo["KS-I"], demo["JB-I"]])
    client = demo_client("pejabat.nasional")
    ks1 = demo["KS-I"]
    head_context = demo_client("ks1.kepala").get(DASHBOARD).context
    queue = dashboards.office_work_queue(office=ks1)
    assert (head_context["notice_url"], head_context["finding_url"]) == (
        notices_awaiting_url(office=ks1),
        findings_overdue_url(office=ks1),
    )
    assert _rows(client, head_context["notice_url"]) == queue.notices_awaiting > 0
    assert _rows(client, head_context["finding_url"]) == queue.findings_past_deadline > 0
    everywhere = _rows(client, reverse("inspections:notice_list") + "?status=issued&deadline_passed=true")
    assert everywhere > queue.notices_awaiting


def test_it_counts_a_team_visit_once_in_the_office_heads_list(demo):
    """The office's counted visits are distinct visits; the inspectors' counts add up to more with teams."""
    client = demo_client("ks1.kepala")
    month = _months()[0]
    context = client.get(DASHBOARD, {"month": month}).context
    oq = context["f"].quota.offices[0]
    assert sum(q.counted for q in oq.inspectors) > oq.visits, "the demo data has team visits"
    assert _rows(client, context["office_quota_links"]["visits"]) == oq.visits


@pytest.mark.parametrize("username", ["pejabat.kalsel", "pejabat.nasional"])
def test_it_links_the_officials_quota_figures_to_lists_of_that_many_rows(demo, username):
    client = demo_client(username)
    pairs, offices_seen = [], []
    for month in _months():
        context = client.get(DASHBOARD, {"month": month}).context
        assert not context["office_mode"]
        for item in context["office_rows"]:
            r, links = item["row"], item["quota_links"]
            pairs += [(links["visits"], r.quota.visits), (links["assignments"], r.quota.assignment_visits)]
            # Attainment counts inspectors: the link opens the office's dashboard with one row each.
            office_page = client.get(links["attainment"])
            assert office_page.status_code == 200
            office = office_page.context
            assert [o.code for o in office["dash"].offices] == [r.office.code]
            rows = office["inspector_rows"]
            assert (len(rows), sum(1 for i in rows if i["q"].met)) == (r.quota.active, r.quota.meeting)
            pairs += _inspector_pairs(office)
            offices_seen.append(r.office.code)
    expected = {"KS-I"} if username == "pejabat.kalsel" else {"KS-I", "JB-I", "JB-II"}
    assert set(offices_seen) == expected
    assert sum(n for _url, n in pairs) > 0
    assert _mismatches(client, pairs) == []


def test_it_shows_a_region_with_one_office_with_its_inspectors(demo):
    context = demo_client("pejabat.kalsel").get(DASHBOARD).context
    assert [o.code for o in context["dash"].offices] == ["KS-I"]
    assert len(context["inspector_rows"]) == 9


@pytest.mark.parametrize("username", ["ks1.pengawas01", "ks1.pengawas05", "jb1.pengawas02"])
def test_it_links_the_inspectors_home_quota_to_lists_of_that_many_rows(demo, username):
    client = demo_client(username)
    response = client.get("/")
    quota = response.context["quota"]
    html = response.content.decode()
    assert f'href="{quota["counted_url"]}"'.replace("&", "&amp;") in html
    assert f'href="{quota["assignments_url"]}"'.replace("&", "&amp;") in html
    inspector = Staff.objects.get(username=username)
    assert f"inspector={inspector.pk}" in quota["counted_url"]
    assert _rows(client, quota["counted_url"]) == quota["counted"]
    assert _rows(client, quota["assignments_url"]) == quota["assignments"]


def test_it_links_the_office_heads_home_quota_to_lists_of_that_many_rows(demo):
    client = demo_client("jb1.kepala")
    rows = client.get("/").context["office_quota"]["rows"]
    assert len(rows) == 6
    pairs = [(i["counted_url"], i["row"].counted) for i in rows] + [
        (i["assignments_url"], i["row"].assignments) for i in rows
    ]
    assert _mismatches(client, pairs) == []
