import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accidents import services
from accidents.choices import ReportSource
from accidents.models import Accident, InjuredPerson
from audit.models import AuditEntry
from inspections.choices import Kind
from inspections.models import Finding
from notifications.models import Notification

from .helpers import make_accident, person

pytestmark = pytest.mark.django_db
JAYAPURA = ZoneInfo("Asia/Jayapura")


@pytest.fixture
def papua(office_a, company_a):
    office_a.time_zone = "Asia/Jayapura"
    office_a.save()
    return company_a


# 23:30 WIT on 10 March is 14:30 UTC; 48 hours later is 23:30 WIT on 12 March (14:30 UTC), two midnights on.
OCCURRED = dt.datetime(2026, 3, 10, 23, 30, tzinfo=JAYAPURA)
DUE = dt.datetime(2026, 3, 12, 23, 30, tzinfo=JAYAPURA)
NOW = dt.datetime(2026, 3, 20, tzinfo=dt.UTC)


def test_it_sets_the_48_hour_due_instant_across_midnight_in_jayapura(alice, papua):
    accident = make_accident(alice, papua, occurred_at=OCCURRED, received_at=OCCURRED + dt.timedelta(minutes=30))
    assert accident.report_due_at == DUE
    assert accident.report_due_at == dt.datetime(2026, 3, 12, 14, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("reported", "late"),
    [
        (DUE - dt.timedelta(seconds=1), False),
        (DUE, False),  # exactly 48 hours: on time
        (DUE + dt.timedelta(seconds=1), True),
        (dt.datetime(2026, 3, 13, 0, 5, tzinfo=JAYAPURA), True),  # just after midnight the next day, WIT
    ],
)
def test_it_flags_a_report_late_only_after_exactly_48_hours(alice, papua, reported, late):
    accident = make_accident(alice, papua, occurred_at=OCCURRED, received_at=reported)
    assert accident.employer_reported_at == reported
    assert accident.is_late(NOW) is late
    assert Accident.objects.filter(pk=accident.pk).filter(services_late_q(NOW)).exists() is late


def services_late_q(now):
    from accidents.definitions import late_q

    return late_q(now)


def test_it_flags_a_missing_employer_report_once_the_time_is_up(alice, papua):
    accident = make_accident(
        alice, papua, occurred_at=OCCURRED, source=ReportSource.HOSPITAL, received_at=OCCURRED + dt.timedelta(hours=2)
    )
    assert accident.employer_reported_at is None
    assert not accident.is_late(DUE)
    assert accident.is_late(DUE + dt.timedelta(seconds=1))


def test_it_notifies_the_head_of_a_fatal_accident_with_two_victims(alice, bob, company_a):
    accident = make_accident(alice, company_a, injured=[person("Budi"), person("Sari", fatal=True)])
    assert InjuredPerson.objects.filter(accident=accident).count() == 2
    note = Notification.objects.get(recipient=bob, event="accident.serious")
    assert note.params["reference"] == accident.reference and note.params["fatal"] == 1
    assert "Budi" not in str(note.params) and "Sari" not in str(note.params)
    assert not Notification.objects.filter(recipient=alice).exists()


def test_it_does_not_notify_of_one_person_slightly_hurt(alice, bob, company_a):
    make_accident(alice, company_a, injured=[person(days_lost=2)])
    assert not Notification.objects.filter(event="accident.serious").exists()


def test_it_audits_field_names_never_the_names(alice, company_a):
    accident = make_accident(alice, company_a, injured=[person("Budi Canary")])
    entry = AuditEntry.objects.get(action="create", object_id=str(accident.pk))
    assert "Budi" not in str(entry.__dict__)


def test_it_refuses_another_offices_company_and_bad_input(alice, company_b, company_a):
    with pytest.raises(Exception) as exc:
        make_accident(alice, company_b)
    assert exc.type.__name__ in {"Http404", "DoesNotExist"}
    with pytest.raises(ValidationError):
        make_accident(alice, company_a, injured=[])
    with pytest.raises(ValidationError):
        make_accident(alice, company_a, received_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))  # before the accident
    assert not Accident.objects.exists()


def test_it_opens_an_accident_visit_and_turns_the_late_flag_into_a_finding(alice, company_a):
    occurred = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    accident = make_accident(alice, company_a, occurred_at=occurred, received_at=occurred + dt.timedelta(hours=60))
    inspection = services.accident_open_visit(accident=accident, actor=alice, planned_date=dt.date(2026, 3, 6))
    assert inspection.kind == Kind.ACCIDENT and inspection.company == company_a
    from inspections import services as inspection_services

    inspection_services.inspection_start(inspection=inspection, actor=alice)
    finding = services.accident_late_finding(accident=accident, actor=alice)
    assert finding.provision.act == "Permenaker 03/1998"
    assert accident.reference in finding.description
    with pytest.raises(ValidationError):
        services.accident_late_finding(accident=accident, actor=alice)
    assert Finding.objects.count() == 1


def test_an_official_cannot_record(erin, company_a):
    with pytest.raises(PermissionDenied):
        make_accident(erin, company_a)
