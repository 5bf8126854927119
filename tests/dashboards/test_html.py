"""The official's dashboard's offices table and ranking, written in Python (reporting/dashboard_html.py)."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from complaints.choices import Status
from inspectorate.choices import Role
from reporting.dashboard_html import inspector_rows_html, office_rows_html, ranked_html

from ..factories import OfficeFactory, StaffFactory
from ..reporting.factories import ComplaintFactory, InspectionFactory

pytestmark = pytest.mark.django_db

URL = "/reports/dashboard/"

# The loops as the template wrote them before they moved to Python: the markup must not change.
TEMPLATE_ROWS = """{% load reporting %}  {% for item in office_rows %}{% with r=item.row l=item.links ql=item.quota_links %}
  <tr data-testid="office-row" data-office="{{ r.office.code }}">
    <th scope="row">{{ r.office.name }}</th>
    <td class="text-end"><a href="{{ l.received_month }}">{{ r.month.received }}</a></td>
    <td class="text-end"><a href="{{ l.resolved_month }}">{{ r.month.rate|percent }}</a></td>
    <td class="text-end"><a href="{{ l.received_year }}">{{ r.year.received }}</a></td>
    <td class="text-end"><a href="{{ l.resolved_year }}">{{ r.year.rate|percent }}</a></td>
    <td class="text-end"><a href="{{ l.open }}">{{ r.open }}</a></td>
    <td class="text-end"><a href="{{ l.overdue }}" data-testid="office-overdue">{{ r.overdue }}</a></td>
    <td class="text-end text-nowrap"><a href="{{ ql.attainment }}" data-testid="office-attainment-link">{{ r.quota.meeting }}/{{ r.quota.active }} ({{ r.quota.attainment|percent }})</a></td>
    <td class="text-end"><a href="{{ ql.visits }}" data-testid="office-visits">{{ r.quota.visits }}</a></td>
    <td class="text-end"><a href="{{ ql.assignments }}" data-testid="office-assignment-visits">{{ r.quota.assignment_visits }}</a></td>
  </tr>
  {% endwith %}{% endfor %}
"""  # noqa: E501
TEMPLATE_RANKED = """{% load i18n reporting %}  {% for item in ranked %}{% with r=item.row %}
  <li class="list-group-item d-flex justify-content-between align-items-start">
    <span class="ms-2 me-auto">{{ r.office.name }}</span>
    <a href="{{ item.links.resolved_month }}">{{ r.month.rate|percent }}</a>
    {% with change=r.trend|percent %}<span class="ms-2 small {% if r.trend is None or change == "0%" or change == "-0%" %}text-muted{% elif r.trend > 0 %}text-success{% else %}text-danger{% endif %}" data-testid="rate-change">{% if r.trend is None %}—{% elif change == "0%" or change == "-0%" %}<span aria-hidden="true">=</span><span class="visually-hidden">{% translate "no change" %}</span>{% elif r.trend > 0 %}▲ {{ change }}{% else %}▼ {{ change|cut:"-" }}{% endif %}<span class="visually-hidden"> {% translate "against the previous month" %}</span></span>{% endwith %}
  </li>
  {% endwith %}{% endfor %}
"""  # noqa: E501

TEMPLATE_INSPECTORS = """{% load i18n %}{% for item in inspector_rows %}{% with q=item.q %}<tr data-testid="inspector-quota-row"><td>{{ q.inspector }}</td><td class="text-end"><a href="{{ item.counted_url }}" data-testid="inspector-counted">{{ q.counted }}</a> / {{ q.quota }}{% if q.met %} <span class="badge text-bg-success">{% translate "met" %}</span>{% endif %}</td><td class="text-end"><a href="{{ item.assignments_url }}" data-testid="inspector-assignments">{{ q.assignments }}</a></td><td><meter class="dash-meter" min="0" max="{{ q.quota }}" value="{{ q.counted }}">{{ q.counted }}/{{ q.quota }}</meter></td></tr>{% endwith %}
  {% endfor %}"""  # noqa: E501


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def test_it_writes_the_offices_and_ranking_as_the_template_did(client_for, grace, office_a, office_b):
    office_b.name = 'Kantor <b>"B"</b> & Co'
    office_b.save()
    for office, month, resolved in (
        (office_a, 4, True),
        (office_a, 5, False),
        (office_b, 4, False),
        (office_b, 5, True),
    ):
        ComplaintFactory(
            office=office,
            received_at=dt.datetime(2024, month, 10, 9, tzinfo=dt.UTC),
            status=Status.RESOLVED if resolved else Status.ASSIGNED,
            resolved_at=dt.datetime(2024, month, 20, 9, tzinfo=dt.UTC) if resolved else None,
        )
    OfficeFactory()  # an office without complaints: no rate, no trend
    context = client_for(grace).get(URL, {"month": "2024-05"}).context
    rows, ranked = context["office_rows"], context["ranked"]
    assert len(rows) >= 3
    assert squeeze(office_rows_html(rows)) == squeeze(Template(TEMPLATE_ROWS).render(Context({"office_rows": rows})))
    assert squeeze(ranked_html(ranked)) == squeeze(Template(TEMPLATE_RANKED).render(Context({"ranked": ranked})))
    changes = squeeze(ranked_html(ranked))
    assert "▲" in changes and "▼" in changes and ">—<" in changes  # up, down and no rate all written
    assert "▼ -" not in ranked_html(ranked)  # the arrow says down; no minus sign after it


def test_it_escapes_office_names(client_for, grace, office_a):
    office_a.name = 'Kantor <script>alert("x")</script> & Co'
    office_a.save()
    html = client_for(grace).get(URL).content.decode()
    assert "<script>alert" not in html
    assert html.count("Kantor &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co") >= 2  # table and ranking


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_writes_the_inspectors_quota_rows_as_the_template_did(client_for, bob, office_a, language):
    busy = StaffFactory(username="busy", first_name="Budi", role=Role.INSPECTOR, office=office_a)
    StaffFactory(username="odd", first_name='Dewi <b>"D"</b>', last_name="& Co", role=Role.INSPECTOR, office=office_a)
    for _ in range(office_a.monthly_quota):
        InspectionFactory(office=office_a, lead_inspector=busy)
    response = client_for(bob).get(URL)
    context = response.context
    rows = context["inspector_rows"]
    assert len(rows) >= 2 and any(item["q"].met for item in rows) and not all(item["q"].met for item in rows)
    with translation.override(language):
        expected = Template(TEMPLATE_INSPECTORS).render(Context({"inspector_rows": rows}))
        written = inspector_rows_html(rows)
    assert squeeze(written) == squeeze(expected)
    html = response.content.decode()
    assert "Dewi &lt;b&gt;&quot;D&quot;&lt;/b&gt; &amp; Co" in html and '<b>"D"</b>' not in html
    assert squeeze(context["inspector_rows_html"]) in squeeze(html)
    badge = "terpenuhi" if response["Content-Language"] == "id" else "met"
    assert f'<span class="badge text-bg-success">{badge}</span>' in html
