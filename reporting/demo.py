"""Demo data of reporting: last month's reports of the demo offices, built here and now."""

import random
from datetime import datetime
from pathlib import Path

from django.conf import settings

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
    language = settings.LANGUAGE_CODE
    if not _catalogue_compiled(language):
        # Built now without it, the reports would be in English yet listed as Indonesian.
        raise RuntimeError(
            f"reporting: the '{language}' messages are not compiled; run "
            "`manage.py compilemessages` before seeding (make demo does)"
        )
    built = 0
    for office in offices:
        month = add_months(month_start(now.astimezone(office.zone).date()), -1)
        for kind in ReportKind.values:
            report = services.report_request(kind=kind, month=month, office=office, language=language, enqueue=False)
            if report.status == ReportStatus.QUEUED:
                result = services.report_build(report_id=report.pk)
                built += result is not None and result.status == ReportStatus.DONE
    stdout.write(f"reporting: {built} reports built")


def _catalogue_compiled(language: str) -> bool:
    if language == "en":  # the messages are written in English
        return True
    return any((Path(p) / language / "LC_MESSAGES" / "django.mo").is_file() for p in settings.LOCALE_PATHS)
