"""Each filter set has its own filters and form fields, though they are copied one level, not deep.

inspectorate.filters.ScopedFilterSet copies the class's declared filters (and StyledFilterSet
its form's fields) without Django's and django-filter's deep copies. Two users' filter sets built
one after the other must still share nothing that one of them changes: their querysets, their
choices, their forms' fields and widgets, the filters' methods.
"""

import pytest

from complaints.choices import Status
from complaints.filters import ComplaintFilter

from ..reporting.factories import ComplaintFactory
from .test_widgets import _complaint_filter as _queue_filter

pytestmark = pytest.mark.django_db


def test_two_offices_filter_sets_share_no_choices_fields_or_widgets(bob, dave, alice, charlie):
    mine = _queue_filter(bob, {"inspector": str(alice.pk)})
    theirs = _queue_filter(dave, {"inspector": str(alice.pk)})  # another office's inspector: refused
    mine_html, theirs_html = str(mine.form), str(theirs.form)
    assert f'<option value="{alice.pk}" selected>' in mine_html and "Charlie" not in mine_html
    assert "Charlie" in theirs_html and "Alice" not in theirs_html
    assert mine.is_valid() and not theirs.is_valid() and "inspector" in theirs.form.errors
    # The form built again for the first one after the second: still its own choices.
    again = _queue_filter(bob, {})
    assert "Alice" in str(again.form) and "Charlie" not in str(again.form)

    for name in ComplaintFilter.base_filters:
        declared = ComplaintFilter.base_filters[name]
        assert mine.filters[name] is not declared and mine.filters[name] is not theirs.filters[name]
        assert mine.filters[name].extra is not declared.extra
        assert "_field" not in vars(declared), name  # no form field left on the class's filter
        assert mine.form.fields[name] is not theirs.form.fields[name], name
        assert mine.form.fields[name].widget is not theirs.form.fields[name].widget, name
        assert mine.filters[name].parent is mine and theirs.filters[name].parent is theirs
    assert mine.filters["inspector"].queryset is not theirs.filters["inspector"].queryset
    # What a filter set changes on its own field stays there.
    mine.form.fields["status"].widget.attrs["data-x"] = "1"
    assert "data-x" not in theirs.form.fields["status"].widget.attrs
    assert "data-x" not in str(_queue_filter(dave, {}).form["status"])


def test_a_method_filter_runs_the_method_of_its_own_filter_set(bob, dave, office_a, office_b, company_a):
    ComplaintFactory(office=office_a, company=company_a, status=Status.RECEIVED, reported_company_name="")
    first = _queue_filter(bob, {"unassigned": "true"})
    second = _queue_filter(dave, {"unassigned": "true"})
    assert first.filters["unassigned"].filter.f is first.filters["unassigned"]
    assert second.filters["unassigned"].filter.f is second.filters["unassigned"]
    assert first.qs.count() == 1 and second.qs.count() == 0


# The loop templates/partials/_filter_form.html had before StyledFilterSet.fields_html wrote it, its
# errors now inside the element the widget's aria-describedby names.
TEMPLATE_LOOP = """{% for field in filter.form %}
  <div class="col-12 col-sm-6 col-lg-4">
    <label class="form-label small mb-0" for="{{ field.id_for_label }}">{{ field.label }}</label>
    {{ field }}
    {% if field.errors %}<div id="{{ field.auto_id }}_error">{% for error in field.errors %}<div class="invalid-feedback d-block">{{ error }}</div>{% endfor %}</div>{% endif %}
  </div>
  {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_filter_forms_fields_are_written_as_the_template_wrote_them(bob, alice, grace, district_a, language):
    from django.template import Context, Template
    from django.utils import translation

    from inspectorate.filters import CompanyFilter

    alice.last_name = 'O"Neil <b>'
    alice.save()
    with translation.override(language):
        filter_sets = [
            _queue_filter(bob, {}),
            # a value chosen, a typed value to escape, a date and a choice refused (their errors shown)
            _queue_filter(
                bob, {"inspector": str(alice.pk), "company": 'a"<b>', "received_from": "31-31-2026", "age": "<x>"}
            ),
            CompanyFilter({"district": str(district_a.pk), "q": "<i>"}, districts=None),
        ]
        for filter_set in filter_sets:
            expected = Template(TEMPLATE_LOOP).render(Context({"filter": filter_set}))
            written = filter_set.fields_html()
            assert written == expected
        refused = filter_sets[1].fields_html()
        assert refused.count('class="invalid-feedback d-block"') == 2
        assert "O&quot;Neil &lt;b&gt;" in refused and 'value="a&quot;&lt;b&gt;"' in refused
        assert "&lt;x&gt;" in refused and "<x>" not in refused


def test_every_aria_describedby_names_an_element_of_the_page(client_for, bob, alice, company_a):
    """A refused filter (the list pages) and a refused action (the complaint page, help texts too):
    each widget's aria-describedby names elements that are on the page."""
    import re

    from complaints import services

    from ..complaints.factories import make_complaint

    complaint = make_complaint(company=company_a, categories=("working_time",)).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    services.complaint_start(complaint=complaint, actor=alice)
    pages = [
        client_for(bob).get("/complaints/?received_from=31-31-2026&age=x").content.decode(),
        client_for(bob).get("/inspections/?date_from=31-31-2026").content.decode(),
        client_for(alice).post(f"/complaints/{complaint.pk}/resolve/", {"amount_recovered": "-5"}).content.decode(),
        client_for(alice).get(f"/complaints/{complaint.pk}/").content.decode(),
    ]
    named = 0
    for html in pages:
        ids = set(re.findall(r' id="([^"]+)"', html))
        for described in re.findall(r'aria-describedby="([^"]+)"', html):
            for target in described.split():
                assert target in ids, target
                named += 1
    assert named >= 6


def test_a_filter_set_builds_its_queryset_only_when_its_rows_are_read(bob, charlie, company_a):
    """``queryset_of``: the list as it opens renders its form and asks whether it is filtered without
    building the scoped queryset; reading the rows builds it once, scoped as given."""
    from django.http import QueryDict

    from complaints import selectors

    from ..complaints.factories import make_complaint

    mine = make_complaint(company=company_a).complaint
    built = []

    def scoped():
        built.append(1)
        return selectors.complaint_list(user=bob)

    for data in ("", "status=received"):
        built.clear()
        filterset = ComplaintFilter(QueryDict(data), queryset_of=scoped)
        assert str(filterset.form["status"]) and filterset.unfiltered() is (data == "")
        assert built == []
        assert [c.pk for c in filterset.qs] == [mine.pk] and [c.pk for c in filterset.qs] == [mine.pk]
        assert built == [1]
    other = ComplaintFilter(QueryDict(""), queryset_of=lambda: selectors.complaint_list(user=charlie))
    assert list(other.qs) == []
    with pytest.raises(TypeError):
        ComplaintFilter(QueryDict(""), queryset=selectors.complaint_list(user=bob), queryset_of=scoped)


@pytest.mark.parametrize(
    "query, chosen",
    [
        ("", False),
        ("page=2", False),
        ("status=&page=3", False),
        ("status=received", True),
        ("received_from=not-a-date", True),  # refused: the panel opens to show why
        ("o=due&page=2", True),
    ],
)
def test_the_phone_filter_panel_opens_only_for_a_chosen_filter(client_for, bob, query, chosen):
    response = client_for(bob).get("/complaints/?" + query, HTTP_ACCEPT_LANGUAGE="id")
    assert response.context["filter"].chosen is chosen
    html = response.content.decode()
    assert ('id="filters" class="collapse d-sm-block show"' in html) is chosen
    assert (f'aria-expanded="{str(chosen).lower()}"' in html) is True


def test_the_filters_a_prepared_query_applies_are_read_from_the_form(bob, alice, office_a):
    """``prepared_given``: the values in the form's order, a chosen row as its id, yes/no and an order
    as the query's text; None for a refused value or a filter a prepared query does not apply."""
    from django.http import QueryDict

    from complaints import selectors
    from complaints.filters import ComplaintFilter
    from inspectorate import access
    from inspectorate.selectors import offices_by_code

    def given(data: str):
        filterset = ComplaintFilter(
            QueryDict(data),
            queryset=selectors.complaint_list(user=bob),
            inspectors=access.restrict(selectors.assignable_inspectors_all(), bob),
            offices=access.restrict(offices_by_code(), bob),
        )
        return filterset.prepared_given()

    assert given("") == ((), ())
    assert given("status=&page=2") == ((), ())
    assert given(f"status=assigned&inspector={alice.pk}&overdue=false&o=-due") == (
        (("status", "value", str), ("inspector", "value", int), ("overdue", "shape", False), ("o", "shape", ("-due",))),
        ("assigned", alice.pk),
    )
    assert given(f"office={office_a.pk}&unassigned=true") == (
        (("office", "value", int), ("unassigned", "shape", True)),
        (office_a.pk,),
    )
    assert given("status=nonsense") is None  # refused
    assert given("company=PT") is None  # not applied by a prepared query
    assert given("status=assigned&received_from=2026-11-01") is None


def test_a_filters_value_is_the_only_one_given_or_none(bob):
    from django.http import QueryDict

    from inspectorate.filters import CompanyFilter
    from inspectorate.selectors import company_list

    def only(data: str):
        return CompanyFilter(QueryDict(data), queryset=company_list(user=bob)).only_value("q")

    assert only("q=jaya") == "jaya"
    assert only("q=jaya&page=2&kbli=") == "jaya"
    assert only("") is None and only("page=2") is None
    assert only("q=jaya&kbli=10") is None
    assert only("q=jaya&district=999999") is None  # refused


@pytest.mark.parametrize(
    "data",
    [
        "q=jaya",
        "q=++jaya++&page=2",
        "page=3&q=1200000000001",
        "q=",
        "q=+++",
        "q=a%00b",  # a null character: the field refuses it
        "q=first&q=last",  # the widget takes the last, as the form does
        "q=" + "x" * 300,
        "q=jaya&kbli=",
        "q=jaya&district=999999",
        "kbli=10",
    ],
)
def test_a_search_given_alone_is_cleaned_as_the_form_cleans_it(bob, data):
    """``only_value`` reads a filter given alone without building the form: the same answer as the form's."""
    from django.http import QueryDict

    from inspectorate.filters import CompanyFilter
    from inspectorate.selectors import company_list

    def filterset():
        return CompanyFilter(QueryDict(data), queryset=company_list(user=bob))

    alone = filterset()
    value = alone.only_value("q")
    built = filterset()
    built.form.is_valid()  # the form built first: the usual way
    assert value == built.only_value("q")
    assert alone.chosen == built.chosen == (data not in ("q=",))
    assert ("_form" in alone.__dict__) == ("district=" in data)  # else only the fields the address names
