import datetime as dt
import io
import random

import pytest

from inspectorate.choices import Role
from targeting import demo
from targeting.models import Assignment, Plan, RiskScore
from tests.factories import CompanyFactory, DistrictFactory, OfficeFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_it_scores_every_company_and_drafts_next_month_once(region_b):
    office = OfficeFactory(code="KS-I", region=region_b, time_zone="Asia/Makassar")
    district = DistrictFactory(code="6371", office=office, region=region_b)
    for _ in range(20):
        CompanyFactory(district=district)
    StaffFactory(username="ks1.kepala", role=Role.OFFICE_HEAD, office=office)
    for i in range(3):
        StaffFactory(username=f"ks1.pengawas{i}", role=Role.INSPECTOR, office=office)
    out = io.StringIO()
    demo.seed(rng=random.Random(1), now=dt.datetime.now(dt.UTC), stdout=out)
    assert RiskScore.objects.count() == 20 and Assignment.objects.count() == 3
    plan = Plan.objects.get()
    assert plan.status == "draft" and plan.entries.count() == 15
    demo.seed(rng=random.Random(1), now=dt.datetime.now(dt.UTC), stdout=out)
    assert Plan.objects.count() == 1 and "already seeded" in out.getvalue()
