"""The work queue's rows, written in Python (complaints/queue_html.py), are the markup the template wrote."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from complaints import selectors
from complaints.choices import Status

from ..factories import CompanyFactory
from ..markup import get_in, same_markup, squeeze
from ..reporting.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

# The loop as the template wrote it before it moved to Python: the markup must not change.
TEMPLATE_ROWS = """{% load i18n localtime %}
  {% for complaint in page.object_list %}
    <tr data-testid="complaint-row"{% if complaint.overdue %} class="table-danger"{% endif %}>
      {% if triage_form %}<td>{% if complaint.status in triage_statuses and complaint.office_id == user.office_id %}<input class="form-check-input" type="checkbox" name="complaints" value="{{ complaint.pk }}" id="triage-{{ complaint.pk }}" aria-label="{% blocktranslate with reference=complaint.reference %}Select {{ reference }}{% endblocktranslate %}">{% endif %}</td>{% endif %}
      <td><a href="{% url 'complaints:complaint_detail' complaint.pk %}" class="font-monospace small complaint-ref">{{ complaint.reference }}</a>{% if complaint.overdue %}<div class="d-sm-none"><span class="badge text-bg-danger">{% translate "overdue" %}</span></div>{% endif %}</td>
      <td class="complaint-company">{{ complaint.company_name }}</td>
      <td>{% include "complaints/partials/_status_badge.html" with c=complaint %}</td>
      <td class="d-none d-md-table-cell small">{% for c in complaint.categories.all %}{{ c }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
      <td class="d-none d-md-table-cell">{{ complaint.assigned_to|default:"—" }}</td>
      <td class="d-none d-lg-table-cell">{{ complaint.received_at|local_short_date:complaint.office }}</td>
      <td class="d-none d-sm-table-cell">{{ complaint.due_date|date:"SHORT_DATE_FORMAT" }}{% if complaint.overdue %} <span class="badge text-bg-danger">{% translate "overdue" %}</span>{% endif %}</td>
    </tr>
  {% endfor %}
"""  # noqa: E501


@pytest.fixture
def queue(office_a, office_b, district_a, alice, categories):
    """Complaints of every kind the rows show: overdue, assigned, anonymous company, two categories,
    a name to escape, another office's complaint (no tick box), one of a Makassar office just after midnight."""
    odd = CompanyFactory(name='PT "Maju" <b>&</b> Co', district=district_a)
    now = timezone.now()
    made = [
        ComplaintFactory(office=office_a, company=odd, categories=["wages", "leave"]),
        ComplaintFactory(
            office=office_a, status=Status.IN_PROGRESS, assigned_to=alice, due_date=(now - dt.timedelta(days=3)).date()
        ),
        ComplaintFactory(office=office_a, status=Status.SCREENED, company=None, reported_company_name="CV <Tanpa>"),
        ComplaintFactory(office=office_a, status=Status.RESOLVED, due_date=(now + dt.timedelta(days=9)).date()),
        # 00:30 on 1 December in Makassar, still 30 November in Jakarta and in UTC: the office's own day.
        ComplaintFactory(office=office_b, received_at=dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC)),
    ]
    return made


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("who", ["head", "inspector", "official"])
def test_the_rows_are_the_templates(client_for, queue, bob, alice, grace, office_a, language, who):
    user = {"head": bob, "inspector": alice, "official": grace}[who]
    response = get_in(client_for(user), "/complaints/", language)
    context = response.context
    rows = context["page"].object_list
    assert len(rows) == (5 if who == "official" else 4)
    assert ("triage_form" in context) == (who == "head")
    with translation.override(language):
        expected = Template(TEMPLATE_ROWS).render(
            Context(
                {
                    "page": context["page"],
                    "triage_form": context.get("triage_form"),
                    "triage_statuses": selectors.TRIAGE_STATUSES,
                    "user": user,
                }
            )
        )
    same_markup(context["rows_html"], expected)
    html = response.content.decode()
    assert squeeze(expected) in squeeze(html)
    assert "&quot;Maju&quot; &lt;b&gt;&amp;&lt;/b&gt; Co" in html and "<b>&</b>" not in html
    if who == "official" and language == "id":
        assert "01/12/2026" in squeeze(context["rows_html"])  # the Makassar office's day, not Jakarta's
