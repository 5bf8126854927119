"""The monthly plan: capacity, risk first with a random share, spread, the head's edits, confirmation."""

import datetime as dt
import math
from collections import Counter
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from inspections.choices import InspectionStatus, Kind
from inspections.models import Inspection
from inspectorate.choices import Role
from targeting import planning, services
from targeting.choices import PlanStatus, Selection
from targeting.models import Assignment, Leave, PlanSetting
from tests.factories import CompanyFactory, DistrictFactory, StaffFactory

pytestmark = pytest.mark.django_db

MONTH = dt.date(2031, 3, 1)  # 20 working days (Nyepi on the 24th)


@pytest.fixture
def office(office_a, district_a):
    districts = [district_a, *(DistrictFactory(office=office_a, region=office_a.region) for _ in range(3))]
    for n in range(200):
        CompanyFactory(
            district=districts[n % 4],
            workers_total=5 + 7 * n,
            workers_female=0,
            bpjs_participants=0,
            bpjs_registered=False,
            kbli=["41011", "47111", "10750", "24100"][n % 4 if n < 100 else 0],
        )
    staff = [StaffFactory(username=f"insp{n}", role=Role.INSPECTOR, office=office_a) for n in range(9)]
    for person, district in zip(staff, districts * 3, strict=False):
        Assignment.objects.create(inspector=person, district=district)
    office_a.districts_list = districts
    office_a.staff_list = staff
    return office_a


def generate(bob, office, seed=7, month=MONTH):
    return services.plan_generate(actor=bob, office=office, month=month, seed=seed)


def test_it_proposes_45_visits_for_9_inspectors_with_quota_5(office, bob):
    plan = generate(bob, office)
    entries = list(plan.entries.all())
    assert plan.capacity == 45 and len(entries) == 45
    assert len({e.company_id for e in entries}) == 45  # no company twice
    random_count = sum(e.selection == Selection.RANDOM for e in entries)
    assert abs(random_count - 45 * plan.random_percent / 100) <= 1
    assert Counter(e.inspector_id for e in entries) == dict.fromkeys((s.pk for s in office.staff_list), 5)
    workdays = planning.working_days(MONTH)
    assert all(e.planned_date in workdays for e in entries)
    assert dt.date(2031, 3, 24) not in workdays  # Nyepi 2031: no visit on a national holiday


def test_the_same_seed_draws_the_same_random_share(office, bob):
    first = {e.company_id for e in generate(bob, office, seed=11).entries.filter(selection=Selection.RANDOM)}
    again = {e.company_id for e in generate(bob, office, seed=11).entries.filter(selection=Selection.RANDOM)}
    other = {e.company_id for e in generate(bob, office, seed=12).entries.filter(selection=Selection.RANDOM)}
    assert first == again and first != other


def test_risk_picks_are_the_highest_scores_within_the_spread_rule(office, bob):
    from targeting.models import RiskScore

    plan = generate(bob, office)
    risk = list(plan.entries.filter(selection=Selection.RISK).select_related("company"))
    per_district = Counter(e.company.district_id for e in risk)
    cap = math.ceil(len(risk) * planning.DISTRICT_SHARE)
    assert max(per_district.values()) <= cap  # spread rule: no district takes more than half
    assert len(per_district) >= 2
    # Within each district the picks are its highest scores.
    for district_id, n in per_district.items():
        top = list(
            RiskScore.objects.filter(company__district_id=district_id)
            .order_by("-score", "company_id")
            .values_list("score", flat=True)[:n]
        )
        assert sorted((e.score for e in risk if e.company.district_id == district_id), reverse=True) == top


def test_inspectors_get_their_assigned_districts_first(office, bob):
    plan = generate(bob, office)
    areas = {a.inspector_id: a.district_id for a in Assignment.objects.all()}
    entries = list(plan.entries.select_related("company"))
    load = Counter(e.inspector_id for e in entries)
    away = [e for e in entries if areas[e.inspector_id] != e.company.district_id]
    assert len(away) < 10
    for e in away:  # only when every inspector of the company's district is full
        assert all(load[i] == 5 for i, d in areas.items() if d == e.company.district_id)


def test_leave_and_already_planned_visits_reduce_capacity(office, bob):
    first, second = office.staff_list[:2]
    Leave.objects.create(inspector=first, start=MONTH, end=MONTH.replace(day=31))  # the whole month
    company = CompanyFactory(district=office.districts_list[0])
    Inspection.objects.create(
        reference="PMR-X-1", office=office, company=company, lead_inspector=second, planned_date=MONTH, created_by=bob
    )
    plan = generate(bob, office)
    per = Counter(plan.entries.values_list("inspector_id", flat=True))
    assert plan.capacity == 45 - 5 - 1 and per[first.pk] == 0 and per[second.pk] == 4
    assert not plan.entries.filter(company=company).exists()  # already planned: not proposed again


def test_the_random_share_follows_the_office_setting(office, bob):
    PlanSetting.objects.create(office=office, random_percent=20)
    plan = generate(bob, office)
    assert abs(plan.entries.filter(selection=Selection.RANDOM).count() - 9) <= 1


def test_the_head_swaps_a_company_with_a_reason(office, bob):
    plan = generate(bob, office)
    entry = plan.entries.first()
    outside = next(
        c
        for c in CompanyFactory._meta.model.objects.filter(district__office=office)
        if not plan.entries.filter(company=c).exists()
    )
    with pytest.raises(ValidationError):
        services.plan_entry_change(actor=bob, entry=entry, company=outside, reason=" ")
    services.plan_entry_change(actor=bob, entry=entry, company=outside, reason="Laporan kecelakaan minggu lalu")
    entry.refresh_from_db()
    assert (entry.company, entry.selection, entry.reason) == (
        outside,
        Selection.OVERRIDE,
        "Laporan kecelakaan minggu lalu",
    )
    taken = plan.entries.exclude(pk=entry.pk).first().company
    with pytest.raises(ValidationError):
        services.plan_entry_change(actor=bob, entry=entry, company=taken, reason="twice")


def test_only_the_head_edits_and_another_office_sees_nothing(office, bob, alice, dave, company_b):
    plan = generate(bob, office)
    entry = plan.entries.first()
    with pytest.raises(PermissionDenied):
        services.plan_entry_change(actor=alice, entry=entry, planned_date=MONTH, reason="x")
    with pytest.raises(Http404):
        services.plan_entry_change(actor=dave, entry=entry, planned_date=MONTH, reason="x")
    with pytest.raises(Http404):  # a company of another office: as if it did not exist
        services.plan_entry_change(actor=bob, entry=entry, company=company_b, reason="x")


def test_confirming_creates_45_planned_visits_in_one_transaction(office, bob):
    plan = generate(bob, office)
    services.plan_confirm(actor=bob, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONFIRMED
    visits = Inspection.objects.filter(plan_entry__plan=plan)
    assert visits.count() == 45
    assert set(visits.values_list("status", "kind").distinct()) == {(InspectionStatus.PLANNED, Kind.ROUTINE)}
    for entry in plan.entries.select_related("inspection"):
        assert (entry.inspection.company_id, entry.inspection.lead_inspector_id, entry.inspection.planned_date) == (
            entry.company_id,
            entry.inspector_id,
            entry.planned_date,
        )
    with pytest.raises(ValidationError):
        services.plan_confirm(actor=bob, plan=plan)


def test_a_failure_while_confirming_plans_nothing(office, bob):
    plan = generate(bob, office)
    from inspections import services as inspection_services

    real = inspection_services.inspection_plan
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 30:
            raise ValidationError("broken")
        return real(**kwargs)

    with mock.patch.object(inspection_services, "inspection_plan", failing), pytest.raises(ValidationError):
        services.plan_confirm(actor=bob, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not Inspection.objects.exists()
    assert not plan.entries.filter(inspection__isnull=False).exists()


def test_another_office_companies_are_never_in_a_plan(office, bob, company_b):
    from targeting.models import RiskScore

    plan = generate(bob, office)
    assert not plan.entries.filter(company__district__office=company_b.district.office).exists()
    assert not RiskScore.objects.filter(office=office, company=company_b).exists()
