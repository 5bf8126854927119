"""Rules in the admin with their legal basis, the API's scope, the backfill of legacy notices, the beat task."""

import datetime as dt
import html

import pytest
from django.core.management import call_command

from deadlines.choices import ClockState, Subject
from deadlines.models import Clock, DeadlineRule
from deadlines.tasks import offices_scan
from inspections.choices import NoticeLevel
from inspections.models import Notice
from tests.inspections.factories import FindingFactory, InspectionFactory

from .rules import ensure_rules

pytestmark = pytest.mark.django_db


def test_every_shipped_rule_shows_its_legal_basis_in_the_admin(client_for, root):
    ensure_rules()
    page = html.unescape(client_for(root).get("/admin/deadlines/deadlinerule/").content.decode())
    rules = list(DeadlineRule.objects.filter(office=None))
    assert {r.subject for r in rules} == set(Subject.values)
    for rule in rules:
        assert rule.legal_basis and rule.legal_basis[:60] in page
        assert rule.office_practice or any(act in rule.legal_basis for act in ("Permenaker", "PP No.", "UU No."))
    accident = DeadlineRule.objects.get(subject=Subject.ACCIDENT_REPORT, office=None)
    assert (accident.duration, accident.unit) == (48, "hours") and "03" in accident.legal_basis


def test_the_api_lists_the_callers_scope_only(api_for, alice, charlie, nota_a, nota_b):
    body = api_for(alice).get("/api/v1/deadlines/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {r["reference"] for r in rows} == {nota_a.number}
    other = Clock.objects.filter(notice=nota_b).first()
    assert api_for(alice).get(f"/api/v1/deadlines/{other.pk}/").status_code == 404
    assert api_for(charlie).get(f"/api/v1/deadlines/{other.pk}/").status_code == 200


def test_the_backfill_gives_legacy_notices_the_deadline_they_were_issued_with(company_a, alice, bob):
    ensure_rules()
    visit = InspectionFactory(
        company=company_a,
        lead_inspector=alice,
        status="reported",
        visited_at=dt.datetime(2025, 11, 1, 2, tzinfo=dt.UTC),
    )
    finding = FindingFactory(inspection=visit)
    legacy = Notice.objects.create(
        inspection=visit, office=visit.office, company=company_a, level=NoticeLevel.FIRST, number="NP-LAMA-1",
        issued_on=dt.date(2025, 11, 3), compliance_deadline=dt.date(2025, 11, 17), issued_by=bob,
    )  # fmt: skip
    legacy.findings.set([finding])
    call_command("backfill_clocks", stdout=open("/dev/null", "w"))
    call_command("backfill_clocks", stdout=open("/dev/null", "w"))  # idempotent
    clock = Clock.objects.get(notice=legacy)
    assert (clock.state, clock.starts_on, clock.due_on, clock.duration) == (
        ClockState.RUNNING, dt.date(2025, 11, 3), dt.date(2025, 11, 17), 14,
    )  # fmt: skip
    assert not Clock.objects.filter(notice=legacy, subject=Subject.NOTICE_DELIVERY).exists()


def test_the_scan_is_on_the_beat_and_fans_out_per_office(office_a, office_b, settings):
    assert settings.CELERY_BEAT_SCHEDULE["deadlines-scan"]["task"] == "deadlines.tasks.offices_scan"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert offices_scan() >= 2


def test_the_migration_backfills_the_same_clock(company_a, alice, bob):
    import importlib

    from django.apps import apps

    ensure_rules()
    visit = InspectionFactory(
        company=company_a,
        lead_inspector=alice,
        status="reported",
        visited_at=dt.datetime(2025, 11, 1, 2, tzinfo=dt.UTC),
    )
    legacy = Notice.objects.create(
        inspection=visit, office=visit.office, company=company_a, level=NoticeLevel.FIRST, number="NP-LAMA-2",
        issued_on=dt.date(2025, 11, 3), compliance_deadline=dt.date(2025, 11, 17), issued_by=bob, status="complied",
    )  # fmt: skip
    importlib.import_module("deadlines.migrations.0003_backfill_legacy_clocks").backfill(apps, None)
    clock = Clock.objects.get(notice=legacy)
    assert (clock.state, clock.due_on) == (ClockState.MET, dt.date(2025, 11, 17))
    # The end of 17 November in the office's zone.
    assert clock.due_at == dt.datetime(2025, 11, 18, tzinfo=visit.office.zone)
