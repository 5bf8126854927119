"""Clocks for the notices issued before the deadlines app: counted from the issue date, as issued."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations


def backfill(apps, schema_editor):
    Notice = apps.get_model("inspections", "Notice")
    Clock = apps.get_model("deadlines", "Clock")
    ClockChange = apps.get_model("deadlines", "ClockChange")
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    rules = {r.subject: r for r in DeadlineRule.objects.filter(office=None)}
    subjects = {"I": "notice_first", "II": "notice_second"}
    states = {"issued": "running", "complied": "met", "not_complied": "closed"}
    for notice in Notice.objects.select_related("office", "inspection").iterator():
        subject = subjects.get(notice.level)
        if subject is None or Clock.objects.filter(notice=notice, subject=subject).exists():
            continue
        zone = ZoneInfo(notice.office.time_zone)
        due_at = datetime.combine(notice.compliance_deadline + timedelta(days=1), time.min, tzinfo=zone)
        clock = Clock.objects.create(
            subject=subject,
            office_id=notice.office_id,
            notice=notice,
            rule=rules.get(subject),
            responsible_id=notice.inspection.lead_inspector_id,
            duration=(notice.compliance_deadline - notice.issued_on).days,
            unit="calendar_days",
            calendar="statutory",
            starts_on=notice.issued_on,
            due_on=notice.compliance_deadline,
            due_at=due_at,
            state=states.get(notice.status, "closed"),
        )
        ClockChange.objects.create(
            clock=clock, action="backfilled", new_due=clock.due_on, note="issued before delivery was recorded"
        )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_default_rules"), ("inspections", "0006_visit_month")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
