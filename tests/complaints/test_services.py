"""The lifecycle services: each transition, the map, the rights, the events, the dates."""

import itertools
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.http import Http404
from django.utils import timezone

from complaints import selectors, services
from complaints.choices import EventKind, Outcome, Status
from complaints.models import Complaint, ComplaintEvent
from complaints.steps import ALLOWED_TRANSITIONS
from inspectorate.models import District
from tests.conftest import require_service

from .factories import make_complaint

pytestmark = pytest.mark.django_db


def test_it_creates_a_complaint_with_reference_code_hash_due_date_and_first_event(company_a, office_a):
    intake = make_complaint(company=company_a)
    c = intake.complaint
    year = timezone.localdate(timezone=office_a.zone).year
    assert c.reference == f"ADU-32-{year}-00001"
    assert make_complaint(company=company_a).complaint.reference == f"ADU-32-{year}-00002"
    assert len(intake.tracking_code) == 12  # 7K3M-9QXA-2F
    assert c.tracking_code_hash == services.hash_tracking_code(intake.tracking_code)
    assert intake.tracking_code not in c.tracking_code_hash
    assert c.office == office_a
    assert c.status == Status.RECEIVED
    assert c.due_date == c.received_at.astimezone(office_a.zone).date() + timedelta(days=office_a.complaint_due_days)
    assert list(c.events.values_list("kind", "to_status")) == [(EventKind.CREATED, Status.RECEIVED)]


def test_it_numbers_per_region_and_year(company_a, company_b):
    a = make_complaint(company=company_a).complaint
    b = make_complaint(company=company_b).complaint
    assert a.reference.startswith("ADU-32-") and a.reference.endswith("-00001")
    assert b.reference.startswith("ADU-63-") and b.reference.endswith("-00001")


def test_it_sends_an_unregistered_company_to_the_office_of_the_chosen_district(district_b, office_b):
    c = make_complaint(district=district_b, name="CV Tidak Terdaftar").complaint
    assert c.office == office_b and c.company is None and c.reported_district == district_b


def test_it_refuses_a_district_without_office_and_creates_nothing(region_a):
    orphan = District.objects.create(code="3299", name="Kab. Tanpa Kantor", region=region_a, office=None)
    with pytest.raises(ValidationError) as exc:
        make_complaint(district=orphan, name="PT Entah")
    assert "district" in exc.value.message_dict
    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0


def test_it_keeps_no_identity_for_an_anonymous_complaint(company_a):
    c = make_complaint(company=company_a, anonymous=True, complainant_name="Should Not Be Kept").complaint
    c.refresh_from_db()
    assert (c.complainant_name, c.complainant_contact, c.complainant_id_number) == ("", "", "")


def test_it_walks_the_whole_lifecycle_with_one_event_per_step(complaint, bob, alice):
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    services.complaint_start(complaint=complaint, actor=alice)
    services.complaint_resolve(
        complaint=complaint, actor=alice, outcome=Outcome.SETTLED, amount_recovered=Decimal("2500000")
    )
    services.complaint_close(complaint=complaint, actor=bob)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.outcome == Outcome.SETTLED
    assert complaint.amount_recovered == Decimal("2500000")
    assert complaint.resolved_at is not None
    events = list(complaint.events.values_list("from_status", "to_status", "actor__username"))
    assert events == [
        ("", Status.RECEIVED, None),
        (Status.RECEIVED, Status.SCREENED, "bob"),
        (Status.SCREENED, Status.ASSIGNED, "bob"),
        (Status.ASSIGNED, Status.IN_PROGRESS, "alice"),
        (Status.IN_PROGRESS, Status.RESOLVED, "alice"),
        (Status.RESOLVED, Status.CLOSED, "bob"),
    ]
    assert complaint.status_changed_at == complaint.events.last().at


def test_it_reassigns_and_writes_an_assignment_event(assigned, bob, alice2):
    services.complaint_assign(complaint=assigned, actor=bob, assignee=alice2, note="Beban kerja")
    assigned.refresh_from_db()
    assert assigned.assigned_to == alice2 and assigned.status == Status.ASSIGNED
    event = assigned.events.last()
    assert (event.kind, event.from_status, event.to_status, event.assignee) == (
        EventKind.ASSIGNMENT,
        Status.ASSIGNED,
        Status.ASSIGNED,
        alice2,
    )


def test_it_assigns_only_an_active_inspector_of_the_office(complaint, bob, charlie, alice):
    services.complaint_screen(complaint=complaint, actor=bob)
    for wrong in (charlie, bob):
        with pytest.raises(services.ComplaintTransitionError):
            services.complaint_assign(complaint=complaint, actor=bob, assignee=wrong)
    alice.is_active = False
    alice.save()
    with pytest.raises(services.ComplaintTransitionError):
        services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    complaint.refresh_from_db()
    assert complaint.status == Status.SCREENED and complaint.events.count() == 2


def test_it_lets_only_the_right_role_take_each_step(complaint, bob, alice, alice2, root):
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_screen(complaint=complaint, actor=alice)
    services.complaint_screen(complaint=complaint, actor=bob)
    services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_start(complaint=complaint, actor=alice2)  # not the assigned inspector
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_start(complaint=complaint, actor=bob)  # heads do not work the case
    services.complaint_start(complaint=complaint, actor=root)  # admins may do everything
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


def test_it_refuses_any_step_out_of_scope_with_a_404(complaint, dave, erin):
    for outsider in (dave, erin):
        with pytest.raises(Http404):
            services.complaint_screen(complaint=complaint, actor=outsider)
    assert complaint.events.count() == 1


def test_it_reopens_a_closed_complaint_and_clears_the_outcome(assigned, alice, bob):
    services.complaint_start(complaint=assigned, actor=alice)
    services.complaint_resolve(complaint=assigned, actor=alice, outcome=Outcome.COMPLIED_AFTER_ORDER)
    services.complaint_close(complaint=assigned, actor=bob)
    with pytest.raises(services.ComplaintTransitionError):
        services.complaint_reopen(complaint=assigned, actor=bob)  # a reason is required
    services.complaint_reopen(complaint=assigned, actor=bob, note="Upah dipotong lagi")
    assigned.refresh_from_db()
    assert (assigned.status, assigned.outcome, assigned.resolved_at, assigned.assigned_to) == (
        Status.ASSIGNED,
        "",
        None,
        alice,
    )


def test_it_needs_a_reason_to_reject_or_refer(complaint, bob):
    with pytest.raises(services.ComplaintTransitionError):
        services.complaint_reject(complaint=complaint, actor=bob, note="  ")
    services.complaint_reject(complaint=complaint, actor=bob, note="Bukan kewenangan pengawas")
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED


def test_it_records_an_amount_recovered_only_for_wage_complaints(company_a, bob, alice):
    c = make_complaint(company=company_a, categories=("osh",)).complaint
    services.complaint_screen(complaint=c, actor=bob)
    services.complaint_assign(complaint=c, actor=bob, assignee=alice)
    services.complaint_start(complaint=c, actor=alice)
    with pytest.raises(services.ComplaintTransitionError):
        services.complaint_resolve(complaint=c, actor=alice, outcome=Outcome.SETTLED, amount_recovered=Decimal(5))
    with pytest.raises(services.ComplaintTransitionError):
        services.complaint_resolve(complaint=c, actor=alice, outcome="")
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS and c.amount_recovered is None


def test_it_links_a_duplicate_and_closes_it(company_a, bob):
    first = make_complaint(company=company_a, categories=("wages", "osh"), received_days_ago=3).complaint
    make_complaint(company=company_a, categories=("child_labour",), received_days_ago=2)  # no overlap
    second = make_complaint(company=company_a, categories=("wages",)).complaint
    assert list(selectors.possible_duplicates(complaint=second)) == [first]
    services.complaint_screen(complaint=second, actor=bob)
    services.complaint_mark_duplicate(complaint=second, actor=bob, original=first)
    second.refresh_from_db()
    assert (second.status, second.outcome, second.duplicate_of) == (Status.CLOSED, Outcome.DUPLICATE, first)
    assert second.events.last().kind == EventKind.DUPLICATE


def test_it_adds_notes_by_the_assigned_inspector_only(assigned, alice, alice2):
    services.complaint_add_note(complaint=assigned, actor=alice, note="Sudah menghubungi HRD")
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_add_note(complaint=assigned, actor=alice2, note="x")
    assert assigned.events.filter(kind=EventKind.NOTE).count() == 1


def test_it_marks_overdue_by_the_office_date_in_property_and_annotation(company_a, alice, bob):
    old = make_complaint(company=company_a, received_days_ago=40).complaint
    fresh = make_complaint(company=company_a).complaint
    done = make_complaint(company=company_a, received_days_ago=40).complaint
    services.complaint_reject(complaint=done, actor=bob, note="Di luar kewenangan")
    annotated = {c.pk: c.overdue for c in selectors.complaint_list(user=bob)}
    assert annotated == {old.pk: True, fresh.pk: False, done.pk: False}
    old.refresh_from_db()
    done.refresh_from_db()
    assert old.is_overdue and not fresh.is_overdue and not done.is_overdue


def test_every_role_s_queue_marks_overdue_by_each_complaint_s_own_office_date(
    company_a, company_b, bob, dave, charlie, erin, grace, root
):
    """An office's staff get "overdue" for their office's zone only (no query for the zones in use);
    everyone else over every zone. Each way, a row's flag is what its own office's date says."""
    from django.test.utils import CaptureQueriesContext

    from inspectorate import access

    made = []
    for company, head in ((company_a, bob), (company_b, dave)):
        old = make_complaint(company=company, received_days_ago=40).complaint
        done = make_complaint(company=company, received_days_ago=40).complaint
        services.complaint_reject(complaint=done, actor=head, note="Di luar kewenangan")
        made += [old, done, make_complaint(company=company).complaint]
    assert {c.office.time_zone for c in made} == {"Asia/Jakarta", "Asia/Makassar"}
    expected = {c.pk: Complaint.objects.select_related("office").get(pk=c.pk).is_overdue for c in made}
    assert sorted(expected.values()) == [False, False, False, False, True, True]
    for user, sees in ((bob, 3), (dave, 3), (charlie, 3), (erin, 3), (grace, 6), (root, 6)):
        with CaptureQueriesContext(connection) as queries:
            rows = {c.pk: c.overdue for c in selectors.complaint_list(user=user)}
        assert len(rows) == sees and all(rows[pk] == expected[pk] for pk in rows), user
        office_staff = access.scope_office_id(Complaint, user) is not None
        assert office_staff == (user in (bob, dave, charlie)), user
        zones_read = any("time_zone" in q["sql"] and "DISTINCT" in q["sql"] for q in queries)
        assert zones_read != office_staff, user


# Every (from, to) pair of statuses the map does not allow.
ILLEGAL = [
    (a, b) for a, b in itertools.product(Status.values, Status.values) if b not in ALLOWED_TRANSITIONS[Status(a)]
]


def _put_in_status(complaint, status, assignee):
    Complaint.objects.filter(pk=complaint.pk).update(
        status=status,
        assigned_to=assignee if status not in (Status.RECEIVED, Status.SCREENED) else None,
        outcome=Outcome.SETTLED if status in (Status.RESOLVED, Status.CLOSED) else "",
    )
    complaint.refresh_from_db()


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_it_refuses_every_illegal_transition_and_changes_nothing(complaint, root, alice, current, target):
    _put_in_status(complaint, current, alice)
    before = Complaint.objects.filter(pk=complaint.pk).values().get()
    events = ComplaintEvent.objects.count()
    with pytest.raises(services.ComplaintTransitionError) as exc:
        services.complaint_transition(
            complaint=complaint,
            actor=root,
            to=target,
            note="alasan",
            outcome=Outcome.SETTLED,
            assignee=alice,
            amount_recovered=Decimal(1),
        )
    message = exc.value.messages[0]
    assert "cannot" in message or "tidak" in message
    assert Complaint.objects.filter(pk=complaint.pk).values().get() == before
    assert ComplaintEvent.objects.count() == events


def test_the_illegal_list_covers_all_pairs_outside_the_map():
    allowed = sum(len(v) for v in ALLOWED_TRANSITIONS.values())
    assert len(ILLEGAL) + allowed == len(Status.values) ** 2


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_twenty_concurrent_identical_transitions_through(categories, company_a, bob):
    if connection.vendor != "postgresql":
        require_service("row locks need PostgreSQL")
    complaint = make_complaint(company=company_a).complaint
    barrier = threading.Barrier(20)
    results = []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait()
            services.complaint_screen(complaint=Complaint.objects.get(pk=complaint.pk), actor=bob)
            outcome = "ok"
        except services.ComplaintTransitionError:
            outcome = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            outcome = repr(exc)
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok"] + ["refused"] * 19
    assert ComplaintEvent.objects.filter(complaint=complaint, to_status=Status.SCREENED).count() == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.SCREENED
