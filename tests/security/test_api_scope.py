"""The API shows nothing of another office, in JSON or in the browsable pages, and says nothing of it.

Office A holds canary records (tests/security/world.py: distinctive names and ids); office B
holds the same kind of records for its own people. Office B's inspector (charlie) and head
(dave) and region B's official (frank) request every endpoint under /api/v1/ (found by walking
the URL resolver) as JSON and as HTML; no answer may carry a canary string or id. An office A
id given as a related value or a filter value is refused exactly like an id that does not exist.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ACTORS = ("charlie", "dave", "frank")
MISSING = 4_999_999  # no row has this id
PK = "(?P<pk>[^/.]+)"


def api_routes() -> list[str]:
    """Every route of the API router as a URL template (``{pk}`` for the object), format twins left out."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    routes = []
    for route in walk(get_resolver().url_patterns, ""):
        if not route.startswith("api/v1/") or "format>" in route:
            continue
        url = "/" + route.replace(PK, "{pk}").replace("^", "").replace("$", "")
        assert "(" not in url, f"a route with a parameter this test cannot fill: {route}"
        routes.append(url)
    return routes


def _resource(url: str) -> str:
    return url.removeprefix("/api/v1/").split("/")[0]


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _get(client, url: str, html: bool):
    return client.get(url, HTTP_ACCEPT="text/html" if html else "application/json")


@pytest.fixture
def logged_in(charlie, dave, frank):
    made = {}
    for user in (charlie, dave, frank):
        made[user.username] = Client()
        made[user.username].force_login(user)
    return made


def canary_ids(canary) -> dict[str, int]:
    world = canary.world
    return {
        "regions": canary.office.region_id,
        "districts": canary.district.pk,
        "offices": canary.office.pk,
        "staff": canary.staff[0].pk,
        "companies": canary.company.pk,
        "inspections": world.visit.pk,
        "findings": world.finding.pk,
        "notices": world.notice.pk,
        "complaints": world.complaint.pk,
        "reports": world.report.pk,
        "risk-scores": world.risk_score.pk,
        "visit-plans": world.plan.pk,
        "visit-plan-entries": world.plan_entry.pk,
    }


def test_it_walks_every_api_route():
    routes = api_routes()
    lists = [r for r in routes if "{pk}" not in r]
    assert "/api/v1/complaints/" in lists and "/api/v1/inspections/" in lists and "/api/v1/reports/" in lists
    assert "/api/v1/complaints/{pk}/events/" in routes
    assert len(lists) >= 12


def test_no_answer_carries_another_offices_records(logged_in, canary):
    routes = api_routes()
    theirs = canary_ids(canary)
    problems, seen_forms = [], 0
    for actor, client in logged_in.items():
        own: dict[str, int] = {}
        for url in (r for r in routes if "{pk}" not in r):
            for html in (False, True):
                response = _get(client, url, html)
                body = _body(response)
                if leaks := canary.leaks(body):
                    problems.append(f"{actor} {'html' if html else 'json'} {url}: {leaks}")
                if html:
                    assert response["Content-Type"].startswith("text/html"), url
                    seen_forms += "<select" in body or "<form" in body and 'name="_content"' in body
                elif response.status_code == 200 and isinstance(results := response.json(), dict):
                    rows = results.get("results") or []
                    if rows and "id" in rows[0]:
                        own[_resource(url)] = rows[0]["id"]
        for url in (r for r in routes if "{pk}" in r):
            resource = _resource(url)
            for pk in filter(None, (own.get(resource), theirs.get(resource))):
                for html in (False, True):
                    response = _get(client, url.format(pk=pk), html)
                    # The id the client asked for comes back in the page's address; nothing else may.
                    body = _body(response).replace(str(pk), "<id>")
                    if leaks := canary.leaks(body):
                        problems.append(f"{actor} {'html' if html else 'json'} {url.format(pk=pk)}: {leaks}")
                    if pk == theirs.get(resource):
                        twin = _get(client, url.format(pk=MISSING), html)
                        if _normalised(response, pk) != _normalised(twin, MISSING):
                            problems.append(f"{actor} {url.format(pk=pk)}: answers unlike a missing object")
        # The sweep reached office B's own records, so their forms would have been rendered.
        assert {"complaints", "inspections", "companies"} <= set(own), (actor, own)
    assert problems == [], "\n".join(problems)
    assert seen_forms == 0, "the browsable API must render no form"


def test_the_browsable_api_renders_no_form(logged_in, world_b):
    client = logged_in["dave"]
    for url in ("/api/v1/inspections/", "/api/v1/complaints/", f"/api/v1/complaints/{world_b.complaint.pk}/"):
        response = _get(client, url, html=True)
        body = _body(response)
        assert response.status_code == 200 and "<html" in body
        assert world_b.complaint.reference in body or url == "/api/v1/inspections/"  # the JSON is shown
        assert "<select" not in body and 'name="_content"' not in body and "filtersModal" not in body


VOLATILE = r'(value|content|nonce)="[^"]*"|nonce-[A-Za-z0-9+/=]+|"csrfToken": "[^"]*"'


def _normalised(response, value) -> tuple[int, object]:
    text = re.sub(rf"(?<!\d){value}(?!\d)", "<id>", _body(response))
    try:
        return response.status_code, json.loads(text)
    except ValueError:
        return response.status_code, re.sub(VOLATILE, "", text)


# Each case: (actor, method, url, body or None, the office A object, given as what)
def _cases(canary, world_b, charlie):
    today = "2030-01-15"
    own_visit = {"lead_inspector": charlie.pk, "planned_date": today}
    return {
        "visit company": ("charlie", "post", "/api/v1/inspections/", {**own_visit, "kind": "routine"}, "company"),
        "visit complaint": ("dave", "post", "/api/v1/inspections/", {**own_visit}, "complaint"),
        "visit lead": (
            "dave",
            "post",
            "/api/v1/inspections/",
            {"company": world_b.visit.company_id, "kind": "routine", "planned_date": today},
            "lead_inspector",
        ),
        "visit team": (
            "dave",
            "post",
            "/api/v1/inspections/",
            {**own_visit, "company": world_b.visit.company_id, "kind": "routine"},
            "team",
        ),
        "finding inspection": (
            "charlie",
            "post",
            "/api/v1/findings/",
            {
                "category": "wages",
                "provision": world_b.finding.provision_id,
                "description": "Upah di bawah minimum",
                "severity": "high",
            },
            "inspection",
        ),
        "notice inspection": (
            "dave",
            "post",
            "/api/v1/notices/",
            {"findings": [world_b.finding.pk], "compliance_deadline": today},
            "inspection",
        ),
        "notice previous": ("dave", "post", "/api/v1/notices/", {"compliance_deadline": today}, "previous"),
        "notice findings": (
            "dave",
            "post",
            "/api/v1/notices/",
            {"inspection": world_b.visit.pk, "compliance_deadline": today},
            "findings",
        ),
        "assignee": (
            "dave",
            "post",
            f"/api/v1/complaints/{world_b.complaint.pk}/transition/",
            {"to": "assigned"},
            "assignee",
        ),
        "company district": (
            "charlie",
            "post",
            "/api/v1/companies/",
            {"name": "PT Baru Sekali", "workers_total": 10},
            "district",
        ),
        "company district change": (
            "charlie",
            "patch",
            f"/api/v1/companies/{world_b.visit.company_id}/",
            {},
            "district",
        ),
        "filter complaints assigned_to": ("dave", "get", "/api/v1/complaints/", None, "assigned_to"),
        "filter complaints office": ("dave", "get", "/api/v1/complaints/", None, "office"),
        "filter inspections inspector": ("charlie", "get", "/api/v1/inspections/", None, "inspector"),
        "filter inspections office": ("charlie", "get", "/api/v1/inspections/", None, "office"),
        "filter companies district": ("charlie", "get", "/api/v1/companies/", None, "district"),
        "filter staff office": ("frank", "get", "/api/v1/staff/", None, "office"),
        "filter findings inspection": ("charlie", "get", "/api/v1/findings/", None, "inspection"),
        "filter notices office": ("dave", "get", "/api/v1/notices/", None, "office"),
        "filter districts region": ("frank", "get", "/api/v1/districts/", None, "region"),
        "filter offices region": ("frank", "get", "/api/v1/offices/", None, "region"),
        "filter reports office": ("dave", "get", "/api/v1/reports/", None, "office"),
    }


ANSWERS = {
    "company": lambda c: c.company.pk,
    "complaint": lambda c: c.world.complaint.pk,
    "lead_inspector": lambda c: c.staff[0].pk,
    "team": lambda c: c.staff[0].pk,
    "inspection": lambda c: c.world.visit.pk,
    "previous": lambda c: c.world.notice.pk,
    "findings": lambda c: c.world.finding.pk,
    "assignee": lambda c: c.staff[0].pk,
    "district": lambda c: c.district.pk,
    "assigned_to": lambda c: c.staff[0].pk,
    "office": lambda c: c.office.pk,
    "inspector": lambda c: c.staff[0].pk,
    "region": lambda c: c.office.region_id,
}
CASE_NAMES = [
    "visit company",
    "visit complaint",
    "visit lead",
    "visit team",
    "finding inspection",
    "notice inspection",
    "notice previous",
    "notice findings",
    "assignee",
    "company district",
    "company district change",
    "filter complaints assigned_to",
    "filter complaints office",
    "filter inspections inspector",
    "filter inspections office",
    "filter companies district",
    "filter staff office",
    "filter findings inspection",
    "filter notices office",
    "filter districts region",
    "filter offices region",
    "filter reports office",
]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_an_out_of_scope_id_answers_like_a_missing_one(case, canary, world_b, charlie, api_for):
    from inspectorate.models import Staff

    actor, method, url, body, name = _cases(canary, world_b, charlie)[case]
    theirs = ANSWERS[name](canary)
    api = api_for(Staff.objects.get(username=actor))
    answers = []
    for value in (theirs, MISSING):
        if method == "get":
            response = api.get(url, {name: value})
        else:
            many = name in ("team", "findings")
            response = getattr(api, method)(url, {**body, name: [value] if many else value}, format="json")
        answers.append(_normalised(response, value))
    assert answers[0][0] == 400, (case, answers[0])
    assert answers[0] == answers[1], case
    assert not canary.leaks(json.dumps(answers[0][1]))


def test_filters_take_in_scope_ids(world_b, charlie, dave, district_b, office_b, api_for):
    """Filters on related objects work for the objects the user may see (they used to answer 400)."""
    as_charlie, as_dave = api_for(charlie), api_for(dave)
    checks = [
        (as_charlie, "/api/v1/companies/", {"district": district_b.pk}, world_b.visit.company_id),
        (as_charlie, "/api/v1/inspections/", {"inspector": charlie.pk}, world_b.visit.pk),
        (as_charlie, "/api/v1/inspections/", {"office": office_b.pk}, world_b.visit.pk),
        (as_dave, "/api/v1/complaints/", {"assigned_to": charlie.pk}, world_b.complaint.pk),
        (as_dave, "/api/v1/complaints/", {"office": office_b.pk}, world_b.complaint.pk),
        (as_dave, "/api/v1/findings/", {"inspection": world_b.visit.pk}, world_b.finding.pk),
        (as_dave, "/api/v1/notices/", {"office": office_b.pk}, world_b.notice.pk),
        (as_dave, "/api/v1/staff/", {"office": office_b.pk}, charlie.pk),
        (as_dave, "/api/v1/reports/", {"office": office_b.pk}, world_b.report.pk),
    ]
    for api, url, params, expected in checks:
        response = api.get(url, params)
        assert response.status_code == 200, (url, params, response.json())
        assert expected in [row["id"] for row in response.json()["results"]], (url, params)
