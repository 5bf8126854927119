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
