"""Demo data of reporting: last month's reports of the demo offices, built here and now."""

import random
from datetime import date, datetime
from pathlib import Path

from django.conf import settings

from inspectorate.models import Office

from . import services
from .choices import MONTHLY_KINDS, ReportKind, ReportStatus
from .figures import add_months, month_start
from .models import AnnualText, Employment, Report

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
        for kind in MONTHLY_KINDS:
            report = services.report_request(kind=kind, month=month, office=office, language=language, enqueue=False)
            if report.status == ReportStatus.QUEUED:
                result = services.report_build(report_id=report.pk)
                built += result is not None and result.status == ReportStatus.DONE
    built += _annual(offices=offices, now=now, language=language)
    stdout.write(f"reporting: {built} reports built")


# Employed persons of the demo regions (BPS, Sakernas August), by year: the ILOSTAT denominator.
DEMO_EMPLOYMENT = {"32": 24_850_000, "63": 2_180_000}
EMPLOYMENT_SOURCE = "BPS, Survei Angkatan Kerja Nasional (Sakernas) Agustus {year}: penduduk bekerja"


def _annual(*, offices: list[Office], now: datetime, language: str) -> int:
    """Employment figures of the demo regions, the year's text, the first region's annual report of the year."""
    last_year = now.year - 1
    regions = {o.region.code: o.region for o in offices}
    for code, region in regions.items():
        for year in (last_year, now.year):
            Employment.objects.get_or_create(
                region=region,
                year=year,
                defaults={
                    "employed": DEMO_EMPLOYMENT.get(code, 1_000_000),
                    "source": EMPLOYMENT_SOURCE.format(year=year),
                },
            )
    region = offices[0].region
    AnnualText.objects.get_or_create(
        region=region,
        year=now.year,
        defaults={
            "laws_and_regulations": "Peraturan Menteri Ketenagakerjaan tentang tata cara pengawasan ketenagakerjaan "
            "mulai berlaku dan menjadi pedoman pemeriksaan UPTD.\n\nPeraturan daerah tentang upah minimum "
            "kabupaten/kota ditetapkan untuk tahun berikutnya."
        },
    )
    report = services.report_request(
        kind=ReportKind.ANNUAL, month=date(now.year, 1, 1), region=region, language=language, enqueue=False
    )
    result = services.report_build(report_id=report.pk) if report.status == ReportStatus.QUEUED else None
    return int(result is not None and result.status == ReportStatus.DONE)


def _catalogue_compiled(language: str) -> bool:
    if language == "en":  # the messages are written in English
        return True
    return any((Path(p) / language / "LC_MESSAGES" / "django.mo").is_file() for p in settings.LOCALE_PATHS)
