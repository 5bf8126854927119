"""The company list searched by name or NIB and nothing else is counted and paged by prepared
queries (selectors.CompanySearch): each person is shown, page after page and past the count's cap,
the companies, order, count and "more than" that the filter set's own query shows, each request's
search taken afresh; "%" and "_" are letters, not wildcards; another office's company is never found."""

import pytest
from django.urls import reverse

from inspectorate import views
from inspectorate.filters import CompanyFilter
from inspectorate.selectors import CompanySearch

from ..factories import CompanyFactory, DistrictFactory

pytestmark = pytest.mark.django_db

LIST = reverse("inspectorate:company_list")
API = reverse("api:company-list")
ROLES = ["alice", "bob", "charlie", "erin", "frank", "grace", "root"]


@pytest.fixture
def searches(monkeypatch):
    """The searches read by prepared queries during the requests."""
    seen = []
    original = CompanySearch.__init__

    def init(self, **kwargs):
        seen.append(kwargs["query"])
        original(self, **kwargs)

    monkeypatch.setattr(CompanySearch, "__init__", init)
    return seen


@pytest.fixture
def companies(district_a, district_b):
    other = DistrictFactory(office=district_a.office, region=district_a.region, code="3205", name="Garut")
    made = [
        CompanyFactory(name="PT Sinar Jaya", nib="1200000000001", district=district_a),
        CompanyFactory(name="CV Jaya Abadi", nib="1200000000002", district=other),
        CompanyFactory(name="PT Bumi Jaya", nib="3400000000001", district=district_a),
        CompanyFactory(name="CV Jaya Abadi", nib="", district=district_a),
        CompanyFactory(name="PT 100% Jaya", nib="1200000000003", district=district_a),
        CompanyFactory(name="PT A_B Niaga", nib="5600000000001", district=district_a),
        CompanyFactory(name="PT AXB Niaga", nib="5600000000002", district=district_a),
        CompanyFactory(name="PT 1200 Sentosa", nib="7800000000001", district=district_a),
        CompanyFactory(name="PT Kanari Jaya", nib="1200000000099", district=district_b),  # another office's
    ]
    made += [CompanyFactory(name=f"PT Jaya Makmur {n:02d}", district=district_a) for n in range(30)]
    return made


def _page(client, q: str) -> list[tuple]:
    """The company list's pages 1 and 2 for ``q``: count, "more than", rows and the count's text."""
    shown = []
    for number in (1, 2):
        response = client.get(LIST, {"q": q, "page": number})
        page = response.context["page"]
        rows = [(c.pk, c.name, c.nib, str(c.district)) for c in page.object_list]
        count = response.content.decode().split('data-testid="result-count">')[1].split("</p>")[0]
        shown.append((page.paginator.count, page.paginator.capped, page.number, rows, count))
    return shown


def _api(client, q: str) -> list[tuple]:
    """The API's pages 1 and 2 for ``q`` (it counts every match: no cap)."""
    answers = [client.get(API, {"q": q, "page": n}) for n in (1, 2)]
    return [(a.status_code, a.json()) for a in answers]


QUERIES = ["jaya", "JAYA", "1200", "120000000000", "3400000000001", "100%", "%", "A_B", "_", "Niaga", "tidak ada"]


@pytest.mark.parametrize("cap", [1000, 3])
@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("read", [_page, _api])
def test_each_search_shows_what_the_filter_sets_own_query_shows(
    request, client_for, read, who, cap, companies, searches, monkeypatch
):
    """Few matches sorted from the matches, many by name (past the cap): the same order."""
    from inspectorate.pagination import FewMatchesSortedPaginator

    monkeypatch.setattr(views, "COUNT_CAP", cap)
    monkeypatch.setattr(FewMatchesSortedPaginator, "cap", cap)
    client = client_for(request.getfixturevalue(who))
    found = 0
    for q in QUERIES:
        shown = read(client, q)
        with monkeypatch.context() as patch:
            patch.setattr(CompanyFilter, "only_value", lambda self, name: None)  # as if another filter were given
            assert shown == read(client, q), (who, q)
        found += "PT " in str(shown[0])
    assert searches == [q for q in QUERIES for _ in (1, 2)]  # every search the prepared way
    assert found >= (7 if who not in ("charlie", "frank") else 0)


def test_percent_and_underscore_are_letters(client_for, grace, companies):
    client = client_for(grace)
    names = lambda q: sorted(c.name for c in client.get(LIST, {"q": q}).context["page"].object_list)  # noqa: E731
    assert names("100%") == ["PT 100% Jaya"]
    assert names("A_B") == ["PT A_B Niaga"]
    assert names("_") == ["PT A_B Niaga"]
    assert names("1200000000001") == ["PT Sinar Jaya"]  # the NIB's start
    assert names("1200") == sorted(
        ["PT Sinar Jaya", "CV Jaya Abadi", "PT 100% Jaya", "PT 1200 Sentosa", "PT Kanari Jaya"]
    )


def test_each_request_takes_its_own_search_and_never_another_offices(client_for, bob, companies, searches):
    client = client_for(bob)
    for q, expected in (
        ("1200000000001", ["PT Sinar Jaya"]),
        ("1200000000002", ["CV Jaya Abadi"]),
        ("1200000000099", []),  # office B's
        ("Kanari", []),
        ("Bumi", ["PT Bumi Jaya"]),
    ):
        response = client.get(LIST, {"q": q})
        assert [c.name for c in response.context["page"].object_list] == expected, q
        assert "PT Kanari Jaya" not in response.content.decode() and "1200000000099<" not in response.content.decode()
    assert len(searches) == 5


def test_another_filter_or_a_refused_one_takes_the_usual_way(client_for, bob, companies, district_a, searches):
    client = client_for(bob)
    for query in (
        {"q": "jaya", "district": district_a.pk},
        {"q": "jaya", "bpjs_registered": "true"},
        {"q": "jaya", "district": "999999"},
        {"q": "   "},
        {"kbli": "10"},
    ):
        assert client.get(LIST, query).status_code == 200, query
    assert searches == []
    page = client.get(LIST, {"q": "  jaya  "}).context["page"]
    assert searches == ["jaya"] and page.paginator.count == 35


def test_the_api_refuses_another_offices_district_and_never_finds_its_companies(
    client_for, bob, companies, district_b, searches
):
    client = client_for(bob)
    assert client.get(API, {"q": "jaya", "district": district_b.pk}).status_code == 400
    body = client.get(API, {"q": "1200"}).json()
    assert sorted(row["name"] for row in body["results"]) == [
        "CV Jaya Abadi",
        "PT 100% Jaya",
        "PT 1200 Sentosa",
        "PT Sinar Jaya",
    ]
    assert "Kanari" not in str(body) and searches == ["1200"]


@pytest.mark.parametrize("read", ["page", "api"])
def test_few_matches_are_sorted_from_the_matches_and_many_read_in_name_order(
    client_for, grace, companies, read, monkeypatch
):
    """The order is the same either way (above); what differs is how PostgreSQL reads a page: few
    matches (at most the cap) are found through the trigram index and sorted (ordered by an
    expression no index serves), many are read along the name index (docs/performance.md §8)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspectorate.pagination import FewMatchesSortedPaginator

    client = client_for(grace)

    def page_sql(cap: int) -> str:
        monkeypatch.setattr(views, "COUNT_CAP", cap)
        monkeypatch.setattr(FewMatchesSortedPaginator, "cap", cap)
        with CaptureQueriesContext(connection) as run:
            assert client.get(LIST if read == "page" else API, {"q": "jaya"}).status_code == 200
        (rows,) = [
            q["sql"] for q in run.captured_queries if "ORDER BY" in q["sql"] and "inspectorate_company" in q["sql"]
        ]
        return rows.split("ORDER BY")[-1]

    assert "CONCAT" in page_sql(1000) or "||" in page_sql(1000)  # 35 matches, cap 1,000: sorted
    assert "CONCAT" not in page_sql(3) and "||" not in page_sql(3)  # past the cap: the name index
