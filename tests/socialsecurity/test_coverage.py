import datetime as dt
from decimal import Decimal

import pytest

from inspectorate.models import District
from reporting.figures.socialsecurity import company_flags, coverage
from socialsecurity.models import WorkforceEstimate
from tests.factories import CompanyFactory, DistrictFactory, RegionFactory

from .conftest import csv_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kukar(office_a):
    region = RegionFactory(code="64", name="Kalimantan Timur")
    return DistrictFactory(code="6403", name="Kutai Kartanegara", office=office_a, region=region)


def test_kutai_kartanegara_from_imported_data(run_import, bob, office_a, kukar):
    """Formal 104,769 / 136,100 = 77.0 %; informal 57,466 / 119,971 = 47.9 % (not the published 49 %)."""
    for i, workers in enumerate((60000, 50000, 30000)):
        CompanyFactory(nib=f"640300000000{i}", district=kukar, workers_total=workers, workers_female=0)
    run_import(
        bob, office_a,
        csv_of("6403000000000,NPP-A,,50000,JKK;JKM;JHT;JP;JKP,,,", "6403000000001,NPP-B,,40000,JKK;JKM;JHT;JP;JKP,,,",
               "6403000000002,NPP-C,,14769,JKK;JKM;JHT;JP;JKP,,,", ",,,57466,,,BPU,6403"),
        as_of=dt.date(2025, 12, 31), source="BPJS Ketenagakerjaan Cabang Tenggarong",
    )  # fmt: skip
    WorkforceEstimate.objects.create(
        district=kukar, year=2025, formal_workers=136100, informal_workers=119971, source="BPS Sakernas Agustus 2025"
    )
    result = coverage(year=2025, district=kukar)
    row = result.rows[0]
    assert (row.formal.participants, row.formal.workers, row.formal.rate) == (104769, 136100, Decimal("77.0"))
    assert (row.informal.participants, row.informal.workers, row.informal.rate) == (57466, 119971, Decimal("47.9"))
    assert row.formal.participant_sources == {"BPJS Ketenagakerjaan Cabang Tenggarong"}
    assert row.informal.worker_sources == {"BPS Sakernas Agustus 2025"}
    # By region: the region row sums its districts.
    by_region = coverage(year=2025)
    assert [(r.name, r.formal.rate, r.informal.rate) for r in by_region.rows if r.code == "64"] == [
        ("Kalimantan Timur", Decimal("77.0"), Decimal("47.9"))
    ]
    assert coverage(year=2024, district=kukar).rows[0].formal.rate is None  # no estimate that year


def test_over_100_percent_is_shown_as_computed(run_import, bob, office_a, district_a):
    CompanyFactory(nib="3275000000000", district=district_a, workers_total=150, workers_female=0)
    run_import(bob, office_a, csv_of("3275000000000,N,,150,JKK;JKM;JHT;JP;JKP,,,"), as_of=dt.date(2026, 3, 1))
    WorkforceEstimate.objects.create(district=district_a, year=2026, formal_workers=100, informal_workers=0, source="x")
    row = coverage(year=2026, district=district_a).rows[0]
    assert row.formal.rate == Decimal("150.0") and row.formal.over
    assert row.informal.rate is None  # a zero denominator gives no rate


def test_the_districts_given_narrow_the_figure(district_a, district_b):
    WorkforceEstimate.objects.create(district=district_a, year=2026, formal_workers=10, informal_workers=10, source="x")
    WorkforceEstimate.objects.create(district=district_b, year=2026, formal_workers=10, informal_workers=10, source="x")
    result = coverage(year=2026, districts=District.objects.filter(pk=district_a.pk))
    assert result.total.formal.workers == 10


def test_coverage_takes_a_fixed_number_of_queries(django_assert_max_num_queries, district_a, office_a):
    for _n in range(5):
        d = DistrictFactory(office=office_a, region=office_a.region)
        WorkforceEstimate.objects.create(district=d, year=2026, formal_workers=10, informal_workers=10, source="x")
    with django_assert_max_num_queries(5):
        coverage(year=2026)


def test_company_flags_reads_the_stored_flags(run_import, bob, office_a, district_a):
    company = CompanyFactory(district=district_a, workers_total=3, workers_female=0, bpjs_registered=False,
                             bpjs_participants=0)  # fmt: skip
    run_import(bob, office_a, csv_of())  # an empty file still recomputes the office's flags
    flags = company_flags([company.pk])
    assert [f.kind for f in flags[company.pk]] == ["not_registered"]
