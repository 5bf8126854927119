"""Rates with values computed by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from accidents import services
from accidents.choices import CodeList, DiseaseSource, Sex
from reporting.figures import accidents as figures
from tests.factories import CompanyFactory, DistrictFactory

from .helpers import code, make_accident, person

pytestmark = pytest.mark.django_db


def test_the_formulas():
    # 3 cases in 250,000 hours: 3 × 1,000,000 / 250,000 = 12.00
    assert figures.frequency_rate(3, 250_000) == Decimal("12.00")
    # 45 days lost in 250,000 hours: 45 × 1,000,000 / 250,000 = 180.00
    assert figures.severity_rate(45, 250_000) == Decimal("180.00")
    # 3 cases among 120 workers: 3 × 1,000 / 120 = 25.00
    assert figures.incidence_rate(3, 120) == Decimal("25.00")
    # 1 case in 240,000 hours = 4.1666… → 4.17 (half up)
    assert figures.frequency_rate(1, 240_000) == Decimal("4.17")
    assert figures.frequency_rate(1, 0) is None and figures.incidence_rate(1, 0) is None


@pytest.fixture
def world(alice, office_a, district_a, company_a):
    """Two companies of office A in two sectors, one of another district of office A; hand-made numbers."""
    company_a.kbli, company_a.workers_total = "10750", 120
    company_a.save()
    other = CompanyFactory(district=DistrictFactory(office=office_a), kbli="41011", workers_total=50)
    # company_a: hours entered for 2026: 250,000 h, 125 workers
    services.hours_set(actor=alice, company=company_a, year=2026, hours=250_000, workers=125)
    # other: no entry: estimated 50 × 2,000 = 100,000 h, 50 workers
    make_accident(
        alice, company_a, occurred_at=dt.datetime(2026, 2, 3, 2, tzinfo=dt.UTC),
        injured=[person(days_lost=10), person(days_lost=20, sex=Sex.FEMALE)],
    )  # fmt: skip
    make_accident(alice, company_a, occurred_at=dt.datetime(2026, 5, 3, 2, tzinfo=dt.UTC), injured=[person(fatal=True)])
    make_accident(alice, other, occurred_at=dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC), injured=[person(days_lost=5)])
    # 2025 (31 Dec 23:00 WIB is still 2025 in Jakarta): not in 2026's figures
    make_accident(alice, other, occurred_at=dt.datetime(2025, 12, 31, 16, tzinfo=dt.UTC), injured=[person()])
    return company_a, other


def test_rates_per_company(world):
    company_a, other = world
    rows = {r.key: r for r in figures.rates(year=2026, by="company")}
    a = rows[company_a.pk]
    assert (a.accidents, a.cases, a.fatal, a.days_lost, a.hours, a.workers, a.estimated) == (
        2,
        3,
        1,
        30,
        250_000,
        125,
        False,
    )
    assert a.frequency_rate == Decimal("12.00")  # 3 × 10^6 / 250,000
    assert a.severity_rate == Decimal("120.00")  # 30 × 10^6 / 250,000
    assert a.incidence == Decimal("24.00")  # 3 × 1,000 / 125
    b = rows[other.pk]
    assert (b.cases, b.days_lost, b.hours, b.workers, b.estimated) == (1, 5, 100_000, 50, True)
    assert b.frequency_rate == Decimal("10.00")  # 1 × 10^6 / 100,000
    assert b.severity_rate == Decimal("50.00")  # 5 × 10^6 / 100,000
    assert b.incidence == Decimal("20.00")  # 1 × 1,000 / 50


def test_rates_per_office_region_and_sector(world, office_a, region_a):
    (office,) = figures.rates(year=2026, by="office", offices=[office_a])
    # 4 cases, 35 days, 350,000 hours, 175 workers
    assert (office.cases, office.days_lost, office.hours, office.workers, office.estimated) == (
        4,
        35,
        350_000,
        175,
        True,
    )
    assert office.frequency_rate == Decimal("11.43")  # 4 × 10^6 / 350,000 = 11.428…
    assert office.severity_rate == Decimal("100.00")  # 35 × 10^6 / 350,000
    assert office.incidence == Decimal("22.86")  # 4 × 1,000 / 175 = 22.857…
    (region,) = figures.rates(year=2026, by="region", offices=[office_a])
    assert region.key == region_a.pk and region.frequency_rate == office.frequency_rate
    sectors = {r.key: r for r in figures.rates(year=2026, by="sector", offices=[office_a])}
    assert sectors["10"].frequency_rate == Decimal("12.00") and sectors["41"].frequency_rate == Decimal("10.00")


def test_accident_counts_since(world):
    company_a, other = world
    counts = figures.accident_counts([company_a.pk, other.pk], since=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    assert counts == {
        company_a.pk: {"accidents": 1, "cases": 1, "fatal": 1, "days_lost": 0},
        other.pk: {"accidents": 1, "cases": 1, "fatal": 0, "days_lost": 5},
    }


def test_annual_statistics(world, alice, company_a, region_a):
    services.disease_create(
        actor=alice, company=company_a, disease=code(CodeList.DISEASE, "1.2.1"), worker_name="Tono Canary",
        sex=Sex.MALE, exposure="Kebisingan 95 dB(A)", diagnosed_on=dt.date(2026, 4, 1),
        source=DiseaseSource.DOCTOR, notified_on=dt.date(2026, 4, 3),
    )  # fmt: skip
    stats = figures.annual_statistics(year=2026, region=region_a)
    assert stats["accidents"] == 3 and stats["cases"] == 4 and stats["fatalities"] == 1
    assert stats["by_severity"] == {"fatal": 1, "permanent": 0, "temporary": 3, "no_days_lost": 0}
    assert stats["by_sector"] == {"10": 3, "41": 1}
    assert stats["by_sex"] == {"male": 3, "female": 1}
    assert stats["diseases"] == 1 and stats["by_disease"] == {"1.2.1": 1}
    assert figures.annual_statistics(year=2025)["cases"] == 1


def test_rates_take_a_fixed_number_of_queries(world, office_a, django_assert_max_num_queries, alice, company_a):
    with django_assert_max_num_queries(6):
        figures.rates(year=2026, by="company", offices=[office_a])
    for _ in range(5):
        make_accident(alice, company_a, occurred_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC), injured=[person()])
    with django_assert_max_num_queries(6):
        figures.rates(year=2026, by="company", offices=[office_a])
