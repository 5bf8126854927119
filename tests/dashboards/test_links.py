"""Every figure on the dashboards links to the complaint list behind it, showing that many rows."""

import pytest
from django.utils import timezone

from reporting import figures

from .conftest import demo_client


def _count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def _expected_links(context) -> list[tuple[str, int]]:
    f = context["f"]
    pairs = []

    def add(links, month, year, backlog_open, overdue):
        pairs.extend(
            [
                (links["received_month"], month.received),
                (links["resolved_month"], month.resolved),
                (links["rejected_month"], month.rejected),
                (links["referred_month"], month.referred),
                (links["received_year"], year.received),
                (links["resolved_year"], year.resolved),
                (links["open"], backlog_open),
                (links["overdue"], overdue),
            ]
        )

    add(
        context["links"],
        f.summary.month_figures.total,
        f.summary.year_figures.total,
        f.summary.backlog.open,
        f.summary.backlog.overdue,
    )
    for item in context["office_rows"]:
        r = item["row"]
        add(item["links"], r.month, r.year, r.open, r.overdue)
    pairs += [(url, n) for _label, n, url in context["ageing"]]
    pairs += [(url, b.counts.received) for b, url in context["categories"]]
    pairs += [(url, b.counts.received) for b, url in context["channels"]]
    pairs += [(url, p.counts.received) for p, url in context["trend"]]
    return pairs


@pytest.mark.parametrize("months_back", [0, 1])
def test_it_links_every_figure_to_a_list_of_that_many_complaints(demo, months_back):
    client = demo_client("pejabat.jabar")
    month = figures.add_months(timezone.localdate().replace(day=1), -months_back)
    response = client.get("/reports/dashboard/", {"month": f"{month:%Y-%m}"})
    pairs = _expected_links(response.context)
    assert sum(n for _url, n in pairs) > 0, "the demo data gives non-zero figures"
    mismatches = [(url, n, _count(client, url)) for url, n in pairs if _count(client, url) != n]
    assert mismatches == []


def test_it_links_the_figures_of_one_office_and_category(demo):
    client = demo_client("pejabat.nasional")
    office = demo["KS-I"]
    month = figures.add_months(timezone.localdate().replace(day=1), -1)
    response = client.get("/reports/dashboard/", {"month": f"{month:%Y-%m}", "office": office.pk, "category": "wages"})
    assert [o.code for o in response.context["dash"].offices] == ["KS-I"]
    pairs = _expected_links(response.context)
    assert all("category=" in url and f"office={office.pk}" in url for url, _n in pairs)
    mismatches = [(url, n, _count(client, url)) for url, n in pairs if _count(client, url) != n]
    assert mismatches == []
