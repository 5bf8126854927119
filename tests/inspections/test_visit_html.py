"""The visit list's rows, written in Python (inspections/visit_html.py), are the markup the template wrote."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from inspections.choices import InspectionStatus, Kind

from ..factories import CompanyFactory
from ..markup import get_in, same_markup, squeeze
from .factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

# The loop as the template wrote it before it moved to Python: the markup must not change.
TEMPLATE_ROWS = """{% load i18n %}
  {% for inspection in page.object_list %}
    <tr data-testid="inspection-row">
      <td><a href="{% url 'inspections:inspection_detail' inspection.pk %}" class="insp-ref">{{ inspection.reference }}</a><div class="small text-muted d-sm-none">{{ inspection.planned_date|date:"SHORT_DATE_FORMAT" }}</div></td>
      <td>{% include "inspections/partials/_status_badge.html" with obj=inspection %}</td>
      <td class="insp-wrap">{{ inspection.company.name }}</td>
      <td class="d-none d-md-table-cell">{{ inspection.get_kind_display }}</td>
      <td class="d-none d-md-table-cell">{{ inspection.lead_inspector }}</td>
      <td class="d-none d-sm-table-cell">{{ inspection.planned_date|date:"SHORT_DATE_FORMAT" }}</td>
      <td class="text-end d-none d-sm-table-cell">{{ inspection.open_findings }}</td>
    </tr>
  {% endfor %}
"""  # noqa: E501


@pytest.fixture
def visits(district_a, company_a, company_b, alice, charlie):
    """Visits of what the rows show: open findings, a name to escape, three kinds, another office's."""
    odd = CompanyFactory(name='PT "Baja" <i>&</i> Co', district=district_a)
    with_findings = InspectionFactory(
        company=company_a, lead_inspector=alice, status=InspectionStatus.REPORTED, visited_at=timezone.now()
    )
    for _ in range(3):
        FindingFactory(inspection=with_findings)
    return [
        with_findings,
        InspectionFactory(company=odd, lead_inspector=alice, kind=Kind.COMPLAINT, planned_date=dt.date(2026, 11, 30)),
        InspectionFactory(company=company_a, lead_inspector=alice, kind=Kind.ASSIGNMENT),
        InspectionFactory(company=company_b, lead_inspector=charlie, status=InspectionStatus.IN_PROGRESS),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("who", ["head", "inspector", "official"])
def test_the_rows_are_the_templates(client_for, visits, bob, alice, grace, language, who):
    user = {"head": bob, "inspector": alice, "official": grace}[who]
    response = get_in(client_for(user), "/inspections/", language)
    context = response.context
    assert len(context["page"].object_list) == (4 if who == "official" else 3)
    with translation.override(language):
        expected = Template(TEMPLATE_ROWS).render(Context({"page": context["page"]}))
    same_markup(context["rows_html"], expected)
    html = response.content.decode()
    assert squeeze(expected) in squeeze(html)
    assert "&quot;Baja&quot; &lt;i&gt;&amp;&lt;/i&gt; Co" in html and "<i>&</i>" not in html
    assert ">3</td>" in squeeze(context["rows_html"])  # the open findings of the first visit


# The overdue findings list's loop as its template wrote it.
TEMPLATE_OVERDUE = """{% for finding in page.object_list %}<tr data-testid="overdue-finding"><td>{{ finding.deadline|date:"SHORT_DATE_FORMAT" }}</td><td>{{ finding.inspection.company.name }}</td><td>{{ finding.provision }}</td><td class="d-none d-md-table-cell">{{ finding.description|truncatechars:100 }}</td><td><a href="{% url 'inspections:inspection_detail' finding.inspection_id %}">{{ finding.inspection.reference }}</a></td></tr>{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("who", ["head", "official"])
def test_the_overdue_rows_are_the_templates(client_for, visits, bob, grace, district_a, alice, language, who):
    odd = InspectionFactory(
        company=CompanyFactory(name='PT "Baja" <i>&</i> Co', district=district_a), lead_inspector=alice,
        status=InspectionStatus.REPORTED, visited_at=timezone.now(),
    )  # fmt: skip
    long = "Upah <b>lembur</b> & tunjangan " * 6  # past 100 characters: truncated, then escaped
    for n, finding in enumerate([FindingFactory(inspection=odd, description=long), FindingFactory(inspection=odd)]):
        finding.deadline = timezone.localdate() - dt.timedelta(days=3 + n)
        finding.save()
    user = {"head": bob, "official": grace}[who]
    response = get_in(client_for(user), "/inspections/findings/overdue/", language)
    page = response.context["page"]
    assert len(page.object_list) >= 2
    with translation.override(language):
        expected = Template(TEMPLATE_OVERDUE).render(Context({"page": page}))
    same_markup(response.context["rows_html"], expected)
    html = response.content.decode()
    assert squeeze(expected) in squeeze(html)
    assert "&quot;Baja&quot; &lt;i&gt;&amp;&lt;/i&gt; Co" in html and "<i>&</i>" not in html
    assert "&lt;b&gt;lembur&lt;/b&gt;" in html and "…" in html
