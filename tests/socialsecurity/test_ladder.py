"""PP 86/2013: warning I → warning II (10 working days each, statutory calendar) → fine → TMP2T."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from notifications.models import Notification
from socialsecurity import services
from socialsecurity.choices import Level, SanctionState
from socialsecurity.models import Sanction
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def company(district_a):
    return CompanyFactory(district=district_a, workers_total=12, workers_female=0, bpjs_registered=False,
                          bpjs_participants=0)  # fmt: skip


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


def test_warning_one_period_passes_reminded_once_and_warning_two_drafted(bob, alice, office_a, company):
    # Issued on Friday 14 August 2026; 17 August (Independence Day) and 25 August (the Prophet's
    # Birthday) are national holidays inside the period: the 10th working day is 1 September, not 28 August.
    with mock.patch("django.utils.timezone.now", return_value=_at(dt.date(2026, 8, 14))):
        first = services.sanction_start(actor=bob, company=company, grounds="Tidak terdaftar")
    assert first.level == Level.WARNING_1 and first.state == SanctionState.ISSUED
    assert first.number.startswith("SP1-BPJS-JB-1-2026-") and first.issued_on == dt.date(2026, 8, 14)
    assert first.due_on == dt.date(2026, 9, 1)
    # The last day itself is still within the period.
    assert services.office_scan(office_id=office_a.pk, now=_at(dt.date(2026, 9, 1), 23)) == {
        "expired": 0,
        "notified": 0,
    }
    after = _at(dt.date(2026, 9, 2), 0) + dt.timedelta(minutes=1)
    counts = services.office_scan(office_id=office_a.pk, now=after)
    assert counts == {"expired": 1, "notified": 1}
    first.refresh_from_db()
    assert first.state == SanctionState.EXPIRED and first.reminded_at == after
    draft = first.next_step
    assert draft.level == Level.WARNING_2 and draft.state == SanctionState.DRAFT
    note = Notification.objects.get(recipient=bob)
    assert note.event == "bpjs.warning_expired" and note.params["number"] == first.number
    assert note.url == f"/bpjs/sanctions/{draft.pk}/"
    # The scan again: nothing more, nobody told twice.
    assert services.office_scan(office_id=office_a.pk, now=after + dt.timedelta(hours=2)) == {
        "expired": 0, "notified": 0
    }  # fmt: skip
    assert Notification.objects.filter(recipient=bob).count() == 1
    # The head issues warning II: its own period of 10 working days.
    second = services.sanction_issue(actor=bob, sanction=draft)
    assert second.state == SanctionState.ISSUED and second.number.startswith("SP2-") and second.due_on
    assert [e.action for e in first.events.all()] == ["drafted", "issued", "expired"]


def test_the_ladder_goes_on_to_the_fine_and_tmp2t(bob, office_a, company):
    first = services.sanction_start(actor=bob, company=company, grounds="x")
    services.office_scan(office_id=office_a.pk, now=first.due_at + dt.timedelta(seconds=1))
    second = services.sanction_issue(actor=bob, sanction=Sanction.objects.get(previous=first))
    services.office_scan(office_id=office_a.pk, now=second.due_at + dt.timedelta(seconds=1))
    fine = services.sanction_issue(actor=bob, sanction=Sanction.objects.get(previous=second))
    assert fine.level == Level.FINE and fine.due_on is None  # no period of its own
    assert not Sanction.objects.filter(previous=fine).exists()


def test_only_the_head_issues_and_complying_stops_the_ladder(alice, bob, dave, office_a, company):
    with pytest.raises(PermissionDenied):
        services.sanction_start(actor=alice, company=company, grounds="x")
    first = services.sanction_start(actor=bob, company=company, grounds="x")
    services.sanction_comply(actor=bob, sanction=first, note="Terdaftar")
    first.refresh_from_db()
    assert first.state == SanctionState.COMPLIED
    assert services.office_scan(office_id=office_a.pk, now=timezone.now() + dt.timedelta(days=60))["expired"] == 0
