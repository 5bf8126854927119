#!/usr/bin/env python
"""Render the first page of both monthly PDFs to docs/report-quota.png and docs/report-resolution.png.

Uses the demo office KS-I when the database holds the demo data (``manage.py seed_demo``);
otherwise builds a realistic sample office inside a transaction that is rolled back, so the
database is left as it was. Needs pdftoppm (poppler-utils).

    DJANGO_SETTINGS_MODULE=inspectorate.settings.dev .venv/bin/python scripts/render_report_screenshots.py
"""

import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from complaints.choices import Channel, Outcome, Status  # noqa: E402
from complaints.models import Category, Complaint  # noqa: E402
from inspections.choices import InspectionStatus, Kind  # noqa: E402
from inspections.models import Inspection  # noqa: E402
from inspectorate.choices import NormCategory, Role  # noqa: E402
from inspectorate.models import Company, District, Office, Region, Staff  # noqa: E402
from reporting.figures import add_months, month_start  # noqa: E402
from reporting.models import Report, scope_key_for  # noqa: E402
from reporting.pdf import render_report_pdf  # noqa: E402

NAMES = [
    ("Ahmad", "Fauzi"), ("Siti", "Rahmawati"), ("Budi", "Santoso"), ("Dewi", "Lestari"), ("Rizky", "Pratama"),
    ("Nur", "Hidayah"), ("Agus", "Salim"), ("Rina", "Marlina"), ("Hendra", "Gunawan"),
]  # fmt: skip
COMPANIES = [
    "PT Borneo Sawit Lestari", "PT Banjar Karet Makmur", "CV Martapura Jaya", "PT Kalsel Batu Bara Utama",
    "PT Barito Kayu Lapis", "PT Intan Permata Banua", "CV Sungai Andai Mandiri", "PT Meratus Agro",
]  # fmt: skip
DESCRIPTIONS = [
    "Upah tiga bulan terakhir belum dibayar penuh oleh perusahaan.",
    "Lembur hari Minggu tidak dibayar sesuai ketentuan.",
    "Pekerja belum didaftarkan sebagai peserta BPJS Ketenagakerjaan.",
    "PHK sepihak tanpa pesangon setelah lima tahun bekerja.",
    "Alat pelindung diri tidak disediakan di area pengolahan.",
]


def sample_office(rng: random.Random, now: dt.datetime) -> Office:
    region, _ = Region.objects.get_or_create(code="63", defaults={"name": "Kalimantan Selatan"})
    office = Office.objects.create(
        code="KS-SAMPLE", name="UPTD Wilayah I Kalimantan Selatan", region=region, time_zone="Asia/Makassar"
    )
    district = District.objects.create(code="S6371", name="Kota Banjarmasin", region=region, office=office)
    companies = [Company.objects.create(name=n, district=district, workers_total=120) for n in COMPANIES]
    inspectors = [
        Staff.objects.create(
            username=f"sample.{i}", first_name=first, last_name=last, role=Role.INSPECTOR, office=office
        )
        for i, (first, last) in enumerate(NAMES)
    ]
    this_month = month_start(now.astimezone(office.zone).date())
    n = 0
    for back in range(12, 0, -1):
        month = add_months(this_month, -back)
        for inspector in inspectors:
            for _ in range(rng.choice([2, 3, 4, 5, 5, 6, 7])):
                n += 1
                day, hour = rng.randint(1, 28), rng.randint(8, 16)
                visited = dt.datetime(month.year, month.month, day, hour, tzinfo=office.zone)
                kind = rng.choice([Kind.ROUTINE] * 5 + [Kind.COMPLAINT, Kind.FOLLOW_UP, Kind.ACCIDENT, Kind.ASSIGNMENT])
                visit = Inspection.objects.create(
                    reference=f"PMR-S-{n:05d}", office=office, company=rng.choice(companies), lead_inspector=inspector,
                    kind=kind, status=InspectionStatus.REPORTED, planned_date=visited.date(), visited_at=visited,
                )  # fmt: skip
                if rng.random() < 0.3:
                    visit.team.add(rng.choice(inspectors))
        for _ in range(rng.randint(2, 6)):
            n += 1
            received = dt.datetime(month.year, month.month, rng.randint(1, 28), 10, tzinfo=office.zone)
            status = rng.choice(
                [Status.RESOLVED] * 5
                + [Status.CLOSED, Status.IN_PROGRESS, Status.ASSIGNED, Status.REJECTED, Status.REFERRED]
            )
            done = status in (Status.RESOLVED, Status.CLOSED)
            resolved_at = received + dt.timedelta(days=rng.randint(5, 70)) if done else None
            if resolved_at and resolved_at > now:
                resolved_at = now
            category = rng.choice(
                [NormCategory.WAGES] * 2 + [NormCategory.SOCIAL_SECURITY, NormCategory.TERMINATION, NormCategory.OSH]
            )
            complaint = Complaint.objects.create(
                reference=f"ADU-63-S-{n:05d}", tracking_code_hash=hashlib.sha256(str(n).encode()).hexdigest(),
                channel=rng.choice(Channel.values), received_at=received, company=rng.choice(companies),
                description=rng.choice(DESCRIPTIONS), office=office, status=status, status_changed_at=received,
                outcome=Outcome.SETTLED if done else "", resolved_at=resolved_at,
                due_date=(received + dt.timedelta(days=30)).date(),
                amount_claimed=rng.randint(5, 60) * 1_000_000 if category == NormCategory.WAGES else None,
                amount_recovered=rng.randint(2, 5) * 1_000_000 if category == NormCategory.WAGES and done else None,
            )  # fmt: skip
            complaint.categories.add(Category.objects.get(code=category))
    return office


def main() -> None:
    now = timezone.now()
    docs = BASE_DIR / "docs"
    docs.mkdir(exist_ok=True)
    with transaction.atomic():
        office = Office.objects.filter(code="KS-I").first() or sample_office(random.Random(7), now)  # noqa: S311
        month = add_months(month_start(now.astimezone(office.zone).date()), -1)
        for kind in ("quota", "resolution"):
            report = Report(
                kind=kind, office=office, scope_key=scope_key_for(office=office), month=month, language="id",
                requested_at=now,
            )  # fmt: skip
            with tempfile.TemporaryDirectory() as tmp:
                pdf = Path(tmp) / "report.pdf"
                pdf.write_bytes(render_report_pdf(report, generated_at=now))
                target = str(docs / f"report-{kind}")
                command = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), target]
                subprocess.run(command, check=True)  # noqa: S603
            print(docs / f"report-{kind}.png")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
