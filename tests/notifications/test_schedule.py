"""The per-office tick: in each office's own zone, idempotent, across a month's end."""

import datetime as dt

import pytest
from django.core import mail

from complaints.choices import Status
from complaints.models import Complaint
from inspections.choices import NoticeLevel
from inspections.models import Notice
from inspectorate.choices import Role
from notifications import schedule
from notifications import schedule as real_schedule
from notifications.choices import EmailMode
from notifications.models import Digest, Notification, NotificationPreference
from tests.factories import CompanyFactory, DistrictFactory, OfficeFactory, StaffFactory
from tests.inspections.factories import InspectionFactory
from tests.security.world import complaint_for

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# 2024-02-01 is a Thursday; two working days later is Monday 2024-02-05.
BEFORE = dt.datetime(2024, 1, 31, 14, 0, tzinfo=UTC)  # Makassar 22:00 and Jayapura 23:00 on 31 January
AFTER = dt.datetime(2024, 1, 31, 22, 30, tzinfo=UTC)  # Makassar 06:30, Jayapura 07:30 on 1 February
LATER = dt.datetime(2024, 2, 1, 1, 0, tzinfo=UTC)  # Makassar 09:00, Jayapura 10:00 on 1 February


def _office(zone, code):
    office = OfficeFactory(code=code, time_zone=zone)
    district = DistrictFactory(office=office, region=office.region)
    company = CompanyFactory(district=district, name=f"PT {code}")
    inspector = StaffFactory(username=f"insp-{code}", role=Role.INSPECTOR, office=office, email=f"{code}@example.org")
    head = StaffFactory(username=f"head-{code}", role=Role.OFFICE_HEAD, office=office)
    NotificationPreference.objects.create(staff=inspector, email_mode=EmailMode.DIGEST, language="en")

    def complaint(due, status=Status.IN_PROGRESS):
        c = complaint_for(company).complaint
        Complaint.objects.filter(pk=c.pk).update(due_date=due, status=status, assigned_to=inspector)
        return c

    overdue = complaint(dt.date(2024, 1, 31))
    due_soon = complaint(dt.date(2024, 2, 5))
    later = complaint(dt.date(2024, 2, 6))  # three working days away: not yet
    complaint(dt.date(2024, 1, 30), status=Status.RESOLVED)  # past due but resolved: never
    visit = InspectionFactory(company=company, lead_inspector=inspector, planned_date=dt.date(2024, 2, 2))
    today_visit = InspectionFactory(company=company, lead_inspector=inspector, planned_date=dt.date(2024, 2, 1))
    notice = Notice.objects.create(
        inspection=visit,
        office=office,
        company=company,
        level=NoticeLevel.FIRST,
        number=f"NOTA-{code}",
        issued_on=dt.date(2024, 1, 2),
        compliance_deadline=dt.date(2024, 1, 31),
        issued_by=head,
    )
    return {
        "office": office,
        "inspector": inspector,
        "head": head,
        "overdue": overdue,
        "due_soon": due_soon,
        "visit": visit,
        "today_visit": today_visit,
        "notice": notice,
        "later": later,
    }


def _state():
    return sorted(Notification.objects.values_list("recipient__username", "event", "key"))


@pytest.mark.parametrize("zone", ["Asia/Makassar", "Asia/Jayapura"])
def test_it_notifies_each_thing_once_in_the_office_zone_across_the_month_end(zone, django_capture_on_commit_callbacks):
    o = _office(zone, zone.split("/")[1][:3].upper())
    pk = o["office"].pk

    class schedule:  # noqa: N801 - the module's tick, with its e-mails sent on commit as in production
        @staticmethod
        def office_tick(**kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return real_schedule.office_tick(**kwargs)

    # 31 January local time: the complaint due on the 31st is not overdue yet; the visit is two days away.
    assert schedule.office_tick(office_id=pk, now=BEFORE)["overdue"] == 0
    before = {(u, e) for u, e, _ in _state()}
    assert ("insp-" + o["office"].code, "complaint.overdue") not in before
    # "Tomorrow" is 1 February there: the visit of the 1st, not the one of the 2nd.
    tomorrow = Notification.objects.filter(event="visit.tomorrow").values_list("target_id", flat=True)
    assert list(tomorrow) == [o["today_visit"].pk]
    # Past 07:00 on the 31st: that day's digest carries what the inspector got so far.
    digests = Digest.objects.filter(recipient=o["inspector"]).order_by("day")
    assert [d.day for d in digests] == [dt.date(2024, 1, 31)]
    first_batch = Notification.objects.filter(recipient=o["inspector"]).count()

    # 1 February local time (still 31 January in UTC): overdue, due soon, tomorrow's visit, the Nota.
    first = schedule.office_tick(office_id=pk, now=AFTER)
    assert first["overdue"] == 2  # the inspector and the head
    assert first["tomorrow"] == 1
    assert sorted(tomorrow.all()) == sorted([o["today_visit"].pk, o["visit"].pk])
    assert first["notice"] == 2
    inspector, head = o["inspector"].username, o["head"].username
    events = {(u, e) for u, e, _ in _state()}
    assert {
        (inspector, "complaint.overdue"),
        (head, "complaint.overdue"),
        (inspector, "complaint.due_soon"),
        (head, "complaint.due_soon"),
        (inspector, "visit.tomorrow"),
        (inspector, "notice.deadline_passed"),
        (head, "notice.deadline_passed"),
    } <= events
    due_soon = Notification.objects.get(
        recipient=o["inspector"], event="complaint.due_soon", target_id=o["due_soon"].pk
    )
    assert due_soon.params["due"] == "2024-02-05"
    assert not Notification.objects.filter(target_id=o["later"].pk, event__startswith="complaint.").exists()
    state = _state()

    # Running again, at once and later the same local day, sends nothing twice.
    for now in (AFTER, LATER, LATER):
        again = schedule.office_tick(office_id=pk, now=now)
        assert sum(v for k, v in again.items() if k != "digests") == 0
    assert _state() == state

    # The digest of 1 February: once, from 07:00 local time, with the rest of the notifications.
    digests = digests.all()
    assert [d.day for d in digests] == [dt.date(2024, 1, 31), dt.date(2024, 2, 1)]
    total = Notification.objects.filter(recipient=o["inspector"]).count()
    assert [d.notifications.count() for d in digests] == [first_batch, total - first_batch]
    digest_mails = [m for m in mail.outbox if m.to == [o["inspector"].email]]
    assert len(digest_mails) == 2
    assert all("Your daily notifications" in m.subject for m in digest_mails)
    assert o["overdue"].reference in digest_mails[1].body


def test_the_digest_waits_for_seven_in_the_morning_office_time():
    o = _office("Asia/Makassar", "MKS")
    schedule.office_tick(office_id=o["office"].pk, now=AFTER)  # 06:30 WITA
    assert not Digest.objects.filter(day=dt.date(2024, 2, 1)).exists()
    schedule.office_tick(office_id=o["office"].pk, now=AFTER + dt.timedelta(minutes=30))  # 07:00 WITA
    assert Digest.objects.filter(day=dt.date(2024, 2, 1)).count() == 1


def test_offices_tick_queues_one_task_per_office(office_a, office_b):
    assert schedule.offices_tick() == 3  # two offices and the staff without one


def test_add_working_days_skips_weekends():
    assert schedule.add_working_days(dt.date(2024, 2, 1), 2) == dt.date(2024, 2, 5)
    assert schedule.add_working_days(dt.date(2024, 2, 2), 1) == dt.date(2024, 2, 5)
