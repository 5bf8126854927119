"""The targeting pages: the company's breakdown, companies by score, the plan's journey, weights, evaluation."""

import datetime as dt

import pytest
from django.utils import timezone

from inspections.choices import InspectionStatus
from inspections.models import Inspection
from inspectorate.choices import Role
from targeting import scoring, services
from targeting.choices import PlanStatus, Selection
from targeting.models import Plan, PlanEntry, RiskScore, WeightChange
from tests.factories import CompanyFactory, StaffFactory
from tests.inspections.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_it_explains_the_score_on_the_company_page_in_the_office_zone(client_for, alice, company_b, charlie):
    scoring.store(type(company_b).objects.filter(pk=company_b.pk))
    RiskScore.objects.filter(company=company_b).update(computed_at=dt.datetime(2026, 3, 2, 9, 3, tzinfo=dt.UTC))
    page = client_for(charlie).get(f"/companies/{company_b.pk}/")
    text = page.content.decode()
    assert 'data-testid="risk-breakdown"' in text
    assert "never visited" in text and "+12" in text
    assert "no accidents or occupational disease in the last 24 months" in text and "no BPJS flags" in text
    assert "17:03 WITA" in text  # 09:03 UTC in an Asia/Makassar office


def test_the_company_page_says_when_there_is_no_score_yet(client_for, alice, company_a):
    assert "Not scored yet" in client_for(alice).get(f"/companies/{company_a.pk}/").content.decode()


def test_companies_by_score_are_sorted_filtered_and_scoped(
    client_for, alice, district_a, company_b, django_assert_max_num_queries
):
    low = CompanyFactory(district=district_a, name="PT Rendah", kbli="47111", workers_total=5, workers_female=0)
    high = CompanyFactory(district=district_a, name="PT Tinggi", kbli="41011", workers_total=900, workers_female=0)
    scoring.store(type(low).objects.all())
    client = client_for(alice)
    text = client.get("/targeting/").content.decode()
    assert text.index("PT Tinggi") < text.index("PT Rendah")
    assert company_b.name not in text
    low_score = RiskScore.objects.get(company=low).score
    filtered = client.get(f"/targeting/?min_score={low_score + 1}").content.decode()
    assert "PT Tinggi" in filtered and "PT Rendah" not in filtered
    ascending = client.get("/targeting/?order=score").content.decode()
    assert ascending.index("PT Rendah") < ascending.index("PT Tinggi")
    with django_assert_max_num_queries(12) as small:
        client.get("/targeting/")
    for _ in range(30):
        CompanyFactory(district=district_a)
    scoring.store(type(low).objects.all())
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/targeting/").status_code == 200
    assert high


@pytest.fixture
def small_office(office_a, district_a):
    inspectors = [StaffFactory(username=f"p{n}", role=Role.INSPECTOR, office=office_a) for n in range(2)]
    for n in range(15):
        CompanyFactory(district=district_a, name=f"PT Risiko {n:02d}", workers_total=10 * n, workers_female=0)
    return inspectors


def test_the_head_generates_changes_and_confirms_a_plan_and_the_inspector_sees_it(
    client_for, bob, office_a, small_office, client, django_assert_max_num_queries
):
    month = services.next_month(office_a)
    head = client_for(bob)
    response = head.post("/targeting/plans/generate/", {"month": month.strftime("%Y-%m")})
    plan = Plan.objects.get(office=office_a, month=month)
    assert response.status_code == 302 and response["Location"] == f"/targeting/plans/{plan.pk}/"
    assert plan.entries.count() == 10  # 2 inspectors × 5
    with django_assert_max_num_queries(20) as queries:
        page = head.get(f"/targeting/plans/{plan.pk}/")
    assert page.status_code == 200 and page.content.decode().count('data-testid="entry"') == 10
    page_queries = len(queries.captured_queries)
    entry = plan.entries.order_by("id").first()
    swap = RiskScore.objects.filter(office=office_a).exclude(company_id__in=plan.entries.values("company_id")).first()
    head.post(f"/targeting/entries/{entry.pk}/", {"company": swap.company_id, "reason": "Laporan kecelakaan"})
    entry.refresh_from_db()
    assert (entry.company_id, entry.selection, entry.reason) == (
        swap.company_id,
        Selection.OVERRIDE,
        "Laporan kecelakaan",
    )
    assert "Laporan kecelakaan" in head.get(f"/targeting/plans/{plan.pk}/").content.decode()
    head.post(f"/targeting/entries/{entry.pk}/", {"planned_date": month.isoformat(), "reason": ""})
    entry.refresh_from_db()
    assert entry.reason == "Laporan kecelakaan"  # no reason, no change
    head.post(f"/targeting/plans/{plan.pk}/confirm/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONFIRMED
    assert Inspection.objects.filter(plan_entry__plan=plan, status=InspectionStatus.PLANNED).count() == 10
    # The inspector sees their visits in the calendar of that month.
    inspector = small_office[0]
    mine = plan.entries.filter(inspector=inspector).select_related("company")
    calendar = client_for(inspector).get(f"/inspections/calendar/?month={month:%Y-%m}").content.decode()
    assert mine.count() == 5 and all(e.company.name in calendar for e in mine)
    # The page's queries do not grow with the plan.
    for _ in range(20):
        PlanEntry.objects.create(
            plan=plan,
            company=CompanyFactory(district=entry.company.district),
            inspector=inspector,
            planned_date=month,
            selection=Selection.RISK,
        )
    with django_assert_max_num_queries(page_queries):
        head.get(f"/targeting/plans/{plan.pk}/")


def test_an_inspector_reads_the_plan_but_cannot_generate_or_confirm(client_for, alice, bob, office_a, small_office):
    plan = services.plan_generate(actor=bob, office=office_a, seed=1)
    client = client_for(alice)
    page = client.get(f"/targeting/plans/{plan.pk}/").content.decode()
    assert 'data-testid="confirm-plan"' not in page and 'data-testid="edit-entry"' not in page
    assert client.post("/targeting/plans/generate/", {"month": "2031-01"}).status_code == 403
    assert client.post(f"/targeting/plans/{plan.pk}/confirm/").status_code == 403
    assert Plan.objects.get().status == PlanStatus.DRAFT


def test_another_office_sees_neither_plan_nor_scores(client_for, bob, charlie, office_a, small_office):
    plan = services.plan_generate(actor=bob, office=office_a, seed=1)
    client = client_for(charlie)
    assert client.get(f"/targeting/plans/{plan.pk}/").status_code == 404
    assert "PT Risiko" not in client.get("/targeting/").content.decode()
    assert "PT Risiko" not in client.get("/targeting/plans/").content.decode()


def test_an_admin_changes_a_weight_with_a_reason_and_everyone_sees_the_history(client_for, root, alice):
    client = client_for(root)
    client.post("/targeting/weights/size/", {"points": 7, "reason": "Evaluasi 2026"})
    change = WeightChange.objects.get()
    assert (change.factor, change.old_points, change.new_points) == ("size", 2, 7)
    text = client_for(alice).get("/targeting/weights/").content.decode()
    assert "Evaluasi 2026" in text and "2 → 7" in text
    assert "Accidents and occupational disease" in text and "not counted yet" not in text  # every factor counts


def test_the_evaluation_compares_findings_per_visit(client_for, bob, alice, office_a, district_a):
    plan = Plan.objects.create(office=office_a, month=dt.date(2026, 1, 1), random_percent=10, seed=1, created_by=bob)
    now = timezone.now()
    for selection, findings in [("risk", 3), ("risk", 1), ("random", 1)]:
        company = CompanyFactory(district=district_a)
        visit = InspectionFactory(
            company=company, lead_inspector=alice, status=InspectionStatus.REPORTED, visited_at=now
        )
        for _ in range(findings):
            FindingFactory(inspection=visit)
        PlanEntry.objects.create(
            plan=plan, company=company, inspector=alice, planned_date=plan.month, selection=selection, inspection=visit
        )
    from reporting.figures.targeting import selection_yield

    rows = {r.selection: r for r in selection_yield(user=bob)}
    assert (rows["risk"].visits, rows["risk"].findings, str(rows["risk"].per_visit)) == (2, 4, "2.0")
    assert (rows["random"].visits, str(rows["random"].per_visit)) == (1, "1.0")
    assert rows["override"].per_visit is None
    text = client_for(bob).get("/targeting/evaluation/").content.decode()
    assert 'data-testid="row-risk"' in text and "2.0" in text
