"""A list page whose address names only its filters (and a page) cleans just those filters' fields
(StyledFilterSet.given_values) instead of building and validating the whole form: each page, for
each person, each filter alone (a likely value and a refused one) and all of them together, is to
the character the page the whole form gives, rows, counts, chosen values and errors included."""

import re

import django_filters
import pytest
from django.urls import reverse

from inspectorate.filters import StyledFilterSet, _reads_rows

from ..reporting.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "inspectorate:company_list",
    "complaints:complaint_list",
    "complaints:my_complaints",
    "inspections:inspection_list",
    "inspections:finding_overdue_list",
    "inspections:notice_list",
    "reporting:report_list",
    "deadlines:deadline_list",
    "targeting:score_list",
]


def _values(filter_) -> list[str]:
    """A likely value and a refused one, by the filter's kind."""
    if isinstance(filter_, django_filters.OrderingFilter):
        return [filter_.extra["choices"][0][0] if filter_.extra.get("choices") else "-received_at", "nonsense"]
    if _reads_rows(filter_):
        first = filter_.field.queryset.order_by("pk").first()
        return [str(first.pk) if first else "1", "999999"]
    if isinstance(filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        choices = [c for c, _label in filter_.field.choices if c not in ("", None)]
        return [str(choices[0]) if choices else "x", "nonsense"]
    if isinstance(filter_, django_filters.BooleanFilter):
        return ["true", "maybe"]
    if isinstance(filter_, django_filters.DateFilter):
        return ["2026-11-01", "31/02/2026"]
    if isinstance(filter_, django_filters.NumberFilter):
        return ["3", "x"]
    return ["PT", "  "]


def _html(response) -> str:
    # Each response's own CSRF token, masked afresh: not part of the comparison.
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1-", response.content.decode())


@pytest.mark.parametrize("who", ["bob", "alice", "erin", "root"])
@pytest.mark.parametrize("page", PAGES)
def test_each_filter_given_alone_or_together_shows_the_page_the_whole_form_gives(
    request, client_for, monkeypatch, who, page, company_a, company_b, alice, charlie
):
    ComplaintFactory(office=alice.office, company=company_a, assigned_to=alice)
    ComplaintFactory(office=charlie.office, company=company_b, assigned_to=charlie)
    client = client_for(request.getfixturevalue(who))
    url = reverse(page)
    opened = client.get(url)
    if opened.status_code != 200:  # not this role's page
        assert opened.status_code in (403, 404)
        return
    filters = opened.context["filter"].filters
    queries = [{name: value, "page": "1"} for name, f in filters.items() for value in _values(f)]
    queries.append({name: _values(f)[0] for name, f in filters.items()})
    made = []
    original = StyledFilterSet.given_values

    def counted(self):
        fast = "_form" not in self.__dict__ and self._names_only_filters()
        made.append(fast)
        given = original(self)
        if fast:  # the same filter set's whole form, built now, cleans the same values
            self.form.is_valid()
            assert given == original(self), (page, self.data)
        return given

    monkeypatch.setattr(StyledFilterSet, "given_values", counted)
    for query in queries[:-1] + [queries[-1], {}, {"page": "2"}]:
        made.clear()
        fast = client.get(url, query)
        took_fast = any(made)
        with monkeypatch.context() as usual:
            usual.setattr(StyledFilterSet, "_names_only_filters", lambda self: False)
            whole = client.get(url, query)
        assert fast.status_code == whole.status_code, query
        assert _html(fast) == _html(whole), query
        alone = [name for name in query if name != "page"]
        if len(alone) == 1 and made and not _reads_rows(filters[alone[0]]):
            assert took_fast, query  # one filter (and a page): without the whole form


def test_the_audit_trails_filters_alone_are_cleaned_as_its_form_cleans_them(root):
    """The audit trail (its page lists the requests made to read it, so two pages never match)."""
    from django.http import QueryDict

    from audit.filters import AuditEntryFilter
    from audit.models import AuditEntry

    opened = AuditEntryFilter(QueryDict(""), queryset=AuditEntry.objects.all())
    assert isinstance(opened, StyledFilterSet)
    for name, filter_ in opened.filters.items():
        for value in _values(filter_):
            data = QueryDict(f"{name}={value}&page=2")
            fast = AuditEntryFilter(data, queryset=AuditEntry.objects.all())
            whole = AuditEntryFilter(data, queryset=AuditEntry.objects.all())
            whole.form.is_valid()  # the whole form first
            assert fast._names_only_filters() and fast.given_values() == whole.given_values(), (name, value)
            assert fast.unfiltered() == whole.unfiltered() and fast.chosen == whole.chosen
