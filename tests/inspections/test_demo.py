import datetime as dt
import io
import random

import pytest
from django.utils import timezone

from inspections import demo
from inspections.choices import Kind
from inspections.models import Inspection, Investigation, Notice
from inspectorate.choices import Role
from reporting import figures
from rollups import demo as rollups_demo
from tests.factories import CompanyFactory, DistrictFactory, OfficeFactory, StaffFactory

from .factories import make_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def ks1(region_b):
    office = OfficeFactory(code="KS-I", region=region_b, time_zone="Asia/Makassar")
    district = DistrictFactory(code="6371", office=office, region=region_b)
    companies = [CompanyFactory(district=district) for _ in range(20)]
    StaffFactory(username="ks1.kepala", role=Role.OFFICE_HEAD, office=office)
    inspectors = [
        StaffFactory(username=f"ks1.pengawas{i:02d}", role=Role.INSPECTOR, office=office, is_investigator=i <= 2)
        for i in range(1, 5)
    ]
    make_complaint(office=office, company=companies[0], assigned_to=inspectors[2])
    return office, inspectors


def test_it_seeds_a_year_of_visits_with_the_quota_mostly_met(ks1):
    office, inspectors = ks1
    now = timezone.now()
    out = io.StringIO()
    demo.seed(rng=random.Random(7), now=now, stdout=out)
    rollups_demo.seed(rng=None, now=now, stdout=io.StringIO())  # as seed_demo does after the bulk writes
    local = now.astimezone(office.zone)
    months = []
    year, month = local.year, local.month
    for _ in range(11):  # the eleven full months before this one
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append((year, month))
    for inspector in inspectors:
        counted = [figures.inspector_quota(inspector=inspector, month=dt.date(y, m, 1)).counted for y, m in months]
        met = sum(c >= office.monthly_quota for c in counted)
        assert 6 <= met <= 10, counted  # most months met, a few short
    assert Inspection.objects.filter(kind=Kind.ASSIGNMENT).exists()
    assert Inspection.objects.filter(team__isnull=False).exists()
    assert Inspection.objects.filter(kind=Kind.COMPLAINT, origin_complaint__isnull=False).count() == 1
    assert Notice.objects.filter(level="I").exists() and Notice.objects.filter(level="II").exists()
    investigation = Investigation.objects.get()
    assert investigation.investigator.username == "ks1.pengawas01" and investigation.steps.count() == 3
    assert Inspection.objects.filter(status="planned", planned_date=local.date()).exists()
    assert "visits" in out.getvalue()


def test_it_does_nothing_when_inspections_exist(ks1):
    demo.seed(rng=random.Random(1), now=timezone.now(), stdout=io.StringIO())
    count = Inspection.objects.count()
    demo.seed(rng=random.Random(2), now=timezone.now() + dt.timedelta(days=1), stdout=io.StringIO())
    assert Inspection.objects.count() == count
