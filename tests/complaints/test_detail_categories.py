"""The complaint page's categories, read by a prepared query (complaints.selectors.with_categories)
and kept as Django's prefetch keeps them: shown in Category's order, no query to read them again,
and nothing for the ORM to compile after the page's first request."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from complaints import selectors, services
from complaints.models import Category, Complaint
from inspectorate.prepared import keep_prefetched

from ..conftest import compiling_nothing
from .factories import make_complaint

pytestmark = pytest.mark.django_db

# Category's order is its position: "Upah" (wages) comes before "K3" (osh) whatever the filing order.
CODES = ("osh", "wages")


@pytest.fixture
def two_categories(company_a, bob, alice):
    """Filed under two categories, screened and assigned: past the page's search for duplicates
    (an ORM query of its own, for a complaint still to be screened)."""
    complaint = make_complaint(company=company_a, categories=CODES).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    return complaint


def test_the_categories_are_the_relations_in_its_order_without_a_query_to_read_them(
    two_categories, django_assert_num_queries
):
    expected = list(Category.objects.filter(complaints=two_categories))
    assert [c.code for c in expected] == sorted(CODES, key=lambda code: Category.objects.get(code=code).position)
    complaint = Complaint.objects.get(pk=two_categories.pk)
    with django_assert_num_queries(1):
        selectors.with_categories(complaint)
    with django_assert_num_queries(0):
        assert list(complaint.categories.all()) == expected
        assert [str(c) for c in complaint.categories.all()] == [str(c) for c in expected]


def test_the_page_shows_them_in_order_and_compiles_nothing_after_its_first_request(
    client_for, bob, two_categories, orm_compiles
):
    names = ", ".join(str(c) for c in Category.objects.filter(complaints=two_categories))
    address = reverse("complaints:complaint_detail", args=[two_categories.pk])
    page = compiling_nothing(client_for(bob), address, orm_compiles)
    assert names in page.content.decode()
    assert "Upah" in names  # Indonesian, as the office reads it


def test_only_a_many_to_many_relation_or_a_reverse_foreign_key_is_kept(two_categories):
    with pytest.raises(ImproperlyConfigured, match="many-to-many"):
        keep_prefetched(two_categories, "office", [])  # a foreign key of its own
    keep_prefetched(two_categories, "events", [])  # the reverse of ComplaintEvent.complaint
    assert list(two_categories.events.all()) == []
