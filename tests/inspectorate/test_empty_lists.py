"""A list with nothing to show reads no rows and builds no query for them.

An empty list's page is its rows [0:0]. Django knows that slice matches nothing and compiles no SQL
for it, so ``inspectorate.prepared`` kept no query for its shape and built and tried to compile
it again on every request: about 1.5 ms of Python an empty list page (the reports page of a
national official before the first month's reports, 2.8 times its SQL)."""

import pytest

from inspectorate import access
from inspectorate.models import Company
from tests.conftest import compiling_nothing
from tests.factories import OfficeFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_empty_bounds_read_nothing_and_build_nothing(alice, company_a):
    def never():
        raise AssertionError("an empty slice's queryset was built")

    assert access.rows_for_user(Company, never, alice, bounds=(0, 0)) == []
    assert access.rows_for_user(Company, never, alice, bounds=(25, 25)) == []
    # The same function with rows to read still reads them.
    assert access.rows_for_user(Company, company_rows, alice, bounds=(0, 25)) == [company_a.pk]


def company_rows():
    return Company.objects.order_by("pk").values_list("pk", flat=True)


def office_without_visits_head(region_a):
    from inspectorate.choices import Role

    return StaffFactory(username="kosong", role=Role.OFFICE_HEAD, office=OfficeFactory(region=region_a))


@pytest.mark.parametrize(
    "who, address, empty",
    [
        ("grace", "/reports/", "Belum ada laporan"),
        ("empty_head", "/inspections/", "Tidak ada pemeriksaan yang sesuai"),
        ("alice", "/companies/?q=tidak-ada-yang-cocok", "Tidak ada perusahaan yang cocok"),
        ("alice", "/companies/?q=9999999999999", "Tidak ada perusahaan yang cocok"),
    ],
)
def test_an_empty_list_page_compiles_nothing_after_its_first_request(
    request, client_for, company_a, who, address, empty, orm_compiles
):
    user = office_without_visits_head(request.getfixturevalue("region_a")) if who == "empty_head" else None
    second = compiling_nothing(client_for(user or request.getfixturevalue(who)), address, orm_compiles)
    assert second.context["page"].paginator.count == 0
    assert empty in second.content.decode()
