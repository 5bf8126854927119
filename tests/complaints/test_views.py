"""Staff pages: scope, methods, the work queue, intake, actions, downloads and query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import messaging, services
from complaints.choices import Channel, EventKind, Status
from complaints.models import Complaint, ComplaintAttachment, ComplaintEvent
from complaints.uploads import clean_uploads

from . import files
from .factories import make_complaint

pytestmark = pytest.mark.django_db

ACTIONS = [
    "screen",
    "assign",
    "start",
    "resolve",
    "close",
    "reject",
    "refer",
    "reopen",
    "mark_duplicate",
    "add_note",
    "attach",
]


def detail_url(c):
    return reverse("complaints:complaint_detail", args=[c.pk])


def action_url(c, name):
    return reverse(f"complaints:complaint_{name}", args=[c.pk])


def staff_get_urls(c):
    return [
        reverse("complaints:complaint_list"),
        reverse("complaints:complaint_export"),
        reverse("complaints:my_complaints"),
        reverse("complaints:complaint_create"),
        detail_url(c),
    ]


def test_it_sends_anonymous_visitors_to_the_login_page(client, complaint):
    for url in staff_get_urls(complaint) + [action_url(complaint, a) for a in ACTIONS]:
        response = client.post(url) if url not in staff_get_urls(complaint) else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_it_answers_404_to_another_office_for_the_complaint_and_every_action(client_for, complaint, dave, charlie):
    for outsider in (dave, charlie):
        client = client_for(outsider)
        assert client.get(detail_url(complaint)).status_code == 404
        for action in ACTIONS:
            assert client.post(action_url(complaint, action), {"note": "x"}).status_code == 404, action
    assert complaint.events.count() == 1


def test_it_answers_405_to_wrong_methods(client_for, complaint, bob):
    client = client_for(bob)
    for url in [
        reverse("complaints:complaint_list"),
        reverse("complaints:my_complaints"),
        reverse("complaints:complaint_export"),
        detail_url(complaint),
    ]:
        assert client.post(url).status_code == 405
    assert client.delete(reverse("complaints:complaint_create")).status_code == 405
    for action in ACTIONS:
        assert client.get(action_url(complaint, action)).status_code == 405


def test_it_lists_only_the_office_complaints(client_for, company_a, company_b, bob, erin, grace, frank):
    mine = make_complaint(company=company_a).complaint
    other = make_complaint(company=company_b).complaint
    for user, expected in ((bob, {mine}), (erin, {mine}), (frank, {other}), (grace, {mine, other})):
        page = client_for(user).get(reverse("complaints:complaint_list")).context["page"]
        assert set(page.object_list) == expected, user


def test_it_filters_sorts_and_pages_the_work_queue(client_for, company_a, bob, alice):
    old = make_complaint(company=company_a, received_days_ago=45, categories=("osh",)).complaint
    for _ in range(26):
        make_complaint(company=company_a)
    services.complaint_screen(complaint=old, actor=bob)
    client = client_for(bob)
    url = reverse("complaints:complaint_list")
    assert len(client.get(url).context["page"].object_list) == 25
    assert client.get(url, {"page": 2}).context["page"].object_list[0].pk
    assert list(client.get(url, {"status": "screened"}).context["page"].object_list) == [old]
    assert list(client.get(url, {"overdue": "true"}).context["page"].object_list) == [old]
    osh = old.categories.get().pk
    assert list(client.get(url, {"category": osh}).context["page"].object_list) == [old]
    assert client.get(url, {"o": "received"}).context["page"].object_list[0] == old
    assert client.get(url, {"o": "-received"}).context["page"].object_list[0] != old
    today = timezone.localdate()
    assert client.get(url, {"received_to": str(today - timedelta(days=40))}).context["page"].paginator.count == 1
    assert client.get(url, {"company": "maju"}).context["page"].paginator.count == 27
    assert client.get(url, {"channel": "letter"}).context["page"].paginator.count == 0


def test_it_shows_an_inspector_their_own_complaints(client_for, assigned, company_a, alice, alice2):
    make_complaint(company=company_a)
    assert list(client_for(alice).get(reverse("complaints:my_complaints")).context["page"].object_list) == [assigned]
    assert list(client_for(alice2).get(reverse("complaints:my_complaints")).context["page"].object_list) == []


def _staff_data(district, **overrides):
    data = {
        "channel": Channel.LETTER,
        "received_at": (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "district": str(district.pk),
        "company_name": "CV Tanpa Nama",
        "categories": [],
        "description": "Pekerja melapor lewat surat bahwa upah lembur tidak dibayar.",
        "workers_affected": "3",
        "complainant_name": "Canary-Name-7731",
        "complainant_phone": "0812-0000-1111",
    }
    data.update(overrides)
    return data


def _wages():
    from complaints.models import Category

    return str(Category.objects.get(code="wages").pk)


def test_it_records_a_letter_with_its_scan_channel_and_date(client_for, alice, district_a):
    response = client_for(alice).post(
        reverse("complaints:complaint_create"),
        {**_staff_data(district_a, categories=[_wages()]), "attachments": [files.pdf("surat.pdf")]},
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(complaint)
    assert complaint.channel == Channel.LETTER and complaint.created_by == alice
    assert complaint.received_at.date() <= (timezone.now() - timedelta(days=1)).date()
    assert complaint.attachments.count() == 1
    assert complaint.events.first().actor == alice


def test_it_refuses_a_future_received_date_and_creates_nothing(client_for, alice, district_a):
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(alice).post(
        reverse("complaints:complaint_create"), _staff_data(district_a, categories=[_wages()], received_at=future)
    )
    assert response.status_code == 400 and "received_at" in response.context["form"].errors
    assert Complaint.objects.count() == 0


def test_it_lets_an_office_head_route_an_unknown_company_to_another_office(
    client_for, alice, bob, district_b, office_b
):
    refused = client_for(alice).post(
        reverse("complaints:complaint_create"), _staff_data(district_b, categories=[_wages()])
    )
    assert refused.status_code == 400 and Complaint.objects.count() == 0
    routed = client_for(bob).post(
        reverse("complaints:complaint_create"), _staff_data(district_b, categories=[_wages()])
    )
    assert routed.status_code == 302
    assert Complaint.objects.get().office == office_b


def test_it_refuses_staff_intake_to_officials(client_for, erin):
    assert client_for(erin).get(reverse("complaints:complaint_create")).status_code == 403


def test_it_shows_only_the_actions_the_user_may_take_now(client_for, complaint, bob, alice, erin):
    head = client_for(bob).get(detail_url(complaint)).context["actions"]
    assert {k for k, v in head.items() if v} == {"screen", "reject", "note", "attach", "message"}
    inspector = client_for(alice).get(detail_url(complaint)).context["actions"]
    assert not any(inspector.values())
    official = client_for(erin).get(detail_url(complaint))
    assert official.status_code == 200 and not any(official.context["actions"].values())
    assert b'data-testid="action-' not in official.content


def test_it_takes_the_actions_through_the_pages(client_for, complaint, bob, alice):
    head = client_for(bob)
    head.post(action_url(complaint, "screen"))
    head.post(action_url(complaint, "assign"), {"assignee": alice.pk})
    inspector = client_for(alice)
    inspector.post(action_url(complaint, "start"))
    inspector.post(action_url(complaint, "add_note"), {"note": "Kunjungan ke pabrik"})
    response = inspector.post(action_url(complaint, "resolve"), {"outcome": "settled", "amount_recovered": "1000000"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED and complaint.amount_recovered == 1000000
    assert complaint.events.filter(kind=EventKind.NOTE).count() == 1


def test_it_explains_an_illegal_move_and_changes_nothing(client_for, complaint, bob, alice):
    client = client_for(bob)
    response = client.post(action_url(complaint, "close"), {"outcome": "settled"}, follow=True)
    assert response.status_code == 400  # the page again, the refused form open
    text = response.content.decode()
    assert "cannot become" in text or "tidak dapat menjadi" in text
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED and complaint.events.count() == 1


def test_it_refuses_a_step_the_role_may_not_take_with_403(client_for, complaint, alice):
    assert client_for(alice).post(action_url(complaint, "screen")).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_it_offers_and_links_a_duplicate_on_the_screen_page(client_for, company_a, bob):
    first = make_complaint(company=company_a, received_days_ago=5).complaint
    second = make_complaint(company=company_a).complaint
    client = client_for(bob)
    page = client.get(detail_url(second))
    assert page.context["duplicates"] == [first] and first.reference in page.content.decode()
    client.post(action_url(second, "screen"))
    client.post(action_url(second, "mark_duplicate"), {"original": first.pk})
    second.refresh_from_db()
    assert second.duplicate_of == first and second.status == Status.CLOSED and second.outcome == "duplicate"


def test_it_serves_attachments_as_downloads_only_to_those_who_may_see_the_identity(
    client_for, company_a, alice, alice2, bob, erin, dave
):
    intake = make_complaint(company=company_a, files=[])
    c = intake.complaint
    from complaints.uploads import clean_upload

    services.complaint_attach(complaint=c, actor=bob, files=[clean_upload(files.pdf())])
    attachment = ComplaintAttachment.objects.get()
    url = reverse("complaints:complaint_attachment", args=[c.pk, attachment.pk])
    response = client_for(bob).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(alice2).get(url).status_code == 403
    assert client_for(erin).get(url).status_code == 403
    assert client_for(dave).get(url).status_code == 404
    assert client_for(bob).post(url).status_code == 405
    assert (
        client_for(bob).get(reverse("complaints:complaint_attachment", args=[c.pk + 1, attachment.pk])).status_code
        == 404
    )


def test_it_attaches_files_from_the_detail_page(client_for, assigned, alice):
    response = client_for(alice).post(action_url(assigned, "attach"), {"attachments": [files.png()]})
    assert response.status_code == 302
    assert assigned.attachments.count() == 1
    assert assigned.events.filter(kind=EventKind.ATTACHMENT).count() == 1
    before = ComplaintAttachment.objects.count()
    client_for(alice).post(action_url(assigned, "attach"), {"attachments": [files.exe_as_pdf()]})
    assert ComplaintAttachment.objects.count() == before


def _many(company, n, bob, alice):
    made = []
    for i in range(n):
        c = make_complaint(company=company, categories=("wages", "osh")).complaint
        if i % 2:
            services.complaint_screen(complaint=c, actor=bob)
            services.complaint_assign(complaint=c, actor=bob, assignee=alice)
        made.append(c)
    return made


@pytest.mark.parametrize("n", [3, 30])
def test_it_keeps_the_work_queue_query_count_flat(client_for, company_a, bob, alice, n, django_assert_num_queries):
    _many(company_a, n, bob, alice)
    client = client_for(bob)
    client.get(reverse("complaints:complaint_list"))  # warm the session
    # 13: one lists the offices of the office filter (the dashboards link with it), one the
    # inspectors of the head's triage picker with their caseload counted in the same query; the
    # default order counts its open and finished parts apart (tests/complaints/test_queue_pages.py);
    # the head's complaints are all in their office's zone: no query for the zones in use.
    with django_assert_num_queries(11):
        response = client.get(reverse("complaints:complaint_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_it_keeps_the_detail_query_count_flat(client_for, company_a, bob, alice, n, django_assert_num_queries):
    c = _many(company_a, 1, bob, alice)[0]
    services.complaint_screen(complaint=c, actor=bob)
    services.complaint_assign(complaint=c, actor=bob, assignee=alice)
    for i in range(n):
        services.complaint_add_note(complaint=c, actor=alice, note=f"Catatan {i}")
        _corrected_visit(c, alice)
        messaging.message_send(complaint=c, actor=alice, body=f"Pertanyaan {i}")
        messaging.complainant_reply(complaint_id=c.pk, body=f"Jawaban {i}", files=clean_uploads([files.pdf()]))
    make_complaint(company=company_a, received_days_ago=3)
    client = client_for(bob)
    client.get(detail_url(c))
    assert ComplaintEvent.objects.filter(complaint=c).count() == 3 * n + 3
    # The same count for 3 or 30 events, visits and messages; the visits and their findings cost
    # two, the message thread three (its messages, their files, the sealed read on the audit trail).
    with django_assert_num_queries(14):
        response = client.get(detail_url(c))
    assert response.status_code == 200


def test_it_shows_the_complaint_read_only_in_the_admin_and_logs_the_view(client_for, assigned, root):
    from audit.models import AuditEntry

    client = client_for(root)
    response = client.get(reverse("admin:complaints_complaint_change", args=[assigned.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Canary-Name-7731" in body and 'name="status"' not in body
    reads = AuditEntry.objects.filter(action="sealed_read", actor=root, object_id=str(assigned.pk))
    assert [r.extra["via"] for r in reads] == ["admin"]
    assert client.get(reverse("admin:complaints_complaint_add")).status_code == 403


def test_it_exports_the_filtered_queue_without_identity_and_defuses_formulas(client_for, district_a, company_b, bob):
    make_complaint(district=district_a, name='=HYPERLINK("http://x")')
    make_complaint(company=company_b)
    response = client_for(bob).get(reverse("complaints:complaint_export"))
    assert response["Content-Disposition"].startswith("attachment")
    rows = response.content.decode().strip().splitlines()
    assert len(rows) == 2  # header + the one complaint of office A
    assert "'=HYPERLINK" in rows[1]
    assert "Canary" not in response.content.decode()
    # The header as the language writes it: only the first letter raised, abbreviations kept.
    assert "Kode UPTD" in rows[0] and "Jumlah yang dituntut (Rp)" in rows[0]


def _corrected_visit(complaint, inspector):
    from inspections.choices import FindingStatus, InspectionStatus, Kind

    from ..inspections.factories import FindingFactory, InspectionFactory
    from ..inspections.provisions import ensure_provisions

    ensure_provisions()
    visit = InspectionFactory(
        company=complaint.company,
        lead_inspector=inspector,
        kind=Kind.COMPLAINT,
        origin_complaint=complaint,
        status=InspectionStatus.REPORTED,
        visited_at=timezone.now(),
    )
    FindingFactory(inspection=visit, status=FindingStatus.CORRECTED)
    return visit


def test_it_shows_the_visits_of_a_complaint_and_when_their_findings_are_corrected(client_for, company_a, bob, alice):
    c = _many(company_a, 1, bob, alice)[0]
    services.complaint_screen(complaint=c, actor=bob)
    services.complaint_assign(complaint=c, actor=bob, assignee=alice)
    page = client_for(bob).get(detail_url(c)).content.decode()
    assert 'data-testid="plan-visit"' in page
    assert f"?complaint={c.pk}" in page
    assert 'data-testid="findings-corrected"' not in page

    visit = _corrected_visit(c, alice)
    page = client_for(bob).get(detail_url(c)).content.decode()
    assert visit.reference in page
    assert 'data-testid="findings-corrected"' in page


def test_it_offers_no_visit_planning_to_officials(client_for, company_a, bob, alice, erin):
    c = _many(company_a, 1, bob, alice)[0]
    services.complaint_screen(complaint=c, actor=bob)
    services.complaint_assign(complaint=c, actor=bob, assignee=alice)
    response = client_for(erin).get(detail_url(c))
    assert response.status_code == 200  # officials read their region's complaints
    assert 'data-testid="plan-visit"' not in response.content.decode()


def test_the_staff_form_speaks_of_the_complainant_and_the_public_form_to_them(client, client_for, bob):
    staff = client_for(bob).get(reverse("complaints:complaint_create")).content.decode()
    assert "Nama pengadu" in staff and "Identitas pengadu dirahasiakan" in staff
    assert "Nama Anda" not in staff and "Identitas Anda" not in staff
    public = client.get("/lapor/").content.decode()
    assert "Nama Anda" in public and "Identitas Anda dirahasiakan" in public


def test_a_refused_step_shows_the_page_again_with_what_was_typed(client_for, company_a, bob, alice):
    complaint = make_complaint(company=company_a, categories=("working_time",)).complaint
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    services.complaint_start(complaint=complaint, actor=alice)
    events = complaint.events.count()
    note = 'Perusahaan membayar <b>"lembur"</b>\nsebagian'
    client = client_for(alice)
    # Refused by the service: an amount recovered on a complaint that is not about wages.
    response = client.post(
        action_url(complaint, "resolve"), {"outcome": "settled", "amount_recovered": "2500000", "note": note}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "hanya dicatat untuk pengaduan upah" in html  # the reason, at the top
    assert 'data-testid="action-resolve" open>' in html and 'data-testid="action-note" open' not in html
    assert ">\nPerusahaan membayar &lt;b&gt;&quot;lembur&quot;&lt;/b&gt;\nsebagian</textarea>" in html
    assert '<option value="settled" selected>' in html and 'value="2500000"' in html
    assert 'id="id_resolve_note"' in html  # the page's own field ids, so each label points at its field
    # Refused by the form: a negative amount and no outcome, each said beside its field.
    response = client.post(action_url(complaint, "resolve"), {"amount_recovered": "-5", "note": note})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="-5"' in html and "lembur" in html and html.count('class="invalid-feedback d-block"') == 2
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.events.count() == events
    # Accepted, it goes back to the page as before.
    response = client.post(action_url(complaint, "resolve"), {"outcome": "settled", "note": note})
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:complaint_detail", args=[complaint.pk]
    )
