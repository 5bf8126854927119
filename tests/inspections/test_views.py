import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from inspections import services
from inspections.choices import InspectionStatus, Kind
from inspections.models import Attachment, Inspection, Notice

from .factories import FindingFactory, InspectionFactory, make_complaint
from .helpers import add_finding, provision, reported, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(visit_a, alice, bob, ppns_a):
    """A reported visit with a Nota I, an attachment and an investigation-ready Nota II."""
    findings = reported(visit_a, alice, findings=2)
    notice = services.notice_issue_first(
        inspection=visit_a, actor=bob, findings=findings, compliance_deadline=dt.date.today() + dt.timedelta(days=5)
    )
    other = InspectionFactory(company=visit_a.company, lead_inspector=alice)
    started(other, alice)
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, format="PNG")
    attachment = services.attachment_add(
        inspection=other, actor=alice, upload=SimpleUploadedFile("a.png", png.getvalue())
    )
    investigation_notice = notice
    return {
        "inspection": visit_a,
        "notice": notice,
        "attachment": attachment,
        "in_progress": other,
        "investigation_notice": investigation_notice,
    }


GET_PAGES = [
    ("inspections:inspection_list", None),
    ("inspections:inspection_today", None),
    ("inspections:finding_overdue_list", None),
    ("inspections:notice_list", None),
    ("inspections:inspection_detail", "inspection"),
    ("inspections:attachment_download", "attachment"),
    ("inspections:notice_detail", "notice"),
    ("inspections:notice_document", "notice"),
    ("inspections:notice_pdf", "notice"),
]
POST_ACTIONS = [
    ("inspections:inspection_start", "in_progress"),
    ("inspections:inspection_update", "in_progress"),
    ("inspections:fieldnote_create", "in_progress"),
    ("inspections:attachment_create", "in_progress"),
    ("inspections:finding_create", "in_progress"),
    ("inspections:inspection_report", "in_progress"),
    ("inspections:inspection_cancel", "in_progress"),
    ("inspections:inspection_close", "inspection"),
    ("inspections:inspection_resolve_complaint", "inspection"),
    ("inspections:inspection_addendum_create", "inspection"),
    ("inspections:notice_compliance", "notice"),
    ("inspections:notice_mark", "notice"),
    ("inspections:notice_escalate", "notice"),
    ("inspections:notice_addendum_create", "notice"),
]


def _url(world, name, key):
    return reverse(name, args=[world[key].pk]) if key else reverse(name)


@pytest.mark.parametrize("name, key", GET_PAGES + POST_ACTIONS)
def test_it_sends_anonymous_users_to_login(client, world, name, key):
    method = client.get if (name, key) in GET_PAGES else client.post
    response = method(_url(world, name, key))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name, key", [p for p in GET_PAGES if p[1]] + POST_ACTIONS)
def test_it_answers_404_to_another_office(client_for, dave, world, name, key):
    client = client_for(dave)
    method = client.get if (name, key) in GET_PAGES else client.post
    assert method(_url(world, name, key)).status_code == 404


@pytest.mark.parametrize("name, key", POST_ACTIONS)
def test_it_answers_405_to_get_on_actions(client_for, alice, world, name, key):
    assert client_for(alice).get(_url(world, name, key)).status_code == 405


@pytest.mark.parametrize("name, key", [p for p in GET_PAGES if p[1]])
def test_it_answers_405_to_post_on_pages(client_for, alice, world, name, key):
    assert client_for(alice).post(_url(world, name, key)).status_code == 405


@pytest.mark.parametrize("name, key", [p for p in GET_PAGES if p[1]])
def test_it_lets_officials_of_the_region_read(client_for, erin, world, name, key):
    assert client_for(erin).get(_url(world, name, key)).status_code == 200


@pytest.mark.parametrize("name, key", POST_ACTIONS)
def test_it_keeps_officials_read_only(client_for, erin, world, name, key):
    before = list(Inspection.objects.values_list("status", "summary", "updated_at"))
    assert client_for(erin).post(_url(world, name, key), {"text": "x", "summary": "x"}).status_code == 404
    assert list(Inspection.objects.values_list("status", "summary", "updated_at")) == before


def test_it_answers_404_to_officials_of_another_region(client_for, frank, world):
    assert client_for(frank).get(_url(world, "inspections:inspection_detail", "inspection")).status_code == 404


def test_it_plans_a_visit_from_the_form(client_for, bob, alice, alice2, company_a):
    response = client_for(bob).post(
        reverse("inspections:inspection_create"),
        {
            "company": company_a.pk,
            "kind": Kind.ROUTINE,
            "lead": alice.pk,
            "team": [alice2.pk],
            "planned_date": "2026-12-01",
        },
    )
    visit = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:inspection_detail", args=[visit.pk]
    )
    assert list(visit.team.all()) == [alice2] and visit.planned_date == dt.date(2026, 12, 1)


def test_it_plans_a_visit_from_a_complaint_via_the_url(client_for, bob, alice, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a)
    url = reverse("inspections:inspection_create") + f"?complaint={complaint.pk}"
    assert client_for(bob).get(url).status_code == 200
    client_for(bob).post(url, {"lead": alice.pk, "planned_date": "2026-12-01", "kind": "assignment"})
    visit = Inspection.objects.get()
    assert visit.kind == Kind.COMPLAINT and visit.origin_complaint == complaint


def test_it_answers_404_for_another_offices_complaint(client_for, dave, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a)
    url = reverse("inspections:inspection_create") + f"?complaint={complaint.pk}"
    assert client_for(dave).get(url).status_code == 404


def test_it_refuses_the_plan_form_to_officials(client_for, erin):
    assert client_for(erin).get(reverse("inspections:inspection_create")).status_code == 404


def test_it_starts_and_saves_the_visit_in_the_office_time_zone(client_for, charlie, visit_b):
    client = client_for(charlie)
    client.post(reverse("inspections:inspection_start", args=[visit_b.pk]), {"visited_at": "2026-01-31T23:30"})
    visit_b.refresh_from_db()
    assert visit_b.status == InspectionStatus.IN_PROGRESS
    assert visit_b.visited_at == dt.datetime(2026, 1, 31, 15, 30, tzinfo=dt.UTC)  # Asia/Makassar
    response = client.post(
        reverse("inspections:inspection_update", args=[visit_b.pk]),
        {"visited_at": "2026-01-31T23:45", "workers_present": "12", "summary": "Ringkasan"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 200 and response.json()["ok"] is True
    visit_b.refresh_from_db()
    assert (visit_b.workers_present, visit_b.summary) == (12, "Ringkasan")
    assert visit_b.visited_at == dt.datetime(2026, 1, 31, 15, 45, tzinfo=dt.UTC)
    page = client.get(reverse("inspections:inspection_detail", args=[visit_b.pk])).content.decode()
    assert 'value="2026-01-31T23:45"' in page


def test_it_refuses_editing_a_reported_visit_by_page(client_for, alice, world):
    visit = world["inspection"]
    client = client_for(alice)
    response = client.post(
        reverse("inspections:inspection_update", args=[visit.pk]),
        {"visited_at": "2026-01-01T10:00", "workers_present": "99", "summary": "diubah"},
        follow=True,
    )
    assert "can no longer be edited" in response.content.decode()
    response = client.post(
        reverse("inspections:inspection_update", args=[visit.pk]),
        {"visited_at": "2026-01-01T10:00", "summary": "diubah"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 409
    client.post(
        reverse("inspections:finding_create", args=[visit.pk]),
        {"category": "wages", "provision": provision().pk, "description": "x", "severity": "low"},
    )
    visit.refresh_from_db()
    assert visit.summary == "Pemeriksaan selesai" and visit.workers_present is None and visit.findings.count() == 2


def test_it_adds_findings_notes_and_photos_by_page(client_for, alice, visit_a):
    client = client_for(alice)
    client.post(reverse("inspections:inspection_start", args=[visit_a.pk]))
    client.post(reverse("inspections:fieldnote_create", args=[visit_a.pk]), {"text": "Tiba di lokasi"})
    client.post(
        reverse("inspections:finding_create", args=[visit_a.pk]),
        {"category": "wages", "provision": provision("UU 13/2003 jo. UU 6/2023", "ps. 88E").pk,
         "description": "Upah di bawah UMK", "severity": "high", "deadline": ""},
    )  # fmt: skip
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, format="PNG")
    client.post(
        reverse("inspections:attachment_create", args=[visit_a.pk]),
        {"file": SimpleUploadedFile("x.png", png.getvalue()), "caption": "Papan K3"},
    )
    assert visit_a.field_notes.get().text == "Tiba di lokasi"
    assert visit_a.findings.get().description == "Upah di bawah UMK"
    assert visit_a.attachments.get().caption == "Papan K3"


def test_it_refuses_a_fake_photo_by_page(client_for, alice, visit_a):
    client = client_for(alice)
    client.post(reverse("inspections:inspection_start", args=[visit_a.pk]))
    response = client.post(
        reverse("inspections:attachment_create", args=[visit_a.pk]),
        {"file": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>")},
        follow=True,
    )
    assert "Only JPEG and PNG" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_serves_attachments_as_downloads_with_nosniff(client_for, alice, world):
    response = client_for(alice).get(reverse("inspections:attachment_download", args=[world["attachment"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"


def test_it_issues_a_nota_one_by_page_and_refuses_inspectors(client_for, alice, bob, visit_a):
    findings = reported(visit_a, alice, findings=2)
    url = reverse("inspections:notice_create", args=[visit_a.pk])
    data = {"findings": [f.pk for f in findings], "compliance_deadline": "2099-01-01"}
    assert client_for(alice).post(url, data).status_code == 403
    response = client_for(bob).post(url, data)
    notice = Notice.objects.get()
    assert response["Location"] == reverse("inspections:notice_detail", args=[notice.pk])


def test_it_refuses_editing_an_issued_notice_and_keeps_it(client_for, bob, world):
    notice = world["notice"]
    before = (notice.compliance_deadline, set(notice.findings.values_list("pk", flat=True)))
    response = client_for(bob).post(
        reverse("inspections:notice_mark", args=[notice.pk]), {"status": "not_complied"}, follow=True
    )
    assert "deadline has not passed" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == "issued"
    assert (notice.compliance_deadline, set(notice.findings.values_list("pk", flat=True))) == before


def test_it_returns_the_notice_pdf(client_for, bob, world):
    response = client_for(bob).get(reverse("inspections:notice_pdf", args=[world["notice"].pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")


def _many(company, alice, alice2, n):
    for _ in range(n):
        visit = InspectionFactory(company=company, lead_inspector=alice, team=[alice2])
        FindingFactory(inspection=visit)


@pytest.mark.parametrize("n", [1, 6])
def test_it_pins_the_queries_of_the_visit_list(client_for, alice, alice2, company_a, n, django_assert_num_queries):
    _many(company_a, alice, alice2, n)
    client = client_for(alice)
    client.get(reverse("inspections:inspection_list"))  # warm the session
    # Session and user with their office (2), offices and inspectors of the filter form (2), count, page,
    # session save (1)...
    with django_assert_num_queries(7):
        response = client.get(reverse("inspections:inspection_list"))
    assert response.content.decode().count('data-testid="inspection-row"') == n


@pytest.mark.parametrize("n", [1, 5])
def test_it_pins_the_queries_of_the_visit_detail(
    client_for, alice, alice2, bob, company_a, n, django_assert_num_queries
):
    visit = InspectionFactory(company=company_a, lead_inspector=alice, team=[alice2])
    started(visit, alice)
    for i in range(n):
        add_finding(visit, alice, description=f"Temuan {i}")
        services.field_note_add(inspection=visit, actor=alice, text=f"catatan {i}")
    client = client_for(bob)
    client.get(reverse("inspections:inspection_detail", args=[visit.pk]))
    # 12: the field notes read with their authors (one query; two with prefetch_related's "field_notes__author").
    with django_assert_num_queries(12):
        response = client.get(reverse("inspections:inspection_detail", args=[visit.pk]))
    page = response.content.decode()
    assert page.count('data-testid="finding"') == n
    assert all(f"catatan {i}" in page for i in range(n)) and str(alice) in page


@pytest.mark.parametrize("n", [1, 5])
def test_it_pins_the_queries_of_the_company_detail(
    client_for, alice, alice2, bob, company_a, n, django_assert_num_queries
):
    for _ in range(n):
        visit = InspectionFactory(company=company_a, lead_inspector=alice)
        reported(visit, alice, findings=2)
        services.notice_issue_first(
            inspection=visit, actor=bob, findings=list(visit.findings.all()),
            compliance_deadline=dt.date.today() + dt.timedelta(days=5),
        )  # fmt: skip
    client = client_for(alice)
    client.get(reverse("inspectorate:company_detail", args=[company_a.pk]))
    # 14: the checklist scores add one (and one more for their offices' zones once a checklist exists); the
    # risk score, the BPJS flags, the page of BPJS snapshots and the accident count add one each.
    with django_assert_num_queries(12):
        response = client.get(reverse("inspectorate:company_detail", args=[company_a.pk]))
    html = response.content.decode()
    assert html.count("NP-I/JB-1/") == n
    assert 'data-testid="company-history"' in html


def test_it_shows_the_inspector_quota_on_home(client_for, alice, alice2, company_a):
    now = timezone.now()
    for kind in (Kind.ROUTINE, Kind.FOLLOW_UP, Kind.ASSIGNMENT):
        InspectionFactory(
            company=company_a, lead_inspector=alice2, team=[alice], kind=kind, status="reported", visited_at=now
        )
    html = client_for(alice).get(reverse("home")).content.decode()
    assert 'data-testid="quota-count">2 / 5<' in html
    assert "1 additional assignment" in html


def test_it_shows_the_office_quota_to_the_head(client_for, bob, alice, company_a):
    InspectionFactory(company=company_a, lead_inspector=alice, status="reported", visited_at=timezone.now())
    html = client_for(bob).get(reverse("home")).content.decode()
    assert 'data-testid="office-quota-panel"' in html and 'data-testid="counted-link">1</a> / 5' in html


def _corrected_complaint_visit(bob, alice, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a, status="in_progress")
    visit = services.inspection_plan_from_complaint(
        complaint=complaint, actor=bob, lead=alice, planned_date=dt.date.today()
    )
    findings = reported(visit, alice, findings=1)
    notice = services.notice_issue_first(
        inspection=visit, actor=bob, findings=findings, compliance_deadline=dt.date.today() + dt.timedelta(days=5)
    )
    return complaint, visit, notice, findings


def test_it_refuses_to_resolve_the_complaint_while_findings_are_open(client_for, bob, alice, company_a, office_a):
    complaint, visit, _, _ = _corrected_complaint_visit(bob, alice, company_a, office_a)
    url = reverse("inspections:inspection_resolve_complaint", args=[visit.pk])
    assert client_for(alice).post(url).status_code == 403
    response = client_for(bob).post(url, follow=True)
    assert "once every finding" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "in_progress"


def test_it_resolves_the_origin_complaint_through_the_complaint_services(client_for, bob, alice, company_a, office_a):
    complaint, visit, notice, findings = _corrected_complaint_visit(bob, alice, company_a, office_a)
    services.notice_record_compliance(notice=notice, actor=alice, corrected=findings)
    page = client_for(bob).get(reverse("inspections:inspection_detail", args=[visit.pk])).content.decode()
    assert 'data-testid="resolve-complaint"' in page
    client_for(bob).post(reverse("inspections:inspection_resolve_complaint", args=[visit.pk]))
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("resolved", "complied_after_order")
    event = complaint.events.order_by("-at", "-id").first()
    assert (event.actor, event.to_status) == (bob, "resolved")
