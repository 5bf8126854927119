"""The company page's panels read by queries built once per shape (access.rows_for_user,
PreparedRows): for every role, the same visits, findings, notices, risk score, accident count, BPJS
flags and snapshots as the scoped querysets they replaced, another office's company showing none."""

import datetime as dt

import pytest
from django.utils import timezone

from accidents.models import Accident
from accidents.selectors import company_accident_count
from inspections.models import Finding, Inspection, Notice
from inspections.selectors import company_history
from inspectorate import access
from socialsecurity.models import Flag, Participation
from socialsecurity.selectors import company_bpjs
from targeting.models import RiskScore
from targeting.selectors import company_score
from tests.accidents.helpers import make_accident
from tests.factories import CompanyFactory
from tests.inspections.factories import InspectionFactory
from tests.inspections.helpers import reported

from .conftest import csv_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(run_import, bob, alice, office_a, district_a):
    """Office A's company with two reported visits, a notice, a risk score, an accident and BPJS flags."""
    company = CompanyFactory(
        nib="9100100000001", district=district_a, workers_total=12, workers_female=0, bpjs_registered=False,
        bpjs_participants=0,
    )  # fmt: skip
    from inspections import services

    for _ in range(2):
        visit = InspectionFactory(company=company, lead_inspector=alice)
        findings = reported(visit, alice, findings=2)
    services.notice_issue_first(
        inspection=visit, actor=bob, findings=findings, compliance_deadline=dt.date.today() + dt.timedelta(days=5)
    )
    RiskScore.objects.create(company=company, office=office_a, score=17, breakdown=[], computed_at=timezone.now())
    make_accident(alice, company)
    run_import(bob, office_a, csv_of())  # recomputes the office's flags
    return company


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "dave", "erin", "frank", "grace", "root"])
def test_each_panel_reads_what_its_scoped_queryset_read(request, company, who):
    user = request.getfixturevalue(who)
    history = company_history(user=user, company=company)
    assert [v.pk for v in history.inspections] == list(
        access.restrict(Inspection.objects.filter(company=company), user).values_list("pk", flat=True)[:50]
    )
    assert [f.pk for f in history.findings] == list(
        access.restrict(Finding.objects.filter(inspection__company=company), user)
        .order_by("-inspection__planned_date", "-id")
        .values_list("pk", flat=True)[:50]
    )
    assert [n.pk for n in history.notices] == list(
        access.restrict(Notice.objects.filter(company=company), user).values_list("pk", flat=True)[:50]
    )
    risk = company_score(user=user, company=company)
    expected_risk = access.restrict(RiskScore.objects.all(), user).filter(company=company).first()
    assert (risk and risk["score"]) == (expected_risk and expected_risk.score)
    assert company_accident_count(user=user, company=company) == (
        access.restrict(Accident.objects.filter(company=company), user).count()
    )
    flags, snapshots = company_bpjs(user=user, company=company)
    expected_flags = access.restrict(Flag.objects.filter(company=company), user).order_by("-gap", "kind")
    assert [f.pk for f in flags] == list(expected_flags.values_list("pk", flat=True))
    expected_snapshots = access.restrict(Participation.objects.filter(company=company), user)
    assert snapshots.paginator.count == expected_snapshots.count()
    if who in ("alice", "bob", "erin", "grace", "root"):  # office A's staff, its region's and the country's
        assert len(history.inspections) == 2 and len(history.findings) == 4 and len(history.notices) == 1
        assert risk["score"] == 17 and company_accident_count(user=user, company=company) == 1 and flags
    else:
        assert not history.inspections and risk is None and not flags
