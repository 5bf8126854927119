"""The risk score: each factor alone on a minimal company, the breakdown adds up, weights and their history."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from accidents import services as accident_services
from accidents.choices import CodeList, DiseaseSource, Sex
from inspections.choices import InspectionStatus, NoticeLevel, NoticeStatus
from inspections.models import Notice
from socialsecurity.choices import FlagKind
from socialsecurity.models import Flag
from targeting import scoring, services
from targeting.choices import FactorCode
from targeting.factors import REGISTRY
from targeting.models import FactorWeight, RiskScore, WeightChange
from tests.accidents.helpers import code, make_accident, person
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
    assert lines["accidents"]["reason"] == "no accidents or occupational disease in the last 24 months"
    assert lines["bpjs"]["reason"] == "no BPJS flags"
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


def reason(row, factor):
    return next(x for x in scoring.explain(row.breakdown) if x["factor"] == factor)["reason"]


def test_it_weighs_a_fatal_accident_heavily(minimal, alice):
    make_accident(alice, minimal, occurred_at=NOW - dt.timedelta(days=30), injured=[person(fatal=True)])
    row, points = score_of(minimal)
    assert only(points, "accidents") and points["accidents"] == 2 * 8  # a person killed: 2 units × 8
    assert reason(row, "accidents") == "1 fatal accident in the last 24 months"


def test_it_counts_people_hurt_in_accidents_of_the_last_24_months(minimal, alice):
    make_accident(
        alice, minimal, occurred_at=NOW - dt.timedelta(days=60),
        injured=[person(fatal=True), person("Sari Canary", days_lost=4)],
    )  # fmt: skip
    make_accident(alice, minimal, occurred_at=NOW - dt.timedelta(days=90), injured=[person(days_lost=2)])
    make_accident(alice, minimal, occurred_at=NOW - dt.timedelta(days=800))  # too long ago
    row, points = score_of(minimal)
    assert only(points, "accidents") and points["accidents"] == (2 + 1 + 1) * 8
    assert reason(row, "accidents") == "2 accidents in the last 24 months (1 person killed, 2 people injured)"


def test_it_counts_occupational_disease_cases(minimal, alice):
    for diagnosed in (timezone.localdate() - dt.timedelta(days=20), timezone.localdate() - dt.timedelta(days=900)):
        accident_services.disease_create(
            actor=alice, company=minimal, disease=code(CodeList.DISEASE, "1.2.1"), worker_name="Tono Canary",
            sex=Sex.MALE, exposure="Kebisingan 95 dB(A)", diagnosed_on=diagnosed,
            source=DiseaseSource.DOCTOR, notified_on=diagnosed,
        )  # fmt: skip
    row, points = score_of(minimal)
    assert only(points, "accidents") and points["accidents"] == 8
    assert reason(row, "accidents") == "1 occupational disease case"


def test_it_counts_bpjs_flags_and_the_size_of_the_gap(minimal):
    Flag.objects.create(company=minimal, kind=FlagKind.PARTIAL_WAGES, reason="x", gap=0)
    row, points = score_of(minimal)
    assert only(points, "bpjs") and points["bpjs"] == 1 * 3  # one flag, no gap
    assert reason(row, "bpjs") == "1 BPJS flag (partial: wages)"
    Flag.objects.create(company=minimal, kind=FlagKind.PARTIAL_WORKERS, reason="x", gap=25)
    row, points = score_of(minimal)
    assert only(points, "bpjs") and points["bpjs"] == (2 + 2) * 3  # two flags, 10–49 workers not covered
    assert reason(row, "bpjs") == "2 BPJS flags (partial: workers, partial: wages); 25 workers not covered"


def test_the_accident_factor_follows_its_weight(minimal, alice, root):
    make_accident(alice, minimal, occurred_at=NOW - dt.timedelta(days=30), injured=[person(fatal=True)])
    services.weight_change(actor=root, factor=FactorCode.ACCIDENTS, points=10, reason="fatal accidents matter")
    row, points = score_of(minimal)
    assert points["accidents"] == 20 and row.score == 20


def test_an_accident_recorded_recomputes_its_company(district_a, alice, django_capture_on_commit_callbacks):
    # Never visited (4 × 3 points) and nothing else; no save of this test has queued a recompute yet.
    company = CompanyFactory(district=district_a, kbli="47111", workers_total=5, workers_female=2, bpjs_participants=5)
    scoring.store(type(company).objects.filter(pk=company.pk))
    assert RiskScore.objects.get(company=company).score == 12
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_accident(alice, company, occurred_at=NOW - dt.timedelta(days=3), injured=[person(fatal=True)])
    assert len(callbacks) == 1  # the accident and its injured person: one recompute
    assert RiskScore.objects.get(company=company).score == 12 + 16


def test_bpjs_flags_recomputed_recompute_the_scores(district_a, django_capture_on_commit_callbacks):
    from socialsecurity.services import flags_for_companies

    company = CompanyFactory(
        district=district_a, kbli="47111", workers_total=30, workers_female=0, bpjs_registered=False,
        bpjs_participants=0,
    )  # fmt: skip
    scoring.store(type(company).objects.filter(pk=company.pk))  # no save here queues a recompute
    before = RiskScore.objects.get(company=company).breakdown
    assert next(b for b in before if b["factor"] == "bpjs")["points"] == 0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert flags_for_companies([company.pk]) > 0
    row = RiskScore.objects.get(company=company)
    assert next(b for b in row.breakdown if b["factor"] == "bpjs")["points"] > 0
    assert Flag.objects.filter(company=company).exists()


def test_scores_are_computed_with_a_fixed_number_of_queries(district_a, alice, django_assert_max_num_queries):
    def build(n):
        for i in range(n):
            c = CompanyFactory(district=district_a)
            FindingFactory(inspection=visit(c, alice))
            make_accident(alice, c, occurred_at=NOW - dt.timedelta(days=5 + i), injured=[person(fatal=i % 2 == 0)])
            Flag.objects.create(company=c, kind=FlagKind.NOT_REGISTERED, reason="x", gap=5 + i)

    build(2)
    with django_assert_max_num_queries(16) as small:
        scoring.recompute_office(district_a.office)
    build(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        scoring.recompute_office(district_a.office)
