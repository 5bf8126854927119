"""Demo complaints: a year of them across the demo offices, in every state, with their full history.

Called by ``manage.py seed_demo`` as ``seed(rng=..., now=..., stdout=...)``. The rows and their
events are written in bulk but follow exactly the paths the services allow (complaints/steps.py),
with the times of each step in order. KS-I gets exactly ten complaints received in the last twelve
months (all in the current year), six of them resolved or closed and none rejected or referred,
like the office in DESIGN.md §1.
"""

import hashlib
import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction

from inspectorate.choices import NormCategory, Role
from inspectorate.models import Company, Office, Staff
from inspectorate.services import next_in_sequence
from inspectorate.steps import ASSIGNEE

from .choices import Channel, EventKind, Outcome, Status
from .models import Category, Complaint, ComplaintEvent
from .services import due_date_for
from .steps import STEPS

# Final state → the steps that lead to it from "received".
PATHS = {
    "received": [],
    "screened": ["screen"],
    "assigned": ["screen", "assign"],
    "reassigned": ["screen", "assign", "reassign"],
    "in_progress": ["screen", "assign", "start"],
    "resolved": ["screen", "assign", "start", "resolve"],
    "closed": ["screen", "assign", "start", "resolve", "close"],
    "rejected": ["reject"],
    "rejected_after_screening": ["screen", "reject"],
    "referred": ["screen", "refer"],
    "referred_in_progress": ["screen", "assign", "start", "refer"],
    "duplicate": ["screen", "duplicate"],
    "reopened": ["screen", "assign", "start", "resolve", "close", "reopen", "start"],
}
# The demo's path names are steps of complaints/steps.py; "reassign" is the assign step again.
STEP_OF = {"reassign": "assign"}
DESCRIPTIONS = {
    NormCategory.WAGES: [
        "Upah bulan {month} belum dibayar sampai sekarang. Sudah ditanyakan ke HRD tetapi hanya dijanjikan.",
        "Upah yang dibayarkan di bawah upah minimum kabupaten/kota, sekitar Rp {low} per bulan.",
        "Tunjangan hari raya (THR) tahun ini tidak dibayarkan kepada pekerja harian.",
    ],
    NormCategory.WORKING_TIME: [
        "Kami bekerja 12 jam sehari, enam hari seminggu, dan lembur tidak pernah dihitung.",
        "Pekerja diwajibkan masuk pada hari libur nasional tanpa upah lembur.",
    ],
    NormCategory.EMPLOYMENT_RELATIONSHIP: [
        "Sudah bekerja lebih dari tiga tahun dengan kontrak (PKWT) yang terus diperpanjang tanpa diangkat tetap.",
        "Kami direkrut lewat perusahaan alih daya, tetapi tidak ada perjanjian kerja tertulis.",
    ],
    NormCategory.TERMINATION: [
        "Saya di-PHK sepihak tanpa pesangon setelah sakit selama dua minggu.",
        "Sebanyak {workers} pekerja dirumahkan tanpa kejelasan dan tanpa upah.",
    ],
    NormCategory.OSH: [
        "Tidak ada alat pelindung diri di bagian pengelasan; sudah dua pekerja terluka bulan ini.",
        "Mesin pres tidak memiliki pengaman dan alat pemadam api ringan sudah kedaluwarsa.",
    ],
    NormCategory.SOCIAL_SECURITY: [
        "Pekerja tidak didaftarkan ke BPJS Ketenagakerjaan walaupun upah sudah dipotong iurannya.",
        "Iuran BPJS Ketenagakerjaan menunggak beberapa bulan sehingga klaim JHT tidak bisa dicairkan.",
    ],
    NormCategory.FREEDOM_OF_ASSOCIATION: [
        "Pengurus serikat pekerja dimutasi dan diancam PHK setelah mendirikan serikat.",
    ],
    NormCategory.CHILD_LABOUR: [
        "Ada anak di bawah umur (sekitar 15 tahun) yang bekerja di bagian pengemasan pada malam hari.",
    ],
    NormCategory.FOREIGN_WORKERS: [
        "Ada tenaga kerja asing yang bekerja sebagai operator tanpa dokumen yang jelas.",
    ],
    NormCategory.DISCRIMINATION: [
        "Pekerja perempuan yang hamil diminta mengundurkan diri.",
        "Terjadi pelecehan oleh atasan dan laporan ke manajemen tidak ditanggapi.",
    ],
    NormCategory.OTHER: [
        "Fasilitas air bersih dan toilet untuk pekerja tidak memadai.",
    ],
}
FIRST_NAMES = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Nur", "Ahmad", "Sri", "Yusuf", "Lina", "Hendra"]
LAST_NAMES = ["Rahmawati", "Santoso", "Lestari", "Saputra", "Wulandari", "Hidayat", "Kurniawan", "Pratama"]
UNREGISTERED = ["CV Maju Jaya Abadi", "UD Sumber Rezeki", "PT Karya Mandiri Sejahtera", "Toko Bangunan Sinar Baru"]
REFERRALS = [
    "Dilimpahkan ke mediator hubungan industrial Disnaker kabupaten.",
    "Dilimpahkan ke BPJS Ketenagakerjaan kantor cabang.",
    "Dilimpahkan ke kepolisian karena dugaan tindak pidana.",
]
REJECTIONS = [
    "Di luar kewenangan pengawas ketenagakerjaan.",
    "Keterangan tidak cukup dan pengadu tidak dapat dihubungi.",
]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober"]

# Per office: number of complaints over the year and the mix of final states.
PLAN = {
    "JB-II": (70, None),
    "JB-I": (30, None),
}
GENERAL_MIX = [
    ("received", 4),
    ("screened", 3),
    ("assigned", 4),
    ("reassigned", 1),
    ("in_progress", 5),
    ("resolved", 5),
    ("closed", 9),
    ("rejected", 1),
    ("rejected_after_screening", 1),
    ("referred", 1),
    ("referred_in_progress", 1),
    ("duplicate", 1),
    ("reopened", 1),
]
KS1_STATES = [
    "closed",
    "closed",
    "closed",
    "closed",
    "resolved",
    "resolved",
    "received",
    "screened",
    "assigned",
    "in_progress",
]


def seed(*, rng: random.Random, now: datetime, stdout) -> None:
    if Complaint.objects.exists():
        stdout.write("complaints: demo complaints already present, nothing added")
        return
    offices = {o.code: o for o in Office.objects.select_related("region").filter(code__in=["JB-II", "JB-I", "KS-I"])}
    if not offices:
        stdout.write("complaints: no demo offices found, nothing added")
        return
    with transaction.atomic():
        categories = {c.code: c for c in Category.objects.all()}
        total = 0
        for code, office in sorted(offices.items()):
            if code == "KS-I":
                states = list(KS1_STATES)
                times = _ks1_times(rng, now, office, len(states))
            else:
                count = PLAN[code][0]
                weighted = [s for s, w in GENERAL_MIX for _ in range(w)]
                states = [rng.choice(weighted) for _ in range(count)]
                # Every state at least once per office, so the demo shows each of them.
                states[: len(GENERAL_MIX)] = [s for s, _ in GENERAL_MIX]
                times = sorted(now - timedelta(days=rng.uniform(1, 364), hours=rng.uniform(0, 10)) for _ in states)
                rng.shuffle(states)
                # A duplicate repeats an earlier open complaint: put them late in the year.
                states.sort(key=lambda state: state == "duplicate")
            total += _seed_office(rng=rng, now=now, office=office, states=states, times=times, categories=categories)
        stdout.write(f"complaints: {total} demo complaints with their history")


def _ks1_times(rng, now, office, n):
    """n receipt times in the current year (office time zone) before now, hence also in the last 12 months."""
    local_now = now.astimezone(office.zone)
    start = local_now.replace(month=1, day=1, hour=8, minute=0, second=0, microsecond=0)
    latest = local_now - timedelta(days=2)
    span = (latest - start).total_seconds()
    # The resolved/closed ones are the older ones: they had time to be handled.
    return sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(n))


def _seed_office(*, rng, now, office, states, times, categories) -> int:
    heads = list(Staff.objects.filter(office=office, role=Role.OFFICE_HEAD, is_active=True))
    inspectors = list(Staff.objects.filter(office=office, role=Role.INSPECTOR, is_active=True).order_by("username"))
    companies = list(Company.objects.filter(district__office=office).select_related("district"))
    districts = list(office.districts.all())
    if not (heads and inspectors and (companies or districts)):
        return 0
    head = heads[0]
    if office.code == "KS-I":
        # Older complaints first in the list of times: give those the finished states.
        order = sorted(range(len(states)), key=lambda i: (states[i] not in ("closed", "resolved"), i))
        states = [states[i] for i in order]
    made = []
    open_by_company: dict[int, Complaint] = {}
    for state, received_at in zip(states, times, strict=True):
        original = rng.choice(list(open_by_company.values())) if state == "duplicate" and open_by_company else None
        if state == "duplicate" and original is None:
            state = "screened"
        if original is not None:
            company = original.company
        else:
            company = rng.choice(companies) if companies and rng.random() < 0.85 else None
        district = company.district if company else rng.choice(districts)
        codes = _pick_categories(rng)
        cats = [categories[c] for c in codes]
        anonymous = rng.random() < 0.3
        workers = rng.choice([1, 1, 1, 2, 3, 5, 8, 12, 25, 40])
        wage = NormCategory.WAGES in codes
        amount = (
            Decimal(rng.randrange(2_000_000, 60_000_000, 50_000)) * (workers if workers < 5 else 1) if wage else None
        )
        complaint = Complaint(
            reference=f"ADU-{office.region.code}-{received_at.astimezone(office.zone).year}-"
            f"{next_in_sequence(f'complaint:{office.region.code}:{received_at.astimezone(office.zone).year}'):05d}",
            tracking_code_hash=hashlib.sha256(rng.getrandbits(256).to_bytes(32, "big")).hexdigest(),
            channel=rng.choice(
                [Channel.ONLINE] * 5 + [Channel.WALK_IN, Channel.PHONE, Channel.LETTER, Channel.EMAIL, Channel.REFERRAL]
            ),
            received_at=received_at,
            is_anonymous=anonymous,
            complainant_name="" if anonymous else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            complainant_phone="" if anonymous else f"+628{rng.randrange(10**9, 10**10)}",
            complainant_id_number=""
            if anonymous or rng.random() < 0.5
            else f"{district.code}{rng.randrange(10**11, 10**12)}",
            company=company,
            reported_company_name="" if company else rng.choice(UNREGISTERED),
            reported_company_address="" if company else f"Jl. Raya {district.name} No. {rng.randint(1, 200)}",
            reported_district=district,
            description=rng.choice(DESCRIPTIONS[codes[0]]).format(
                month=rng.choice(MONTHS),
                low=f"{rng.randrange(1_500_000, 3_000_000, 100_000):,}".replace(",", "."),
                workers=workers,
            ),
            workers_affected=workers,
            amount_claimed=amount,
            office=office,
            status=Status.RECEIVED,
            status_changed_at=received_at,
            due_date=due_date_for(received_at=received_at, office=office),
        )
        events = _walk(
            rng=rng, now=now, complaint=complaint, state=state, head=head, inspectors=inspectors, original=original
        )
        complaint.save()
        complaint.categories.set(cats if original is None else list(original.categories.all()) or cats)
        for event in events:
            event.complaint = complaint
        ComplaintEvent.objects.bulk_create(events)
        if company and complaint.status in (Status.RECEIVED, Status.SCREENED, Status.ASSIGNED, Status.IN_PROGRESS):
            open_by_company.setdefault(company.pk, complaint)
        made.append(complaint)
    return len(made)


def _pick_categories(rng) -> list[str]:
    first = rng.choices(
        list(DESCRIPTIONS),
        weights=[30, 12, 12, 12, 10, 14, 3, 1, 2, 3, 1],
    )[0]
    extra = [rng.choice([NormCategory.WORKING_TIME, NormCategory.SOCIAL_SECURITY])] if rng.random() < 0.3 else []
    return list(dict.fromkeys([first, *extra]))


def _walk(*, rng, now, complaint, state, head, inspectors, original) -> list[ComplaintEvent]:
    """Apply the steps of ``state`` to the unsaved complaint, returning its events, all times before now."""
    at = complaint.received_at
    events = [
        ComplaintEvent(kind=EventKind.CREATED, at=at, to_status=Status.RECEIVED, note=Channel(complaint.channel).label)
    ]
    steps = PATHS[state]
    budget = (now - at).total_seconds() * 0.9
    gap = budget / (len(steps) + 1) if steps else 0
    wage = complaint.amount_claimed is not None
    for step in steps:
        at = at + timedelta(seconds=rng.uniform(0.3, 1.0) * gap)
        rule = STEPS[STEP_OF.get(step, step)]
        target = rule.to
        if not rule.starts_from(complaint.status):
            raise ValueError(f"demo history breaks the lifecycle: {complaint.status} → {target}")
        # The assigned inspector takes the steps open to them; the head takes the others.
        actor = complaint.assigned_to if ASSIGNEE in rule.roles and complaint.assigned_to else head
        event = ComplaintEvent(
            kind=EventKind.STATUS, actor=actor, at=at, from_status=complaint.status, to_status=target
        )
        if step in ("assign", "reassign", "reopen"):
            choices = [i for i in inspectors if i != complaint.assigned_to] or inspectors
            complaint.assigned_to = (
                complaint.assigned_to if step == "reopen" and complaint.assigned_to else rng.choice(choices)
            )
            event.kind = EventKind.ASSIGNMENT
            event.assignee = complaint.assigned_to
            if step == "reopen":
                event.note = "Pengadu melaporkan pelanggaran terulang."
                complaint.outcome, complaint.amount_recovered, complaint.resolved_at = "", None, None
        elif step == "resolve":
            complaint.outcome = rng.choice(
                [Outcome.COMPLIED_AFTER_ORDER] * 3
                + [Outcome.SETTLED] * 3
                + [Outcome.NOT_SUBSTANTIATED, Outcome.WITHDRAWN]
            )
            if wage and complaint.outcome in (Outcome.COMPLIED_AFTER_ORDER, Outcome.SETTLED):
                complaint.amount_recovered = (
                    complaint.amount_claimed * Decimal(rng.choice([50, 75, 100])) / 100
                ).quantize(Decimal(1))
            complaint.resolved_at = at
            event.note = (
                "Perusahaan telah memenuhi kewajibannya." if complaint.outcome != Outcome.NOT_SUBSTANTIATED else ""
            )
        elif step == "reject":
            event.note = rng.choice(REJECTIONS)
        elif step == "refer":
            event.note = rng.choice(REFERRALS)
        elif step == "duplicate":
            complaint.duplicate_of = original
            complaint.outcome = Outcome.DUPLICATE
            complaint.resolved_at = at
            event.kind = EventKind.DUPLICATE
            event.note = original.reference
        elif step == "start":
            event.note = "Pemeriksaan ke perusahaan dijadwalkan."
        complaint.status = target
        complaint.status_changed_at = at
        events.append(event)
    return events
