"""Demo data of reporting: last month's reports of the demo offices, built here and now."""

import random
from datetime import datetime

from inspectorate.models import Office

from . import services
from .choices import ReportKind, ReportStatus
from .figures import add_months, month_start
from .models import Report

DEMO_OFFICES = ["JB-II", "JB-I", "KS-I"]


def seed(*, rng: random.Random, now: datetime, stdout) -> None:
    """Build last month's quota and resolution reports of the demo offices (no-op if any report exists)."""
    if Report.objects.exists():
        stdout.write("reporting: reports exist, nothing to do")
        return
    offices = list(Office.objects.filter(code__in=DEMO_OFFICES).order_by("code"))
    if not offices:
        stdout.write("reporting: no demo offices, nothing to do")
        return
    built = 0
    for office in offices:
        month = add_months(month_start(now.astimezone(office.zone).date()), -1)
        for kind in ReportKind.values:
            report = services.report_request(kind=kind, month=month, office=office, enqueue=False)
            if report.status == ReportStatus.QUEUED:
                result = services.report_build(report_id=report.pk)
                built += result is not None and result.status == ReportStatus.DONE
    stdout.write(f"reporting: {built} reports built")
