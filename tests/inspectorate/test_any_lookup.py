"""``field__any=[...]`` (inspectorate.queries.AnyOf): the rows of ``__in``, the list as one parameter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspectorate.models import Company, Office, Staff

from ..factories import CompanyFactory, DistrictFactory, OfficeFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(region_a):
    made = [OfficeFactory(region=region_a) for _ in range(4)]
    for office in made:
        StaffFactory(office=office)
        CompanyFactory(district=DistrictFactory(office=office, region=region_a))
    return made


def test_it_finds_the_rows_in_finds_on_a_key_a_foreign_key_and_a_joined_path(offices):
    ids = [offices[0].pk, offices[2].pk, 10**9]  # one id that matches nothing
    cases = [
        (Office.objects, "pk"),
        (Staff.objects, "office_id"),
        (Company.objects, "district__office_id"),
    ]
    for manager, path in cases:
        expected = set(manager.filter(**{f"{path}__in": ids}).values_list("pk", flat=True))
        assert len(expected) == 2
        assert set(manager.filter(**{f"{path}__any": ids}).values_list("pk", flat=True)) == expected
        assert manager.exclude(**{f"{path}__any": ids}).count() == manager.count() - 2


def test_it_finds_nothing_for_no_values(offices):
    assert not Staff.objects.filter(office_id__any=[]).exists()
    assert Staff.objects.exclude(office_id__any=[]).count() == Staff.objects.count()


def test_it_sends_postgresql_the_list_as_one_parameter(offices):
    ids = [o.pk for o in offices]
    with CaptureQueriesContext(connection) as ctx:
        list(Staff.objects.filter(office_id__any=ids))
    sql = ctx.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert '"office_id" = ANY(ARRAY[' in sql and "::bigint[])" in sql
    else:
        assert '"office_id" IN (' in sql
