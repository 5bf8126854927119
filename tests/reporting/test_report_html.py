"""The reports list's rows and a report's status, written in Python (reporting/report_html.py), are the
markup the templates wrote: every status, every scope, names to escape, both languages."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from reporting import selectors
from reporting.choices import ReportKind, ReportStatus
from reporting.report_html import ROW_FIELDS, report_rows_html

from ..markup import get_in, same_markup, squeeze
from .factories import ReportFactory

pytestmark = pytest.mark.django_db

# The status fragment and the list's loop as the templates wrote them before they moved to Python.
TEMPLATE_STATUS = """{% load i18n %}<div class="report-status" id="report-status-{{ report.pk }}" data-testid="report-status" data-status="{{ report.status }}"{% if report.in_progress %} hx-get="{% url 'reporting:report_status' report.pk %}" hx-trigger="every 3s" hx-swap="outerHTML" aria-live="polite"{% endif %}>
  {% if report.status == "done" %}
    <span class="badge text-bg-success">{{ report.get_status_display }}</span>
    <a class="btn btn-sm btn-outline-primary ms-1" href="{% url 'reporting:report_download' report.pk %}" data-testid="report-download">{% translate "Download PDF" %}</a>
    {% if report.spreadsheet %}<a class="btn btn-sm btn-outline-primary ms-1" href="{% url 'reporting:report_download_xlsx' report.pk %}" data-testid="report-download-xlsx">{% translate "Tables (XLSX)" %}</a>{% endif %}
    {% if report.is_annual %}<a class="btn btn-sm btn-link" href="{% url 'reporting:report_history' report.pk %}">{% translate "Builds" %}</a>{% endif %}
  {% elif report.status == "failed" %}
    <span class="badge text-bg-danger">{{ report.get_status_display }}</span>
    <div class="small text-danger report-error">{{ report.error|default:_("Unknown error") }}</div>
  {% else %}
    <span class="badge text-bg-warning">{{ report.get_status_display }}</span>
    <span class="spinner-border spinner-border-sm ms-1" role="status"><span class="visually-hidden">{% translate "Working…" %}</span></span>
    {% if report.status == "running" %}<div class="small text-muted">{% blocktranslate with n=report.attempts %}attempt {{ n }}{% endblocktranslate %}</div>{% endif %}
  {% endif %}
</div>
"""  # noqa: E501
TEMPLATE_ROWS = """{% load i18n %}
  {% for report in page.object_list %}
  <tr data-testid="report-row">
    <td>{{ report.get_kind_display }} <span class="text-muted small text-uppercase">{{ report.language }}</span></td>
    <td>{{ report.scope_name }}</td>
    <td class="text-nowrap">{% if report.is_annual %}{{ report.month|date:"Y" }}{% else %}{{ report.month|date:"F Y" }}{% endif %}</td>
    <td class="d-none d-md-table-cell small">{{ report.requested_at|local_short:report.display_zone }}{% if report.requested_by %}<br><span class="text-muted">{{ report.requested_by }}</span>{% else %}<br><span class="text-muted">{% translate "schedule" %}</span>{% endif %}</td>
    <td>{% include "status.html" %}</td>
  </tr>
  {% endfor %}
"""  # noqa: E501


def _old_rows(page) -> str:
    from django.template import Engine

    engine = Engine.get_default()
    status = Template(TEMPLATE_STATUS, engine=engine)
    rows = Template(TEMPLATE_ROWS.replace('{% include "status.html" %}', "{{ report.status_html }}"), engine=engine)
    for report in page.object_list:
        report.status_html = status.render(Context({"report": report}))
    return rows.render(Context({"page": page}))


@pytest.fixture
def reports(office_a, office_b, region_a, bob, grace):
    """One report of each status, the annual one with its spreadsheet, a region's and the country's,
    one requested by a person whose name needs escaping and one by the schedule."""
    office_a.name = 'UPTD "Barat" <b>&</b>'
    office_a.save()
    bob.first_name, bob.last_name = "Bob <i>", "& Co"
    bob.save()
    # (the names of the files only: the list links to them and does not read them)
    done = ReportFactory(
        office=office_a, status=ReportStatus.DONE, file="reports/q.pdf", requested_by=bob, month=dt.date(2026, 10, 1)
    )
    annual = ReportFactory(
        office=office_a,
        kind=ReportKind.ANNUAL,
        status=ReportStatus.DONE,
        file="reports/a.pdf",
        spreadsheet="reports/a.xlsx",
        month=dt.date(2026, 1, 1),
    )
    return [
        done,
        annual,
        ReportFactory(
            office=office_a, kind=ReportKind.RESOLUTION, status=ReportStatus.FAILED, error="Disk <full> & more"
        ),
        ReportFactory(office=office_a, kind=ReportKind.ACCIDENTS, status=ReportStatus.FAILED, error=""),
        ReportFactory(office=office_b, status=ReportStatus.RUNNING, attempts=2, requested_by=grace),
        ReportFactory(office=None, region=region_a, status=ReportStatus.QUEUED, language="id"),
        ReportFactory(office=None, region=None, kind=ReportKind.RESOLUTION, status=ReportStatus.QUEUED),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("who", ["grace", "bob", "erin"])
def test_the_rows_are_the_templates(request, client_for, reports, language, who, django_assert_num_queries):
    user = request.getfixturevalue(who)
    response = get_in(client_for(user), reverse("reporting:report_list"), language)
    page = response.context["page"]
    assert len(page.object_list) == {"grace": 7, "bob": 4, "erin": 5}[who]
    with translation.override(language):
        expected = _old_rows(page)
    same_markup(response.context["rows_html"], expected)
    # The columns the list reads (ROW_FIELDS) are all the rows read, and all the old templates read.
    fresh = selectors.display_zones(selectors.report_list(user=user).only(*ROW_FIELDS), user=user)
    with translation.override(language), django_assert_num_queries(0):
        assert report_rows_html(fresh) == response.context["rows_html"]
        same_markup(_old_rows(SimpleNamespace(object_list=fresh)), expected)
    html = response.content.decode()
    assert squeeze(expected) in squeeze(html)
    assert "<b>&</b>" not in html and "Disk <full>" not in html and "Bob <i>" not in html
    if who != "erin":
        assert "&lt;b&gt;&amp;&lt;/b&gt;" in html and "Disk &lt;full&gt; &amp; more" in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_polled_status_is_the_template_s(client_for, reports, grace, language):
    client = client_for(grace)
    for report in reports:
        html = get_in(client, reverse("reporting:report_status", args=[report.pk]), language).content.decode()
        with translation.override(language):
            same_markup(html, Template(TEMPLATE_STATUS).render(Context({"report": report})))
    running = reports[4]
    html = client.get(reverse("reporting:report_status", args=[running.pk])).content.decode()
    assert f'hx-get="/reports/{running.pk}/status/" hx-trigger="every 3s"' in html
    assert 'data-status="done"' in client.get(reverse("reporting:report_status", args=[reports[0].pk])).content.decode()


def test_every_status_is_covered(reports):
    assert {report.status for report in reports} == set(ReportStatus.values)


def test_a_kept_row_follows_its_report(client_for, reports, grace, bob, office_a):
    """The rows are kept per everything they show: a report built, failing or retried, a renamed
    requester or office, an office moved to another zone and the other language each give the
    template's row again, never the one kept before."""
    client = client_for(grace)

    def check(language="id"):
        response = get_in(client, reverse("reporting:report_list"), language)
        with translation.override(language):
            same_markup(response.context["rows_html"], _old_rows(response.context["page"]))
        return response.content.decode()

    first = check()
    queued = reports[5]
    queued.status, queued.file = ReportStatus.DONE, "reports/r.pdf"
    queued.save()
    running = reports[4]
    running.attempts = 3
    running.save()
    bob.first_name = "Roberto"
    bob.save()
    second = check()
    assert second != first and "Roberto" in second and "percobaan ke-3" in second
    office_a.name = "UPTD Wilayah Timur"  # each change alone
    office_a.save()
    assert "UPTD Wilayah Timur" in check()
    office_a.time_zone = "Asia/Jayapura"
    office_a.save()
    assert " WIT<" in check()
    check("en")
    check("id")
