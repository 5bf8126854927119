"""A list's filter form as the list opens is written once per key (StyledFilterSet.keeps_form):
what each person is shown is what building their own form writes, for every role, user after user
and in both languages; the options follow the data; another office's people are never in it."""

import re

import pytest
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from inspectorate import filters as inspectorate_filters
from inspectorate.choices import Role
from inspectorate.filters import StyledFilterSet

from ..factories import OfficeFactory, StaffFactory

pytestmark = pytest.mark.django_db

ROLES = ["alice", "bob", "charlie", "dave", "erin", "frank", "grace", "root"]
PAGES = ["complaints:complaint_list", "inspections:inspection_list", "reporting:report_list"]


@pytest.fixture(autouse=True)
def no_kept_forms():
    inspectorate_filters._FORMS.clear()
    yield
    inspectorate_filters._FORMS.clear()


@pytest.fixture
def canaries(office_a, office_b, region_a):
    other = OfficeFactory(code="JB-2", name="UPTD Wilayah II Jawa Barat", region=region_a)
    StaffFactory(username="zeta", first_name="Zeta", last_name="Canary", role=Role.INSPECTOR, office=other)
    StaffFactory(username="xeno", first_name="Xeno", role=Role.INSPECTOR, office=office_b)
    return other


def _filter_form(html: str) -> str:
    match = re.search(r'<form method="get".*?</form>', html, re.S)
    assert match, "no filter form"
    return match[0]


def _built(client, url, monkeypatch, **query) -> str:
    """The filter form as the page writes it when it builds its form (nothing kept)."""
    with monkeypatch.context() as patch:
        for cls in _kept_classes():
            patch.setattr(cls, "keeps_form", False)
        return _filter_form(client.get(url, query).content.decode())


def _kept_classes():
    from complaints.filters import ComplaintFilter
    from inspections.filters import InspectionFilter
    from inspectorate.filters import CompanyFilter
    from reporting.filters import ReportFilter

    return (ComplaintFilter, InspectionFilter, ReportFilter, CompanyFilter)


@pytest.mark.parametrize("page", PAGES)
def test_each_person_is_shown_the_form_their_own_filters_write(request, client_for, canaries, monkeypatch, page):
    url = reverse(page)
    seen = 0
    for _ in range(2):  # the second round from what the first kept
        for who in ROLES:
            user = request.getfixturevalue(who)
            client = client_for(user)
            for language, word in (("id", "Saring"), ("en", "Filter")):
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch's choice
                response = client.get(url)
                if response.status_code != 200:
                    continue
                kept = _filter_form(response.content.decode())
                assert f">{word}</button>" in kept, (who, language)
                assert kept == _built(client, url, monkeypatch), (who, language)
                seen += 1
            client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert seen >= 8 and inspectorate_filters._FORMS  # kept, and each user's own


def test_another_offices_inspectors_are_never_in_a_kept_form(client_for, bob, dave, alice, canaries):
    for page in ("complaints:complaint_list", "inspections:inspection_list"):
        for _ in range(2):
            mine = _filter_form(client_for(bob).get(reverse(page)).content.decode())
            theirs = _filter_form(client_for(dave).get(reverse(page)).content.decode())
            assert "Alice" in mine and "Xeno" not in mine and "Zeta" not in mine
            assert "Xeno" in theirs and "Alice" not in theirs and "Zeta" not in theirs


def test_a_kept_form_follows_the_data(client_for, bob, alice, office_a, office_b):
    url = reverse("inspections:inspection_list")
    client = client_for(bob)
    assert "Alice" in _filter_form(client.get(url).content.decode())
    alice.first_name = "Alicia"
    alice.save()
    StaffFactory(username="newcomer", first_name="Nadia", role=Role.INSPECTOR, office=office_a)
    StaffFactory(username="elsewhere", first_name="Omar", role=Role.INSPECTOR, office=office_b)
    form = _filter_form(client.get(url).content.decode())
    assert "Alicia" in form and "Nadia" in form
    assert ">Alice " not in form and "Omar" not in form


def _bound_queries(alice, office_a, office_b, district_a):
    """Per page: the addresses whose form is kept per what they give (a choice, a refused one, dates)."""
    return {
        "complaints:complaint_list": [
            {"status": "assigned"},
            {"status": "closed", "o": "-due"},
            {"inspector": alice.pk, "overdue": "true"},
            {"office": office_b.pk},  # not bob's: refused
            {"received_from": "2026-13-01"},  # refused
            {"received_from": "2026-11-01", "page": "2"},
            {"company": "<b>PT</b>"},
            {"status": "nonsense"},
        ],
        "inspections:inspection_list": [
            {"inspector": alice.pk},
            {"visited_month": "2026-13"},
            {"status": "done", "page": "3"},
        ],
        "reporting:report_list": [{"status": "done"}, {"status": "nonsense"}],
        "inspectorate:company_list": [
            {"q": "jaya"},
            {"q": "1200"},
            {"q": '"><script>'},
            {"district": district_a.pk},
            {"district": "999999"},
            {"q": "jaya", "bpjs_registered": "false"},
        ],
    }


def test_a_filled_form_is_kept_per_what_the_address_gives(
    request, client_for, alice, office_a, office_b, district_a, canaries, monkeypatch
):
    """Kept per its values too: each address shows what building its own form writes (its values
    marked, its errors beside their fields), in both languages, for each person, again and again."""
    seen = 0
    for _ in range(2):  # the second round from what the first kept
        for who in ("bob", "dave", "erin", "grace"):
            client = client_for(request.getfixturevalue(who))
            for page, queries in _bound_queries(alice, office_a, office_b, district_a).items():
                url = reverse(page)
                for query in queries:
                    for language in ("id", "en"):
                        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                        response = client.get(url, query)
                        if response.status_code != 200:
                            continue
                        kept = _filter_form(response.content.decode())
                        assert kept == _built(client, url, monkeypatch, **query), (who, page, query, language)
                        seen += 1
    assert seen >= 100
    assert len(inspectorate_filters._FORMS) >= 40


def test_a_filled_form_shows_its_own_values(client_for, bob, alice):
    client = client_for(bob)
    url = reverse("complaints:complaint_list")
    for status in ("assigned", "closed", "assigned"):
        form = _filter_form(client.get(url, {"status": status}).content.decode())
        assert re.findall(r'<option value="([^"]+)" selected>', form) == [status]
    form = _filter_form(client.get(url, {"status": "assigned", "inspector": alice.pk}).content.decode())
    assert re.findall(r'<option value="([^"]+)" selected>', form) == ["assigned", str(alice.pk)]


def test_a_filter_named_in_the_address_builds_the_form(client_for, bob, alice, monkeypatch):
    """Any filter in the address, even empty or refused, goes through the form as before: the value
    marked, the error beside its field; a page number alone does not."""
    url = reverse("inspections:inspection_list")
    client = client_for(bob)
    chosen = _filter_form(client.get(url, {"inspector": alice.pk}).content.decode())
    assert f'<option value="{alice.pk}" selected>' in chosen
    refused = client.get(url, {"visited_month": "2026-13"}, HTTP_ACCEPT_LANGUAGE="id")
    assert 'id="id_visited_month_error"' in refused.content.decode()
    assert refused.context["filter"].chosen
    second = client.get(url, {"page": "2"})
    assert not second.context["filter"].chosen
    assert _filter_form(second.content.decode()) == _built(client, url, monkeypatch, page="2")


def _own_filter_sets():
    found, todo = [], [StyledFilterSet]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if not sub.__module__.startswith("tests."):
                found.append(sub)
    return found


def test_an_empty_form_is_a_valid_one_for_every_filter_set():
    """``opens_empty`` takes a form without values as valid without building it: no filter of any
    list is required (one that were would make the list as it opens refused)."""
    import complaints.filters  # noqa: F401  (every filter set defined)
    import deadlines.filters  # noqa: F401
    import targeting.filters  # noqa: F401

    sets = _own_filter_sets()
    assert len(sets) >= 8
    for cls in sets:
        for name, filter_ in cls.base_filters.items():
            assert not filter_.extra.get("required"), (cls.__name__, name)


@pytest.mark.parametrize("data", ["", "page=3", "status=", "status=&page=2", "status=nonsense"])
def test_as_it_opens_is_known_alike_with_and_without_the_form(bob, data, monkeypatch):
    from complaints import selectors
    from complaints.filters import ComplaintFilter
    from inspections import selectors as visit_selectors
    from inspections.filters import InspectionFilter

    def both(make):
        fast = make()
        answers = (fast.unfiltered(), fast.chosen)
        with monkeypatch.context() as patch:
            patch.setattr(StyledFilterSet, "opens_empty", lambda self: False)
            slow = make()
            assert (slow.unfiltered(), slow.chosen) == answers, data
        return answers

    query = QueryDict(data)
    queue = both(lambda: ComplaintFilter(query, queryset=selectors.complaint_list(user=bob)))
    visits = both(lambda: InspectionFilter(query, queryset=visit_selectors.inspection_list(user=bob)))
    assert queue == visits  # both have a status filter
    assert queue[0] == (data in ("", "page=3", "status=", "status=&page=2"))


def test_a_select_whose_options_are_not_read_beforehand_is_not_kept(bob):
    from inspections import selectors as visit_selectors
    from inspections.filters import InspectionFilter

    filterset = InspectionFilter(QueryDict(""), queryset=visit_selectors.inspection_list(user=bob))
    assert filterset._form_key() is None  # its selects read their own options when written
    filterset.fields_html()
    assert not inspectorate_filters._FORMS
