"""Demo data: a year of visits, findings, notices and one investigation for the demo offices.

Called by ``manage.py seed_demo`` after the organisation and the complaints. Rows are written
in bulk (a year of visits would take minutes through the services one by one); numbers and
references still come from the same per-office counters the services use.
"""

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction

from complaints.models import Complaint
from inspectorate.choices import Role
from inspectorate.models import Company, Counter, Office, Staff

from .choices import FindingStatus, InspectionStatus, InvestigationOutcome, Kind, NoticeStatus
from .models import (
    ChangeRecord,
    Finding,
    Inspection,
    Investigation,
    InvestigationStep,
    LegalProvision,
    Notice,
)
from .services import finding_for_visit
from .steps import INSPECTION_STEPS, INVESTIGATION_STEPS

OFFICE_CODES = ["KS-I", "JB-II", "JB-I"]
SHORT_MONTHS = 3  # months in the year in which an inspector falls short of the quota
SUMMARIES = [
    "Pemeriksaan norma kerja umum; dokumen perusahaan diperiksa dan pekerja diwawancarai.",
    "Pemeriksaan K3 di area produksi dan gudang.",
    "Pemeriksaan kepesertaan BPJS Ketenagakerjaan dan daftar upah.",
    "Pemeriksaan perjanjian kerja (PKWT) dan alih daya.",
    "Pemeriksaan waktu kerja dan lembur berdasarkan daftar hadir.",
]
FINDINGS = {
    "social_security": (
        "Sebagian pekerja belum didaftarkan sebagai peserta BPJS Ketenagakerjaan.",
        "Daftarkan seluruh pekerja dan bayar iurannya.",
    ),
    "wages": (
        "Upah sebagian pekerja di bawah upah minimum kabupaten/kota.",
        "Bayar upah sesuai upah minimum beserta kekurangannya.",
    ),
    "working_time": ("Lembur melebihi batas tanpa upah kerja lembur.", "Batasi lembur dan bayar upah kerja lembur."),
    "osh": (
        "Alat pelindung diri tidak disediakan bagi pekerja di bagian produksi.",
        "Sediakan alat pelindung diri secara cuma-cuma.",
    ),
    "employment_relationship": (
        "PKWT dipakai untuk pekerjaan yang bersifat tetap.",
        "Ubah status pekerja menjadi PKWTT.",
    ),
}


def _months_back(now: dt.datetime, zone, count: int = 12) -> list[tuple[int, int]]:
    local = now.astimezone(zone)
    months = []
    year, month = local.year, local.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _visit_time(rng: random.Random, zone, year: int, month: int, now: dt.datetime) -> dt.datetime | None:
    local_now = now.astimezone(zone)
    last_day = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    if (year, month) == (local_now.year, local_now.month):
        last_day = max(1, local_now.day - 1)
        if local_now.day == 1:
            return None
    day = rng.randint(1, last_day)
    return dt.datetime(year, month, day, rng.randint(8, 15), rng.choice([0, 15, 30, 45]), tzinfo=zone)


@transaction.atomic
def seed(*, rng: random.Random, now: dt.datetime, stdout) -> None:
    if Inspection.objects.exists():
        stdout.write("inspections: already seeded, nothing to do")
        return
    provisions = defaultdict(list)
    for provision in LegalProvision.objects.filter(is_active=True):
        provisions[provision.category].append(provision)
    offices = list(Office.objects.filter(code__in=OFFICE_CODES))
    counters: dict[str, int] = {}

    def number(key: str) -> int:
        counters[key] = counters.get(key, 0) + 1
        return counters[key]

    totals = defaultdict(int)
    for office in offices:
        totals["visits"] += _seed_office(office, rng=rng, now=now, provisions=provisions, number=number)
    for key, value in counters.items():
        Counter.objects.update_or_create(key=key, defaults={"value": value})
    stdout.write(
        f"inspections: {Inspection.objects.count()} visits, {Finding.objects.count()} findings, "
        f"{Notice.objects.count()} notices, {Investigation.objects.count()} investigation(s)"
    )


def _seed_office(office: Office, *, rng, now, provisions, number) -> int:
    zone = office.zone
    inspectors = list(Staff.objects.filter(office=office, role=Role.INSPECTOR, is_active=True).order_by("username"))
    head = Staff.objects.filter(office=office, role=Role.OFFICE_HEAD).order_by("username").first()
    companies = list(Company.objects.filter(district__office=office).order_by("pk"))
    if not inspectors or not companies or head is None:
        return 0
    months = _months_back(now, zone)
    visits: list[Inspection] = []
    teams: list[tuple[int, Staff]] = []

    def new_visit(lead, year, month, kind=Kind.ROUTINE, complaint=None, status=InspectionStatus.REPORTED):
        visited_at = _visit_time(rng, zone, year, month, now)
        if visited_at is None:
            return None
        ref_year = visited_at.year
        visit = Inspection(
            reference=f"PMR-{office.code}-{ref_year}-{number(f'inspection:{office.code}:{ref_year}'):05d}",
            office=office,
            company=complaint.company if complaint else rng.choice(companies),
            lead_inspector=lead,
            kind=kind,
            status=status,
            planned_date=visited_at.date() - dt.timedelta(days=rng.randint(0, 5)),
            visited_at=visited_at,
            summary=rng.choice(SUMMARIES),
            workers_present=rng.randint(5, 120),
            origin_complaint=complaint,
            reported_at=visited_at + dt.timedelta(hours=rng.randint(2, 30)),
            created_by=head,
        )
        visits.append(visit)
        return visit

    for inspector in inspectors:
        short = set(rng.sample(range(len(months) - 1), k=min(SHORT_MONTHS, len(months) - 1)))
        for index, (year, month) in enumerate(months):
            quota = office.monthly_quota
            led = rng.randint(1, quota - 2) if index in short else quota + rng.randint(0, 2)
            for _ in range(led):
                visit = new_visit(inspector, year, month)
                if visit and len(inspectors) > 1 and rng.random() < 0.25:
                    others = [s for s in inspectors if s.pk != inspector.pk]
                    teams.append((len(visits) - 1, rng.choice(others)))
            if rng.random() < 0.3:
                new_visit(inspector, year, month, kind=Kind.ASSIGNMENT)
            if rng.random() < 0.15:
                new_visit(inspector, year, month, kind=rng.choice([Kind.FOLLOW_UP, Kind.ACCIDENT]))
    # Complaint-triggered visits for the office's complaints, when the complaints app has some.
    complaints = list(Complaint.objects.filter(office=office, company__isnull=False).order_by("received_at")[:4])
    for complaint in complaints:
        year, month = months[-2]
        new_visit(
            complaint.assigned_to if complaint.assigned_to_id else inspectors[0], year, month, Kind.COMPLAINT, complaint
        )
    # This month's work still to do: planned for today and one started.
    today = now.astimezone(zone).date()
    for inspector in inspectors[:3]:
        visits.append(
            Inspection(
                reference=f"PMR-{office.code}-{today.year}-{number(f'inspection:{office.code}:{today.year}'):05d}",
                office=office,
                company=rng.choice(companies),
                lead_inspector=inspector,
                kind=Kind.ROUTINE,
                status=InspectionStatus.PLANNED,
                planned_date=today,
                created_by=head,
            )
        )
    start = INSPECTION_STEPS["start"]
    if visits and start.starts_from(visits[-1].status):
        started = visits[-1]
        started.status = start.to
        started.visited_at = now - dt.timedelta(hours=1)
        started.summary = "Pemeriksaan sedang berlangsung."
    Inspection.objects.bulk_create(visits)
    Inspection.team.through.objects.bulk_create(
        [Inspection.team.through(inspection_id=visits[i].pk, staff_id=member.pk) for i, member in teams]
    )
    _seed_findings_and_notices(office, head, visits, rng=rng, now=now, provisions=provisions, number=number)
    # Older visits with nothing left open are closed.
    close = INSPECTION_STEPS["close"]
    Inspection.objects.filter(
        office=office, status__in=close.sources, visited_at__lt=now - dt.timedelta(days=90)
    ).exclude(findings__status=FindingStatus.OPEN).update(status=close.to)
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                inspection=v,
                object_type="inspection",
                object_id=v.pk,
                actor=head,
                at=v.reported_at or now,
                action="imported (demo data)",
            )  # fmt: skip
            for v in visits
        ]
    )
    return len(visits)


def _seed_findings_and_notices(office, head, visits, *, rng, now, provisions, number) -> None:
    today = now.astimezone(office.zone).date()
    findings: list[Finding] = []
    per_visit: dict[int, list[Finding]] = defaultdict(list)
    for visit in visits:
        if visit.status != InspectionStatus.REPORTED or visit.kind == Kind.ASSIGNMENT:
            continue
        if visit.kind != Kind.COMPLAINT and rng.random() > 0.35:
            continue
        visit_day = visit.visited_at.astimezone(office.zone).date()
        for category in rng.sample(sorted(FINDINGS), k=rng.randint(1, 3)):
            if not provisions.get(category):
                continue
            description, action = FINDINGS[category]
            deadline = visit_day + dt.timedelta(days=rng.choice([14, 30, 30, 60]))
            corrected = deadline < today and rng.random() < 0.7
            finding = finding_for_visit(
                visit,
                category=category,
                provision=rng.choice(provisions[category]),
                description=description,
                severity=rng.choice(["low", "medium", "high", "high", "critical"]),
                corrective_action=action,
                deadline=deadline,
                status=FindingStatus.CORRECTED if corrected else FindingStatus.OPEN,
                corrected_at=dt.datetime.combine(deadline, dt.time(10), tzinfo=office.zone) if corrected else None,
                created_by=visit.lead_inspector,
            )
            findings.append(finding)
            per_visit[visit.pk].append(finding)
    Finding.objects.bulk_create(findings)

    # A Nota I for about half of the visits with findings; a Nota II where the first was not complied.
    # One investigation in the whole demo, in KS-I, led by its first PPNS inspector (ks1.pengawas01).
    ppns = None
    if office.code == "KS-I":
        ppns = (
            Staff.objects.filter(office=office, role=Role.INSPECTOR, is_investigator=True, is_active=True)
            .order_by("username")
            .first()
        )
    escalation_done = False
    for visit in sorted((v for v in visits if per_visit.get(v.pk)), key=lambda v: v.visited_at):
        if rng.random() > 0.5 and visit.kind != Kind.COMPLAINT:
            continue
        visit_findings = per_visit[visit.pk]
        issued_on = visit.visited_at.astimezone(office.zone).date() + dt.timedelta(days=3)
        if issued_on > today:
            continue
        deadline = issued_on + dt.timedelta(days=30)
        open_ones = [f for f in visit_findings if f.status == FindingStatus.OPEN]
        if deadline < today - dt.timedelta(days=14):
            status = NoticeStatus.NOT_COMPLIED if open_ones else NoticeStatus.COMPLIED
        else:
            # Deadline ahead, or passed in the last two weeks: the follow-up visit is still to come.
            status = NoticeStatus.ISSUED
        first = Notice.objects.create(
            inspection=visit,
            office=office,
            company_id=visit.company_id,
            level="I",
            number=f"NP-I/{office.code}/{issued_on.year}/{number(f'notice:{office.code}:{issued_on.year}'):04d}",
            issued_on=issued_on,
            compliance_deadline=deadline,
            status=status,
            issued_by=head,
        )
        first.findings.set(visit_findings)
        if status != NoticeStatus.NOT_COMPLIED:
            continue
        second_on = deadline + dt.timedelta(days=2)
        if second_on > today:
            continue
        second_deadline = second_on + dt.timedelta(days=14)
        escalate = not escalation_done and ppns is not None and second_deadline < today - dt.timedelta(days=10)
        second = Notice.objects.create(
            inspection=visit,
            office=office,
            company_id=visit.company_id,
            level="II",
            number=f"NP-II/{office.code}/{second_on.year}/{number(f'notice:{office.code}:{second_on.year}'):04d}",
            issued_on=second_on,
            compliance_deadline=second_deadline,
            previous=first,
            status=NoticeStatus.NOT_COMPLIED if escalate or second_deadline < today else NoticeStatus.ISSUED,
            issued_by=head,
        )
        second.findings.set(open_ones)
        if escalate:
            _seed_investigation(second, ppns, open_ones, today)
            escalation_done = True


def _seed_investigation(notice: Notice, investigator: Staff, findings: list[Finding], today: dt.date) -> None:
    opened_on = notice.compliance_deadline + dt.timedelta(days=3)
    investigation = Investigation.objects.create(
        notice=notice, office=notice.office, investigator=investigator, opened_on=opened_on
    )
    steps = [
        (0, "Laporan kejadian dibuat dan surat perintah penyidikan diterbitkan."),
        (5, "Pemeriksaan saksi pekerja dan pengambilan keterangan pimpinan perusahaan."),
        (9, "Pengumpulan dokumen daftar upah dan kepesertaan BPJS sebagai barang bukti."),
    ]
    InvestigationStep.objects.bulk_create(
        [
            InvestigationStep(
                investigation=investigation,
                on=min(today, opened_on + dt.timedelta(days=d)),
                description=t,
                author=investigator,
            )
            for d, t in steps
        ]
    )
    Finding.objects.filter(pk__in=[f.pk for f in findings]).update(status=FindingStatus.ESCALATED)
    if opened_on + dt.timedelta(days=60) < today:
        investigation.status = INVESTIGATION_STEPS["close"].to
        investigation.outcome = InvestigationOutcome.COMPLIED
        investigation.closed_on = opened_on + dt.timedelta(days=45)
        investigation.save(update_fields=["status", "outcome", "closed_on"])
