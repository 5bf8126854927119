"""The list pages' model selects read their options by prepared queries (StyledFilterSet.show_options):
for every role, each select is the one the filter's own queryset writes (the same options, in the
same order, nothing of another office's), and a chosen value is still marked."""

import re

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from inspectorate import selectors
from inspectorate.choices import Role
from inspectorate.filters import CompanyFilter, StyledFilterSet
from inspectorate.models import District
from inspectorate.widgets import LabelRows

from ..factories import OfficeFactory, StaffFactory

pytestmark = pytest.mark.django_db

ROLES = ["alice", "bob", "charlie", "dave", "erin", "frank", "grace", "root"]
PAGES = {
    "complaints:complaint_list": ("inspector", "office", "category"),
    "inspections:inspection_list": ("inspector", "office"),
    "reporting:report_list": ("office",),
    "inspectorate:company_list": ("district",),
}


@pytest.fixture
def canaries(office_a, office_b, district_a, district_b, region_a):
    """A second office in region A with its own inspectors (one inactive), and office B's."""
    other = OfficeFactory(code="JB-2", name="UPTD Wilayah II Jawa Barat", region=region_a)
    StaffFactory(username="zeta", first_name="Zeta", last_name="Canary", role=Role.INSPECTOR, office=other)
    StaffFactory(username="yara", first_name="Yara", role=Role.INSPECTOR, office=office_a, is_active=False)
    StaffFactory(username="xeno", first_name="Xeno", role=Role.INSPECTOR, office=office_b)
    return other


def _selects(html: str, names) -> dict[str, str]:
    found = {}
    for name in names:
        match = re.search(rf'<select name="{name}"[^>]*>.*?</select>', html, re.S)
        found[name] = match[0] if match else ""
    return found


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("who", ROLES)
def test_each_select_is_the_one_its_queryset_writes(request, client_for, canaries, monkeypatch, page, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    url = reverse(page)
    names = PAGES[page]
    response = client.get(url)
    if response.status_code != 200:  # a role without this page: the same without prepared options
        monkeypatch.setattr(StyledFilterSet, "show_options", lambda *args: None)
        assert client.get(url).status_code == response.status_code
        return
    shown = {name: response.context["filter"].form.fields[name] for name in names}
    prepared = _selects(response.content.decode(), names)
    monkeypatch.setattr(StyledFilterSet, "show_options", lambda *args: None)
    usual = _selects(client.get(url).content.decode(), names)
    assert prepared == usual
    assert all(prepared.values())
    for name, field in shown.items():
        assert isinstance(getattr(field, "shown", None), LabelRows), name


def test_another_offices_people_and_offices_are_not_offered(client_for, bob, canaries, office_b):
    for page in ("complaints:complaint_list", "inspections:inspection_list"):
        selects = _selects(client_for(bob).get(reverse(page)).content.decode(), ("inspector", "office"))
        assert "Zeta" not in selects["inspector"] and "Xeno" not in selects["inspector"]
        assert "JB-2" not in selects["office"] and office_b.code not in selects["office"]
    queue = _selects(client_for(bob).get(reverse("complaints:complaint_list")).content.decode(), ("inspector",))
    assert "Yara" not in queue["inspector"]  # the queue offers active inspectors only


def test_a_chosen_option_is_marked(client_for, bob, alice, canaries):
    html = client_for(bob).get(reverse("inspections:inspection_list"), {"inspector": alice.pk}).content.decode()
    assert f'<option value="{alice.pk}" selected>' in _selects(html, ("inspector",))["inspector"]


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("who", ["bob", "grace", "root"])
def test_a_kept_form_is_shown_without_building_its_selects(request, client_for, canaries, page, who):
    """The options are read for the form's key; the select's field itself is built only with the form."""
    client = client_for(request.getfixturevalue(who))
    url = reverse(page)
    address = {"q": "Canary"} if page == "inspectorate:company_list" else {}  # its search, read without the form
    first = client.get(url, address)
    if first.status_code != 200:
        return
    again = client.get(url, address)  # the form kept by the first
    filterset = again.context["filter"]
    assert _selects(again.content.decode(), PAGES[page]) == _selects(first.content.decode(), PAGES[page])
    for name in PAGES[page]:
        assert "_field" not in filterset.filters[name].__dict__, name
        assert isinstance(filterset._shown[name], LabelRows), name
    # Built afterwards, the form's fields take the rows that were read.
    for name in PAGES[page]:
        assert filterset.form.fields[name].shown is filterset._shown[name]


def test_a_select_built_before_its_options_are_read_takes_them_at_once(rf, bob, canaries, district_a):
    filterset = CompanyFilter({"district": str(district_a.pk)}, districts=selectors.district_list(user=bob))
    field = filterset.filters["district"].field
    filterset.show_options("district", selectors.all_districts, bob)
    assert field.shown is filterset._shown["district"]
    assert [row[0] for row in field.shown.rows] == list(
        selectors.district_list(user=bob).order_by(*District._meta.ordering).values_list("pk", flat=True)
    )


def test_a_select_whose_choices_are_a_function_of_the_request_reads_the_same_options(rf, bob, canaries):
    """Without the page's districts, the class's choices are narrowed for the request's user
    (access.restricted): its columns are found from its field every time, and its options are the same."""
    web = rf.get("/companies/")
    web.user = bob
    by_request = CompanyFilter({}, request=web)
    assert not isinstance(by_request.filters["district"].queryset, QuerySet)
    by_request.show_options("district", selectors.all_districts, bob)
    given = CompanyFilter({}, districts=selectors.district_list(user=bob))
    given.show_options("district", selectors.all_districts, bob)
    assert by_request._shown["district"] == given._shown["district"]
    assert by_request._shown["district"].rows
    assert "_field" in by_request.filters["district"].__dict__  # built to find its columns
    assert "_field" not in given.filters["district"].__dict__
