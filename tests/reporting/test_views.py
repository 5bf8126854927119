"""Reports pages, the status fragment, downloads, the dashboard and the API: scope, methods, effects."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from reporting.choices import ReportKind, ReportStatus
from reporting.models import Report

from ..factories import OfficeFactory
from .factories import ReportFactory

MAY = dt.date(2024, 5, 1)
LIST = reverse("reporting:report_list")
REQUEST = reverse("reporting:report_request")


@pytest.fixture
def reports(office_a, office_b, region_a, region_b):
    """One report per scope: office A, office B, region A, region B, national."""
    return {
        "office_a": ReportFactory(office=office_a, month=MAY),
        "office_b": ReportFactory(office=office_b, month=MAY),
        "region_a": ReportFactory(office=None, region=region_a, month=MAY),
        "region_b": ReportFactory(office=None, region=region_b, month=MAY),
        "national": ReportFactory(office=None, region=None, month=MAY),
    }


def listed(client):
    response = client.get(LIST)
    assert response.status_code == 200
    return {report.pk for report in response.context["page"].object_list}


def test_it_lists_what_each_role_may_see(client_for, reports, bob, dave, erin, frank, grace, root):
    r = {name: report.pk for name, report in reports.items()}
    assert listed(client_for(bob)) == {r["office_a"]}
    assert listed(client_for(dave)) == {r["office_b"]}
    assert listed(client_for(erin)) == {r["office_a"], r["region_a"]}
    assert listed(client_for(frank)) == {r["office_b"], r["region_b"]}
    assert listed(client_for(grace)) == set(r.values())
    assert listed(client_for(root)) == set(r.values())


def test_it_hides_reports_from_inspectors_and_strangers(client, client_for, reports, alice):
    assert client.get(LIST).status_code == 302
    assert reverse("account_login") in client.get(LIST)["Location"]
    inspector = client_for(alice)
    assert inspector.get(LIST).status_code == 404
    assert inspector.get(reverse("reporting:dashboard"))["Location"] == "/"  # an inspector's dashboard is home
    assert inspector.post(REQUEST, {"kind": "quota", "month": "2024-05", "scope": "office:1"}).status_code == 404
    assert inspector.get(reverse("reporting:report_status", args=[reports["office_a"].pk])).status_code == 404


def test_it_filters_the_list(client_for, reports, grace, office_a):
    client = client_for(grace)
    response = client.get(LIST, {"level": "region"})
    assert {r.pk for r in response.context["page"].object_list} == {reports["region_a"].pk, reports["region_b"].pk}
    response = client.get(LIST, {"office": office_a.pk, "month": "2024-05", "kind": "quota", "status": "queued"})
    assert [r.pk for r in response.context["page"].object_list] == [reports["office_a"].pk]
    assert client.get(LIST, {"month": "2023-01"}).context["page"].paginator.count == 0


@pytest.mark.parametrize("month", ["31-31-2026", "2024-13", "Mei 2024"])
def test_a_month_that_is_not_one_is_refused_beside_its_field(client_for, reports, grace, month):
    client = client_for(grace)
    response = client.get(LIST, {"month": month, "level": "region"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    html = response.content.decode()
    # The reason, in Indonesian, in the element the month field's aria-describedby names.
    assert 'id="filter_month_error"' in html
    assert "Masukkan bulan dengan format TTTT-BB." in html
    assert 'type="month"' in html
    # The request form above has a kind and a month too: no two elements share an id.
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # The other filters still apply: both regions' reports, not an empty list.
    assert {r.pk for r in response.context["page"].object_list} == {reports["region_a"].pk, reports["region_b"].pk}


def test_it_pins_the_queries_of_the_list(client_for, grace, region_a, django_assert_num_queries):
    client = client_for(grace)
    offices = [OfficeFactory(region=region_a) for _ in range(3)]

    made = []

    def add(n):
        for _ in range(n):
            i = len(made)
            made.append(ReportFactory(office=offices[i % 3], month=dt.date(2020 + i // 12, 1 + i % 12, 1)))

    add(3)
    client.get(LIST)  # warm up sessions and caches
    with django_assert_num_queries(8) as few:
        client.get(LIST)
    add(20)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 23
    assert b'hx-trigger="every 3s"' in response.content


def test_it_requests_a_report_for_the_office_head(client_for, bob, office_a, django_capture_on_commit_callbacks):
    client = client_for(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REQUEST, {"kind": "quota", "month": "2024-05", "scope": f"office:{office_a.pk}", "language": "en"}
        )
    assert response.status_code == 302 and response["Location"] == LIST
    report = Report.objects.get()
    assert (report.kind, report.office, report.month, report.requested_by, report.language) == (
        ReportKind.QUOTA,
        office_a,
        MAY,
        bob,
        "en",
    )
    assert report.status == ReportStatus.DONE  # eager in tests
    # Asking again does not add a row.
    client.post(REQUEST, {"kind": "quota", "month": "2024-05", "scope": f"office:{office_a.pk}", "language": "en"})
    assert Report.objects.count() == 1


def test_it_refuses_scopes_outside_the_users(client_for, bob, office_b, region_a):
    client = client_for(bob)
    for scope in (f"office:{office_b.pk}", f"region:{region_a.pk}", "national"):
        response = client.post(REQUEST, {"kind": "quota", "month": "2024-05", "scope": scope, "language": "id"})
        assert response.status_code == 400
    assert client.post(REQUEST, {"kind": "quota", "month": "24-5", "scope": "x", "language": "id"}).status_code == 400
    assert not Report.objects.exists()


def test_it_lets_a_regional_official_request_the_region(client_for, erin, region_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(erin).post(
            REQUEST, {"kind": "resolution", "month": "2024-05", "scope": f"region:{region_a.pk}", "language": "id"}
        )
    assert response.status_code == 302
    assert Report.objects.get().scope_key == f"region:{region_a.pk}"


def test_it_answers_wrong_methods_with_405(client_for, bob, reports):
    client = client_for(bob)
    pk = reports["office_a"].pk
    assert client.post(LIST).status_code == 405
    assert client.get(REQUEST).status_code == 405
    assert client.post(reverse("reporting:report_status", args=[pk])).status_code == 405
    assert client.post(reverse("reporting:report_download", args=[pk])).status_code == 405
    assert client.post(reverse("reporting:dashboard")).status_code == 405


def test_it_polls_the_status_until_the_report_is_done(client_for, bob, reports):
    report = reports["office_a"]
    url = reverse("reporting:report_status", args=[report.pk])
    client = client_for(bob)
    assert b'hx-trigger="every 3s"' in client.get(url).content
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="RuntimeError: boom")
    response = client.get(url)
    assert b"hx-trigger" not in response.content and b"RuntimeError: boom" in response.content
    assert client_for(bob).get(reverse("reporting:report_status", args=[reports["office_b"].pk])).status_code == 404


def test_it_downloads_a_built_report_only_within_scope(client_for, client, bob, dave, office_a):
    from reporting import services

    report = ReportFactory(office=office_a, month=MAY)
    url = reverse("reporting:report_download", args=[report.pk])
    assert client_for(bob).get(url).status_code == 404  # not built yet
    services.report_build(report_id=report.pk)

    response = client_for(bob).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    # Saved under a name in the reader's language that names the office by its code.
    name = "kuota-pemeriksaan" if response["Content-Language"] == "id" else "inspection-quota"
    assert f'filename="{name}-{slugify(office_a.code)}-2024-05.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(dave).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_it_shows_the_dashboard_of_the_users_scope(
    client_for, known_data, bob, erin, office_b, django_assert_max_num_queries
):
    response = client_for(bob).get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    assert [o.pk for o in response.context["dash"].offices] == [bob.office_id]
    response = client_for(erin).get(reverse("reporting:dashboard"))
    assert office_b.pk not in [o.pk for o in response.context["dash"].offices]
    client = client_for(bob)
    # No figures cache: every request reads the rollups, in a fixed number of queries
    # (the accidents panel's figures are 9 of them).
    with django_assert_max_num_queries(34):
        client.get(reverse("reporting:dashboard"))


# --- API ----------------------------------------------------------------------------------


def test_it_requests_a_report_through_the_api_once(api_for, bob, office_a, django_capture_on_commit_callbacks):
    api = api_for(bob)
    with django_capture_on_commit_callbacks(execute=False):
        first = api.post(
            "/api/v1/reports/", {"kind": "quota", "month": "2024-05", "office": office_a.pk}, format="json"
        )
    assert first.status_code == 202 and first.json()["status"] == "queued"
    again = api.post("/api/v1/reports/", {"kind": "quota", "month": "2024-05", "office": office_a.pk}, format="json")
    assert again.status_code in (200, 202) and again.json()["id"] == first.json()["id"]
    assert Report.objects.count() == 1
    detail = api.get(f"/api/v1/reports/{first.json()['id']}/")
    assert detail.status_code == 200 and detail.json()["download_url"] is None
    assert api.get(f"/api/v1/reports/{first.json()['id']}/download/").status_code == 404


def test_it_downloads_through_the_api_within_scope(api_for, bob, dave, alice, office_a):
    from reporting import services

    report = ReportFactory(office=office_a, month=MAY)
    services.report_build(report_id=report.pk)
    response = api_for(bob).get(f"/api/v1/reports/{report.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert api_for(bob).get(f"/api/v1/reports/{report.pk}/").json()["status"] == "done"
    for outsider in (dave, alice):
        assert api_for(outsider).get(f"/api/v1/reports/{report.pk}/download/").status_code == 404
        assert api_for(outsider).get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert api_for().get(f"/api/v1/reports/{report.pk}/").status_code == 401


def test_it_refuses_api_requests_outside_scope(api_for, bob, alice, grace, office_b, region_a):
    assert (
        api_for(bob)
        .post("/api/v1/reports/", {"kind": "quota", "month": "2024-05", "office": office_b.pk}, format="json")
        .status_code
        == 404
    )
    assert (
        api_for(bob)
        .post("/api/v1/reports/", {"kind": "quota", "month": "2024-05", "national": True}, format="json")
        .status_code
        == 404
    )
    assert (
        api_for(alice)
        .post("/api/v1/reports/", {"kind": "quota", "month": "2024-05", "office": alice.office_id}, format="json")
        .status_code
        == 404
    )
    bad = api_for(grace).post(
        "/api/v1/reports/", {"kind": "quota", "month": "May", "region": region_a.pk, "national": True}, format="json"
    )
    assert bad.status_code == 400
    assert not Report.objects.exists()
    assert api_for(bob).put("/api/v1/reports/1/", {}, format="json").status_code == 405


def test_download_names_read_in_the_readers_language(reports, region_a):
    office, region, national = reports["office_a"], reports["region_a"], reports["national"]
    annual = ReportFactory(office=None, region=None, month=dt.date(2024, 1, 1), kind=ReportKind.ANNUAL)
    with translation.override("id"):
        assert office.download_name("pdf") == f"kuota-pemeriksaan-{slugify(office.office.code)}-2024-05.pdf"
        assert region.download_name("pdf") == f"kuota-pemeriksaan-provinsi-{slugify(region_a.code)}-2024-05.pdf"
        assert national.download_name("pdf") == "kuota-pemeriksaan-nasional-2024-05.pdf"
        assert annual.download_name("xlsx") == "laporan-tahunan-ilo-k81-nasional-2024.xlsx"
    with translation.override("en"):
        assert national.download_name("pdf") == "inspection-quota-national-2024-05.pdf"


@pytest.mark.parametrize("who", ["alice", "bob", "dave", "erin", "frank", "grace", "root"])
def test_the_request_forms_scopes_are_each_users_own(who, request, office_a, office_b, region_a, region_b):
    """The scopes read by prepared queries are those the querysets give, for every role, and
    never another office's or region's (a second office in each region beside them)."""
    from reporting import selectors
    from reporting.forms import scope_choices

    OfficeFactory(region=region_a, code="JB-2", name="UPTD Wilayah II Jawa Barat")
    OfficeFactory(region=region_b, code="KS-2", name="UPTD Wilayah II Kalimantan Selatan")
    user = request.getfixturevalue(who)
    offices = list(selectors.requestable_offices(user=user).values_list("pk", "name"))
    regions = list(selectors.requestable_regions(user=user).values_list("pk", "name"))
    assert selectors.requestable_office_names(user=user) == offices
    assert selectors.requestable_region_names(user=user) == regions
    values = {value for value, _label in scope_choices(user)}
    expected = {
        "alice": set(),  # inspectors request no reports
        "bob": {f"office:{office_a.pk}"},
        "dave": {f"office:{office_b.pk}"},
        "erin": {f"region:{region_a.pk}"} | {f"office:{pk}" for pk, _ in offices},
        "frank": {f"region:{region_b.pk}"} | {f"office:{pk}" for pk, _ in offices},
    }.get(who)
    if expected is not None:
        assert values == expected
        assert len(offices) == {"alice": 0, "bob": 1, "dave": 1, "erin": 2, "frank": 2}[who]
    else:  # the national official and the admin: every office and region, and the country
        assert len(offices) == 4 and len(regions) == 2 and "national" in values


@pytest.mark.parametrize("who", ["bob", "erin", "grace"])
def test_the_list_as_it_opens_is_the_filtered_lists_rows_in_its_order(who, request, client_for, office_a, office_b):
    """Unfiltered, the list is counted and paged by prepared queries (selectors.report_rows): the
    same reports, in the model's order (month, kind, scope, newest first), page after page, as the
    filtered list's queryset gives, for an office head, a regional official (a scope of two columns,
    read the usual way) and a national one."""
    from reporting import selectors

    user = request.getfixturevalue(who)
    for i in range(32):
        scope = [{"office": office_a}, {"office": office_b}, {"office": None, "region": office_a.region}][i % 3]
        kind = [ReportKind.QUOTA, ReportKind.RESOLUTION][i // 3 % 2]  # six a month, ties on month and kind
        ReportFactory(kind=kind, month=dt.date(2024, 1 + i // 6, 1), **scope)
    client = client_for(user)
    expected = list(selectors.report_list(user=user).values_list("pk", flat=True))
    assert expected == list(
        selectors.report_list(user=user).order_by("-month", "kind", "scope_key", "-id").values_list("pk", flat=True)
    )
    shown = []
    for number in range(1, 1 + (len(expected) + 24) // 25):
        response = client.get(LIST, {"page": number})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == len(expected)
        shown += [report.pk for report in response.context["page"].object_list]
    assert shown == expected and len(expected) == {"bob": 11, "erin": 21, "grace": 32}[who]


def test_a_refused_request_names_its_error_beside_its_field_and_changes_nothing(client_for, grace, office_a):
    """The request form's fields are written in Python (ReportRequestForm.fields_html): an error sits in
    the element the field's aria-describedby names, in Indonesian, and no report is made."""
    response = client_for(grace).post(
        REQUEST,
        {"kind": "quota", "month": "2024-13", "scope": f"office:{office_a.pk}", "language": "id"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_month_error"' in html
    error = "Masukkan bulan dengan format TTTT-BB."
    assert f'<div id="id_month_error"><div class="invalid-feedback d-block">{error}</div></div>' in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert not Report.objects.exists()


def test_the_request_form_as_it_opens_is_each_users_own_and_follows_the_data(client_for, bob, dave, office_a, office_b):
    """The request form's fields as the page opens are kept per language, initial values and scopes
    (ReportRequestForm.fields_html): each head is offered their own office only, user after user,
    the same as the form writes itself, and a renamed office shows its new name."""

    def scopes(user):
        response = client_for(user).get(LIST)
        form = response.context["form"]
        html = response.content.decode()
        assert form.fields_html() == form._fields_html()
        return re.search(r'<select name="scope".*?</select>', html, re.S)[0]

    for _ in range(2):
        mine, theirs = scopes(bob), scopes(dave)
        assert office_a.name in mine and office_b.name not in mine
        assert office_b.name in theirs and office_a.name not in theirs
    office_a.name = "UPTD Wilayah Baru Jawa Barat"
    office_a.save()
    assert "UPTD Wilayah Baru Jawa Barat" in scopes(bob)
