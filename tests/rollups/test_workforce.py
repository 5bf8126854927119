"""The companies' workforce per district, kept by the database: equal to the companies after any write."""

import random

import pytest
from django.db import connection
from django.db.models import F

from inspectorate import services
from inspectorate.models import Company
from reporting.figures import accidents as figures
from rollups.rebuild import drift, rebuild
from rollups.workforce import computed_workforce, stored_workforce

from ..conftest import require_service
from ..factories import CompanyFactory, DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        require_service("the workforce sums are kept by a PostgreSQL trigger")


def _kept_equals_companies():
    assert stored_workforce() == computed_workforce()
    assert drift()["workforce"] == []


@pytest.mark.parametrize("seed", [0, 1])
def test_every_way_of_writing_companies_keeps_the_sums(seed, office_a, office_b, district_a):
    rng = random.Random(seed)
    districts = [district_a, DistrictFactory(office=office_a), DistrictFactory(office=office_b)]
    for _ in range(60):
        companies = list(Company.objects.values_list("pk", flat=True))
        action = rng.choice(["create", "create", "bulk", "save", "move", "update", "bulk_update", "delete", "none"])
        if action == "create" or not companies:
            CompanyFactory(district=rng.choice(districts), workers_total=rng.choice([0, 5, 120]), workers_female=0)
        elif action == "bulk":
            Company.objects.bulk_create(
                CompanyFactory.build(district=rng.choice(districts), workers_total=rng.randint(0, 50), workers_female=0)
                for _ in range(3)
            )
        elif action == "save":
            company = Company.objects.get(pk=rng.choice(companies))
            company.workers_total, company.workers_female, company.workers_foreign = rng.randint(0, 300), 0, 0
            company.save()
        elif action == "move":
            Company.objects.filter(pk=rng.choice(companies)).update(district=rng.choice(districts))
        elif action == "update":
            Company.objects.filter(pk__in=rng.sample(companies, min(3, len(companies)))).update(
                workers_total=F("workers_total") + 7
            )
        elif action == "bulk_update":
            rows = list(Company.objects.filter(pk__in=rng.sample(companies, min(4, len(companies)))))
            for company in rows:
                company.workers_total, company.workers_female, company.workers_foreign = rng.randint(0, 90), 0, 0
            Company.objects.bulk_update(rows, ["workers_total", "workers_female", "workers_foreign"])
        elif action == "delete":
            Company.objects.filter(pk=rng.choice(companies)).delete()
        else:
            # A write that touches neither the workforce nor the district changes no sum.
            Company.objects.filter(pk=rng.choice(companies)).update(name="PT Lain")
        _kept_equals_companies()
    assert sum(n for n, _staffed, _workers in computed_workforce().values()) > 0


def test_the_company_service_keeps_the_sums_and_the_rates_read_them(bob, office_a, district_a, company_a):
    services.company_update(user=bob, company=company_a, workers_total=400, workers_female=0)
    _kept_equals_companies()
    rows = {r.key: r for r in figures.rates(year=2026, by="office", offices=[office_a])}
    assert (rows[office_a.pk].workers, rows[office_a.pk].hours) == (400, 400 * 2000)
    # The sums are what the office's rates read: a sum changed around the companies shows.
    from rollups.models import DistrictWorkforce

    DistrictWorkforce.objects.filter(district=district_a).update(workers=F("workers") + 1)
    assert figures.rates(year=2026, by="office", offices=[office_a])[0].workers == 401
    assert drift()["workforce"] == [(district_a.pk, [1, 1, 401], [1, 1, 400])]
    rebuild()
    _kept_equals_companies()
