"""The risk score: each factor alone on a minimal company, the breakdown adds up, weights and their history."""

import datetime as dt

import pytest
from django.utils import timezone

from inspections.choices import InspectionStatus, NoticeLevel, NoticeStatus
from inspections.models import Notice
from targeting import scoring, services
from targeting.choices import FactorCode
from targeting.factors import REGISTRY
from targeting.models import FactorWeight, RiskScore, WeightChange
from tests.factories import CompanyFactory
from tests.inspections.factories import FindingFactory, InspectionFactory, make_complaint

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def visit(company, lead, *, days_ago=10, status=InspectionStatus.REPORTED):
    return InspectionFactory(
        company=company,
        lead_inspector=lead,
        status=status,
        visited_at=NOW - dt.timedelta(days=days_ago),
        planned_date=(NOW - dt.timedelta(days=days_ago)).date(),
    )


@pytest.fixture
def minimal(district_a, alice):
    """A company that scores nothing: a low-hazard sector, 5 workers, complete data, visited 10 days ago."""
    company = CompanyFactory(district=district_a, kbli="47111", workers_total=5, workers_female=2, bpjs_participants=5)
    visit(company, alice)
    return company


def score_of(company):
    scoring.store(type(company).objects.filter(pk=company.pk))
    row = RiskScore.objects.get(company=company)
    points = {b["factor"]: b["points"] for b in row.breakdown}
    assert sum(points.values()) == row.score  # the breakdown adds up to the score
    return row, points


def only(points, factor):
    return {code: p for code, p in points.items() if p} == ({factor: points[factor]} if points[factor] else {})


def test_it_scores_a_minimal_company_zero_and_explains_every_factor(minimal):
    row, points = score_of(minimal)
    assert row.score == 0
    assert set(points) == set(REGISTRY)
    lines = {line["factor"]: line for line in scoring.explain(row.breakdown)}
    assert lines["accidents"]["reason"] == "no accident data recorded"
    assert lines["bpjs"]["reason"] == "no BPJS data recorded"
    assert lines["last_visit"]["reason"] == "last visited 0 months ago"


def test_it_counts_the_sector_hazard(minimal):
    minimal.kbli = "41011"  # construction: very high (3 units × 4)
    minimal.save()
    row, points = score_of(minimal)
    assert only(points, "sector") and points["sector"] == 12
    line = next(x for x in scoring.explain(row.breakdown) if x["factor"] == "sector")
    assert line["reason"] == "sector 41 (Konstruksi): very high hazard"


def test_it_counts_size_in_bands(minimal):
    minimal.workers_total = 120  # 100–499: 3 units × 2
    minimal.save()
    _, points = score_of(minimal)
    assert only(points, "size") and points["size"] == 6
    minimal.workers_total = 600
    minimal.save()
    _, points = score_of(minimal)
    assert points["size"] == 8


def test_it_counts_open_notas_and_overdue_ones_twice(minimal, alice, bob):
    inspection = minimal_visit = visit(minimal, alice, days_ago=20)
    today = timezone.localdate()
    for n, deadline in enumerate([today + dt.timedelta(days=5), today - dt.timedelta(days=1)]):
        Notice.objects.create(
            inspection=minimal_visit,
            office=inspection.office,
            company=minimal,
            level=NoticeLevel.FIRST,
            number=f"N-{n}",
            issued_on=today - dt.timedelta(days=20),
            compliance_deadline=deadline,
            issued_by=bob,
        )
    Notice.objects.create(
        inspection=inspection,
        office=inspection.office,
        company=minimal,
        level=NoticeLevel.FIRST,
        number="N-done",
        issued_on=today,
        compliance_deadline=today,
        issued_by=bob,
        status=NoticeStatus.COMPLIED,
    )
    row, points = score_of(minimal)
    assert only(points, "notices") and points["notices"] == 3 * 5
    line = next(x for x in scoring.explain(row.breakdown) if x["factor"] == "notices")
    assert line["reason"] == "2 open Notas, 1 past its compliance deadline (counted twice)"


def test_it_counts_findings_of_the_last_24_months_by_severity_and_lateness(minimal, alice):
    recent = visit(minimal, alice, days_ago=40)
    FindingFactory(inspection=recent, severity="critical")
    FindingFactory(inspection=recent, severity="low", deadline=timezone.localdate() - dt.timedelta(days=1))
    old = visit(minimal, alice, days_ago=800)
    FindingFactory(inspection=old, severity="critical")
    row, points = score_of(minimal)
    # (4 + 1) severity units + 1 not corrected in time, × 2 points
    assert only(points, "findings") and points["findings"] == 12
    line = next(x for x in scoring.explain(row.breakdown) if x["factor"] == "findings")
    assert line["reason"] == "2 findings in the last 24 months (1 low, 1 critical); 1 not corrected within its deadline"


def test_it_counts_complaints_of_the_last_12_months(minimal, office_a):
    make_complaint(office=office_a, company=minimal, reference="ADU-1")
    make_complaint(office=office_a, company=minimal, reference="ADU-2")
    old = make_complaint(office=office_a, company=minimal, reference="ADU-3")
    type(old).objects.filter(pk=old.pk).update(received_at=NOW - dt.timedelta(days=400))
    _, points = score_of(minimal)
    assert only(points, "complaints") and points["complaints"] == 2 * 3


def test_it_counts_months_since_the_last_visit_and_never_most(district_a, alice):
    company = CompanyFactory(district=district_a, kbli="47111", workers_total=5, workers_female=2, bpjs_participants=5)
    row, points = score_of(company)
    assert only(points, "last_visit") and points["last_visit"] == 4 * 3
    assert next(x for x in scoring.explain(row.breakdown) if x["factor"] == "last_visit")["reason"] == "never visited"
    visit(company, alice, days_ago=400)
    visit(company, alice, days_ago=5, status=InspectionStatus.CANCELLED)  # not a visit
    _, points = score_of(company)
    assert only(points, "last_visit") and points["last_visit"] == 1 * 3


def test_it_counts_missing_registry_data(minimal):
    minimal.nib = ""
    minimal.address = ""
    minimal.save()
    row, points = score_of(minimal)
    assert only(points, "missing_data") and points["missing_data"] == 2
    line = next(x for x in scoring.explain(row.breakdown) if x["factor"] == "missing_data")
    assert line["reason"] == "missing in the registry: NIB, address"


def test_it_counts_many_foreign_workers(minimal):
    minimal.workers_foreign = 1  # 20 % of 5 workers, but fewer than 5
    minimal.save()
    assert score_of(minimal)[0].score == 0
    minimal.workers_total, minimal.workers_foreign = 9, 5
    minimal.save()
    row, points = score_of(minimal)
    assert only(points, "foreign_workers") and points["foreign_workers"] == 3
    line = next(x for x in scoring.explain(row.breakdown) if x["factor"] == "foreign_workers")
    assert line["reason"] == "5 foreign workers; young workers are not recorded in the registry"


def test_factors_without_data_add_nothing_whatever_their_weight(minimal, root):
    services.weight_change(actor=root, factor=FactorCode.ACCIDENTS, points=50, reason="fatal accidents matter")
    row, points = score_of(minimal)
    assert points["accidents"] == 0 and row.score == 0


def test_a_weight_change_is_recorded_and_recomputes_the_scores(minimal, root, django_capture_on_commit_callbacks):
    minimal.workers_total = 120
    minimal.save()
    scoring.store(type(minimal).objects.filter(pk=minimal.pk))
    assert RiskScore.objects.get(company=minimal).score == 6
    with django_capture_on_commit_callbacks(execute=True):
        services.weight_change(actor=root, factor=FactorCode.SIZE, points=5, reason="size matters more")
    assert RiskScore.objects.get(company=minimal).score == 15
    change = WeightChange.objects.get()
    assert (change.factor, change.old_points, change.new_points, change.actor, change.reason) == (
        "size",
        2,
        5,
        root,
        "size matters more",
    )
    assert FactorWeight.objects.get(factor="size").points == 5


def test_only_admins_change_weights(bob):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.weight_change(actor=bob, factor=FactorCode.SIZE, points=5, reason="x")
    assert not WeightChange.objects.exists()


def test_a_finding_saved_recomputes_its_company(district_a, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        company = CompanyFactory(
            district=district_a, kbli="47111", workers_total=5, workers_female=2, bpjs_participants=5
        )
        recent = visit(company, alice, days_ago=3)
        FindingFactory(inspection=recent, severity="medium")
        FindingFactory(inspection=recent, severity="medium")
    assert len(callbacks) == 1  # one recompute for the transaction, not one per save
    assert RiskScore.objects.get(company=company).score == 2 * 2 * 2


def test_scores_are_computed_with_a_fixed_number_of_queries(district_a, alice, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            c = CompanyFactory(district=district_a)
            FindingFactory(inspection=visit(c, alice))

    build(2)
    with django_assert_max_num_queries(12) as small:
        scoring.recompute_office(district_a.office)
    build(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        scoring.recompute_office(district_a.office)
