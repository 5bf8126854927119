"""The dashboards show exactly the figures of the monthly PDFs for the same month and scope (demo data)."""

import re

from django.utils import timezone, translation

from reporting import figures, services
from reporting.choices import ReportKind
from reporting.templatetags.reporting import percent

from ..reporting.pdfutil import pdf_text, squeeze
from .conftest import by_testid, demo_client


def _pdf(kind, month, user, **scope) -> str:
    # rebuild: the demo already made last month's reports (in Indonesian, some time ago).
    report = services.report_request(
        kind=kind, month=month, user=user, language="en", rebuild=True, enqueue=False, **scope
    )
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.is_done, report.error
    return squeeze(pdf_text(report.file.read()))


def _keys(text: str, labels: list[str]) -> list[str]:
    """The key figures at the top of the PDF: each value is followed by its label."""
    values = []
    for label in labels:
        match = re.search(r"([\d—%/]+)" + re.escape(squeeze(label)), text)
        assert match, (label, text[:600])
        values.append(match.group(1))
    return values


def test_it_shows_the_region_pdf_figures_on_the_officials_dashboard(demo):
    from inspectorate.models import Staff

    official = Staff.objects.get(username="pejabat.jabar")
    month = figures.add_months(timezone.localdate().replace(day=1), -1)
    region = demo["JB-II"].region
    resolution = _pdf(ReportKind.RESOLUTION, month, official, region=region)
    quota = _pdf(ReportKind.QUOTA, month, official, region=region)

    response = demo_client("pejabat.jabar").get("/reports/dashboard/", {"month": f"{month:%Y-%m}"})
    assert response.status_code == 200
    html = response.content.decode()
    f = response.context["f"]
    assert [o.code for o in response.context["dash"].offices] == ["JB-I", "JB-II"]

    # The key figures, read from the PDF text and from the dashboard's page.
    pdf_keys = _keys(
        resolution, ["resolution rate, month", "resolution rate, year to date", "open at period end", "overdue"]
    )
    page_keys = [
        by_testid(html, "month-rate"),
        by_testid(html, "year-rate"),
        by_testid(html, "open"),
        by_testid(html, "overdue"),
    ]
    assert page_keys == pdf_keys
    assert f.summary.year_figures.total.received > 0, "the demo data has complaints this year"

    # Every office's line of the PDF, with the dashboard's numbers.
    for row in f.rows:
        line = f"{row.office.name}{row.month.received}{percent(row.month.rate)}"
        line += f"{row.year.received}{row.year.resolved}{percent(row.year.rate)}"
        assert squeeze(line) in resolution
        assert f'data-office="{row.office.code}"' in html
    # Ageing, categories, channels and the 12-month trend.
    for label, n, _url in response.context["ageing"]:
        assert f"{label}{n}" in resolution
    with translation.override("en"):
        for b, _url in response.context["categories"]:
            assert squeeze(f"{figures.NormCategory(b.key).label}{b.counts.received}{b.counts.resolved}") in resolution
    assert squeeze("Counted" + "".join(str(p.counts.considered) for p in f.summary.trend)) in resolution
    assert squeeze("Of those, resolved so far" + "".join(str(p.counts.resolved) for p in f.summary.trend)) in resolution

    # Quota: attainment and each office's active and meeting inspectors.
    q = f.quota
    assert _keys(quota, ["inspectors meeting quota", "meeting quota / active inspectors"]) == [
        percent(q.attainment),
        f"{q.meeting}/{q.active}",
    ]
    for row in f.rows:
        assert f"{row.quota.meeting}/{row.quota.active}({percent(row.quota.attainment)})" in squeeze(html)
        assert squeeze(f"{row.office.name}{row.office.time_zone}{row.office.monthly_quota}") in quota


def test_it_shows_the_office_pdf_figures_on_the_office_heads_dashboard(demo):
    from inspectorate.models import Staff

    head = Staff.objects.get(username="ks1.kepala")
    month = figures.add_months(timezone.localdate().replace(day=1), -1)
    resolution = _pdf(ReportKind.RESOLUTION, month, head, office=demo["KS-I"])
    quota = _pdf(ReportKind.QUOTA, month, head, office=demo["KS-I"])

    response = demo_client("ks1.kepala").get("/reports/dashboard/", {"month": f"{month:%Y-%m}"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["office_mode"]
    pdf_keys = _keys(
        resolution, ["resolution rate, month", "resolution rate, year to date", "open at period end", "overdue"]
    )
    assert [by_testid(html, n) for n in ("month-rate", "year-rate", "open", "overdue")] == pdf_keys
    oq = response.context["f"].quota.offices[0]
    assert oq.active == 9
    assert _keys(quota, ["meeting quota / active inspectors"]) == [f"{oq.meeting}/{oq.active}"]
    for row in oq.inspectors:
        name = row.inspector.get_full_name() or row.inspector.username
        assert squeeze(f"{name}") in quota
        assert squeeze(f"{row.counted}{row.quota}{percent(row.attainment)}{row.assignments}") in quota
        assert squeeze(f'<td>{row.inspector}</td><tdclass="text-end"><a') in squeeze(html)
        assert squeeze(f'data-testid="inspector-counted">{row.counted}</a>/{row.quota}') in squeeze(html)
