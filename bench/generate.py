"""A national-scale data set for benchmarks: organisation, companies, complaints, visits, findings, notices.

Rows are built in Python with explicit ids (so foreign keys need no round trip) and streamed
through :class:`bench.sink.Sink` (COPY on PostgreSQL). Everything random comes from one
``random.Random(seed)``: the same arguments give the same data.

What is generated, and what is not:

- 38 provinces with their BPS codes and time zones; offices spread over them by economic
  weight (every province has one); 2–8 districts per office; office sizes skewed (a few big
  offices, many small). One head per office, one official per province, two national officials
  and one admin, all with the password :data:`BENCH_PASSWORD`.
- Companies: PT/CV names from Indonesian words, 70 % with a unique NIB, sizes log-normal.
- Complaints over the period, more after Lebaran (THR) and fewer at year end; 5 % rejected,
  7 % referred; of the rest most are resolved in 30–90 days, some faster, and a long tail never
  resolved (still open). Each complaint has a "created" event and, when its status moved on, one
  status event to its current status (the intermediate history is not generated).
- Visits (inspections) over a period long enough that inspectors are mostly near their monthly
  quota; 40 % with one team member. Reported visits get findings on about a third of them
  (``findings_per_visit`` on average when they have any), Nota I on part of those, Nota II
  after some not-complied Nota I. Investigations, attachments and field notes are not generated.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connections, models
from django.utils import timezone

from complaints.choices import EventKind, Outcome, Status
from complaints.models import Category, Complaint, ComplaintEvent
from inspections.choices import FindingStatus, InspectionStatus, Kind, NoticeLevel, NoticeStatus, Severity
from inspections.models import Finding, Inspection, LegalProvision, Notice
from inspectorate.choices import Role
from inspectorate.models import Company, Counter, District, Office, Region, Staff
from inspectorate.nip import make_nip
from rollups.models import ComplaintMonth, ComplaintYear, DistrictWorkforce, VisitMonth
from rollups.months import local_month
from rollups.rebuild import rebuild

from .sink import Sink

BENCH_PASSWORD = "inspektorat-bench"  # noqa: S105  # nosec B105 - benchmark accounts only

# (BPS code, name, time zone, weight ~ formal employment)
PROVINCES = [
    ("11", "Aceh", "Asia/Jakarta", 2),
    ("12", "Sumatera Utara", "Asia/Jakarta", 6),
    ("13", "Sumatera Barat", "Asia/Jakarta", 2),
    ("14", "Riau", "Asia/Jakarta", 4),
    ("15", "Jambi", "Asia/Jakarta", 1.5),
    ("16", "Sumatera Selatan", "Asia/Jakarta", 3),
    ("17", "Bengkulu", "Asia/Jakarta", 0.8),
    ("18", "Lampung", "Asia/Jakarta", 2.5),
    ("19", "Kepulauan Bangka Belitung", "Asia/Jakarta", 0.8),
    ("21", "Kepulauan Riau", "Asia/Jakarta", 3),
    ("31", "DKI Jakarta", "Asia/Jakarta", 14),
    ("32", "Jawa Barat", "Asia/Jakarta", 16),
    ("33", "Jawa Tengah", "Asia/Jakarta", 10),
    ("34", "DI Yogyakarta", "Asia/Jakarta", 1.5),
    ("35", "Jawa Timur", "Asia/Jakarta", 13),
    ("36", "Banten", "Asia/Jakarta", 7),
    ("51", "Bali", "Asia/Makassar", 2.5),
    ("52", "Nusa Tenggara Barat", "Asia/Makassar", 1.2),
    ("53", "Nusa Tenggara Timur", "Asia/Makassar", 1),
    ("61", "Kalimantan Barat", "Asia/Jakarta", 1.5),
    ("62", "Kalimantan Tengah", "Asia/Jakarta", 1.2),
    ("63", "Kalimantan Selatan", "Asia/Makassar", 1.5),
    ("64", "Kalimantan Timur", "Asia/Makassar", 3),
    ("65", "Kalimantan Utara", "Asia/Makassar", 0.5),
    ("71", "Sulawesi Utara", "Asia/Makassar", 1),
    ("72", "Sulawesi Tengah", "Asia/Makassar", 1),
    ("73", "Sulawesi Selatan", "Asia/Makassar", 3),
    ("74", "Sulawesi Tenggara", "Asia/Makassar", 0.8),
    ("75", "Gorontalo", "Asia/Makassar", 0.4),
    ("76", "Sulawesi Barat", "Asia/Makassar", 0.4),
    ("81", "Maluku", "Asia/Jayapura", 0.5),
    ("82", "Maluku Utara", "Asia/Jayapura", 0.6),
    ("91", "Papua", "Asia/Jayapura", 0.6),
    ("92", "Papua Barat", "Asia/Jayapura", 0.4),
    ("93", "Papua Selatan", "Asia/Jayapura", 0.2),
    ("94", "Papua Tengah", "Asia/Jayapura", 0.3),
    ("95", "Papua Pegunungan", "Asia/Jayapura", 0.2),
    ("96", "Papua Barat Daya", "Asia/Jayapura", 0.3),
]

WORDS = (
    "Maju Jaya Abadi Sentosa Makmur Sejahtera Karya Mandiri Sinar Mulia Bersama Utama Nusantara Indah "
    "Prima Sumber Cahaya Agung Berkah Lestari Gemilang Perkasa Tunggal Baru Surya Mitra Global Teknik "
    "Niaga Persada Sakti Kencana Bumi Raya Citra Dharma Eka Dwi Tri Putra Putri Anugerah Harapan Wijaya "
    "Kusuma Mega Buana Samudra Cipta Logam Tekstil Garmen Plastik Kimia Pangan Sawit Batubara Konstruksi "
    "Transportasi Elektronik Farmasi Kreasi Inti Andalas Borneo Celebes Jawa Sumatra Papua Bahari Tirta "
    "Graha Sarana Prakarsa Semesta Sentral Intan Permata Mas Perdana Adi Sukses Kurnia Rezeki Damai"
).split()
SUFFIXES = ["Indonesia", "Nusantara", "Industri", "Abadi", "Group", "Jaya", "Sejahtera", "Mandiri", ""]
FIRST_NAMES = "Agus Budi Dewi Eko Fitri Hadi Indah Joko Kartika Lestari Made Nur Putu Rina Sari Tono Wati Yudi".split()
LAST_NAMES = "Santoso Wijaya Saputra Hidayat Siregar Nasution Lubis Pratama Kurniawan Setiawan Hasibuan Purba".split()
KBLI = ["10", "13", "14", "16", "22", "25", "41", "46", "47", "49", "55", "56", "62", "86", "01", "08"]
CHANNELS = [("online", 45), ("walk_in", 20), ("phone", 10), ("letter", 10), ("email", 10), ("referral", 5)]
KINDS = [(Kind.ROUTINE, 58), (Kind.COMPLAINT, 12), (Kind.FOLLOW_UP, 15), (Kind.ACCIDENT, 5), (Kind.ASSIGNMENT, 10)]
SEVERITIES = [(Severity.LOW, 25), (Severity.MEDIUM, 45), (Severity.HIGH, 22), (Severity.CRITICAL, 8)]
OUTCOMES = [
    (Outcome.COMPLIED_AFTER_ORDER, 35),
    (Outcome.SETTLED, 40),
    (Outcome.NOT_SUBSTANTIATED, 15),
    (Outcome.WITHDRAWN, 10),
]
# Complaint volume by month: up after Lebaran when THR (religious holiday allowance) is due.
SEASON = [1.0, 0.95, 1.05, 1.25, 1.35, 1.1, 1.0, 0.95, 0.95, 1.0, 0.95, 0.8]


@dataclass(frozen=True)
class Sizes:
    offices: int = 120
    inspectors: int = 2000
    companies: int = 750_000
    complaints: int = 300_000
    visits: int = 1_000_000
    findings_per_visit: float = 2.0


FULL = Sizes()
SMALL = Sizes(offices=4, inspectors=20, companies=500, complaints=300, visits=800)


class Picker:
    """Weighted choice with precomputed cumulative weights (much faster than choices() per call)."""

    def __init__(self, rng: random.Random, pairs):
        self.rng = rng
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def __call__(self):
        return self.rng.choices(self.values, cum_weights=self.cum)[0]


def _first_of_month(d: date, delta: int) -> date:
    index = d.year * 12 + d.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


class Generator:
    def __init__(self, *, sizes: Sizes, seed: int, sink: Sink, now: datetime | None = None, stdout=None):
        self.sizes = sizes
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311 - reproducible test data
        self.seed = seed
        self.sink = sink
        self.now = now or timezone.now()
        self.stdout = stdout
        self.connection = connections[sink.using]
        self.counters: dict[str, int] = {}

    def log(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)

    def next_id(self, model: type[models.Model]) -> int:
        return (model.objects.using(self.sink.using).aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def counter_start(self, key: str) -> int:
        if key not in self.counters:
            row = Counter.objects.using(self.sink.using).filter(key=key).values_list("value", flat=True).first()
            self.counters[key] = row or 0
        return self.counters[key]

    def next_number(self, key: str) -> int:
        self.counter_start(key)
        self.counters[key] += 1
        return self.counters[key]

    # --- span -------------------------------------------------------------------------------

    def plan_span(self) -> None:
        """Months of history: long enough that the visits put inspectors near their quota."""
        per_month = self.sizes.inspectors * 5 * 1.05 / 1.4  # a visit counts for lead and team (x1.4)
        months = max(6, min(120, math.ceil(self.sizes.visits / per_month)))
        this_month = self.now.date().replace(day=1)
        self.first_month = _first_of_month(this_month, -(months - 1))
        self.months = [_first_of_month(self.first_month, i) for i in range(months)]
        self.span_start = datetime.combine(self.first_month, datetime.min.time(), tzinfo=UTC)
        self.log(f"History: {months} months from {self.first_month:%Y-%m} to {this_month:%Y-%m}")

    def random_moment(self, month_weights: list[float]) -> datetime:
        """A moment in a month picked by weight, uniform within it, never after now."""
        i = self.rng.choices(range(len(self.months)), cum_weights=month_weights)[0]
        start = datetime.combine(self.months[i], datetime.min.time(), tzinfo=UTC)
        end = datetime.combine(_first_of_month(self.months[i], 1), datetime.min.time(), tzinfo=UTC)
        end = min(end, self.now)
        return start + timedelta(seconds=self.rng.random() * max((end - start).total_seconds(), 60))

    # --- organisation ----------------------------------------------------------------------

    def organisation(self) -> None:
        rng = self.rng
        using = self.sink.using
        regions = {r.code: r for r in Region.objects.using(using).all()}
        region_id = self.next_id(Region)
        new_regions = []
        for code, name, _tz, _w in PROVINCES:
            if code not in regions:
                regions[code] = Region(id=region_id, code=code, name=name)
                new_regions.append((region_id, code, name))
                region_id += 1
        self.sink.write(Region, ["id", "code", "name"], new_regions)

        # Offices: one per province, the rest by weight.
        n_offices = max(self.sizes.offices, 1)
        provinces = PROVINCES if n_offices >= len(PROVINCES) else rng.sample(PROVINCES, n_offices)
        per_province = {p[0]: 1 for p in provinces}
        weights = [(p[0], p[3]) for p in provinces]
        pick_province = Picker(rng, weights)
        for _ in range(n_offices - len(provinces)):
            per_province[pick_province()] += 1
        existing_offices = set(Office.objects.using(using).values_list("code", flat=True))
        existing_districts = set(District.objects.using(using).values_list("code", flat=True))
        office_id, district_id = self.next_id(Office), self.next_id(District)
        offices, districts = [], []
        self.offices: list[dict] = []
        romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
        for code, name, tz, _w in provinces:
            next_district = 1
            for k in range(per_province[code]):
                label = romans[k] if k < len(romans) else str(k + 1)
                office_code = f"UPTD-{code}-{k + 1:02d}"
                suffix = 1
                while office_code in existing_offices:
                    office_code = f"UPTD-{code}-{k + 1:02d}-{suffix}"
                    suffix += 1
                existing_offices.add(office_code)
                size = rng.lognormvariate(0, 0.8)  # skewed: a few big offices, many small
                offices.append(
                    (
                        office_id,
                        office_code,
                        f"UPTD Pengawasan Ketenagakerjaan Wilayah {label} {name}",
                        regions[code].id,
                        tz,
                        5,
                        30,
                        "",
                    )
                )
                self.offices.append(
                    {"id": office_id, "code": office_code, "region": code, "tz": tz, "size": size, "districts": []}
                )
                for _ in range(rng.randint(2, 8)):
                    while f"{code}{next_district:02d}" in existing_districts and next_district < 99:
                        next_district += 1
                    d_code = f"{code}{next_district:02d}" if next_district < 100 else f"{code}{office_id}{_}"
                    existing_districts.add(d_code)
                    kind = "Kota" if rng.random() < 0.25 else "Kabupaten"
                    districts.append(
                        (district_id, d_code, f"{kind} {rng.choice(WORDS)} {d_code}", regions[code].id, office_id)
                    )
                    self.offices[-1]["districts"].append(district_id)
                    district_id += 1
                    next_district += 1
                office_id += 1
        self.sink.write(
            Office,
            ["id", "code", "name", "region_id", "time_zone", "monthly_quota", "complaint_due_days", "address"],
            offices,
        )
        self.sink.write(District, ["id", "code", "name", "region_id", "office_id"], districts)
        self.regions = regions
        self.staff()

    def staff(self) -> None:
        rng = self.rng
        password = make_password(BENCH_PASSWORD)
        joined = self.span_start
        staff_id = self.next_id(Staff)
        tag = f"{self.seed}"
        existing = set(Staff.objects.using(self.sink.using).values_list("username", flat=True))
        rows = []
        nips = set(Staff.objects.using(self.sink.using).exclude(nip="").values_list("nip", flat=True))
        total_size = sum(o["size"] for o in self.offices)
        # Inspectors: at least one per office, the rest by office size.
        n = max(self.sizes.inspectors, len(self.offices))
        per_office = {o["id"]: 1 for o in self.offices}
        pick_office = Picker(rng, [(o["id"], o["size"] / total_size) for o in self.offices])
        for _ in range(n - len(self.offices)):
            per_office[pick_office()] += 1
        self.inspectors_by_office: dict[int, list[int]] = defaultdict(list)
        self.inspector_weights: list[tuple[int, float]] = []
        self.head_by_office: dict[int, int] = {}
        self.users: dict[str, list[str]] = defaultdict(list)

        def add(username, role, office_id, region_id, investigator=False, superuser=False):
            nonlocal staff_id
            while username in existing:
                username = f"{username}.{tag}"
            existing.add(username)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append(
                (
                    staff_id,
                    password,
                    None,
                    superuser,
                    username,
                    first,
                    last,
                    f"{username}@bench.invalid",
                    superuser,
                    True,
                    joined,
                    role,
                    office_id,
                    region_id,
                    investigator,
                    make_nip(rng, nips),
                    "",  # sex: not recorded
                )
            )
            self.users[role].append(username)
            staff_id += 1
            return staff_id - 1

        for office in self.offices:
            slug = office["code"].lower()
            self.head_by_office[office["id"]] = add(f"{slug}.kepala", Role.OFFICE_HEAD, office["id"], None)
            for i in range(per_office[office["id"]]):
                sid = add(f"{slug}.pengawas{i + 1:03d}", Role.INSPECTOR, office["id"], None, rng.random() < 0.1)
                self.inspectors_by_office[office["id"]].append(sid)
                # Diligence: most near quota, a few well below, a few above.
                self.inspector_weights.append((sid, max(0.2, rng.gauss(1.0, 0.2))))
        for code, region in self.regions.items():
            add(f"pejabat.{code}", Role.OFFICIAL, None, region.id)
        add("pejabat.nasional", Role.OFFICIAL, None, None)
        add("pejabat.nasional2", Role.OFFICIAL, None, None)
        add("bench.admin", Role.ADMIN, None, None, superuser=True)
        self.inspector_office = {sid: oid for oid, sids in self.inspectors_by_office.items() for sid in sids}
        self.sink.write(
            Staff,
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "role",
                "office_id",
                "region_id",
                "is_investigator",
                "nip",
                "sex",
            ],
            rows,
        )

    # --- companies -------------------------------------------------------------------------

    def companies(self) -> None:
        rng = self.rng
        start_id = self.next_id(Company)
        total_size = sum(o["size"] for o in self.offices)
        # Company counts follow office size loosely (big offices cover industrial areas).
        office_weights = [(o, o["size"] * rng.uniform(0.7, 1.3) / total_size) for o in self.offices]
        pick_office = Picker(rng, office_weights)
        self.company_office: list[int] = []  # index = company id - start_id
        self.companies_by_office: dict[int, list[int]] = defaultdict(list)
        self.company_start = start_id
        # Each company's name by its position from company_start: the complaints carry it.
        self.company_names: list[str] = []
        created = self.span_start - timedelta(days=365)
        words, suffixes = WORDS, SUFFIXES

        def rows():
            for i in range(self.sizes.companies):
                cid = start_id + i
                office = pick_office()
                district = rng.choice(office["districts"])
                self.companies_by_office[office["id"]].append(cid)
                prefix = "PT" if rng.random() < 0.72 else "CV"
                name = f"{prefix} {rng.choice(words)} {rng.choice(words)} {rng.choice(suffixes)}".rstrip()
                self.company_names.append(name)
                nib = f"{cid:013d}" if rng.random() < 0.7 else ""
                total = int(rng.lognormvariate(3.0, 1.3)) + 1
                female = int(total * rng.random() * 0.7)
                foreign = int(total * 0.02 * rng.random()) if rng.random() < 0.1 else 0
                bpjs = rng.random() < 0.75
                participants = int(total * rng.uniform(0.6, 1.0)) if bpjs else 0
                yield (
                    cid,
                    name,
                    nib,
                    rng.choice(KBLI),
                    f"Jl. {rng.choice(words)} No. {rng.randint(1, 300)}",
                    district,
                    total,
                    female,
                    foreign,
                    bpjs,
                    participants,
                    created,
                    created,
                )

        self.sink.write(
            Company,
            [
                "id",
                "name",
                "nib",
                "kbli",
                "address",
                "district_id",
                "workers_total",
                "workers_female",
                "workers_foreign",
                "bpjs_registered",
                "bpjs_participants",
                "created_at",
                "updated_at",
            ],
            rows(),
        )

    # --- complaints ------------------------------------------------------------------------

    def complaints(self) -> None:
        rng = self.rng
        now = self.now
        start_id = self.next_id(Complaint)
        event_id = self.next_id(ComplaintEvent)
        link_id = self.next_id(Complaint.categories.through)
        categories = list(Category.objects.using(self.sink.using).values_list("id", "code"))
        wages_id = next((cid for cid, code in categories if code == "wages"), None)
        cat_pick = Picker(rng, [(cid, 6 if code == "wages" else 1) for cid, code in categories])
        channel = Picker(rng, CHANNELS)
        outcome = Picker(rng, OUTCOMES)
        total_size = sum(o["size"] for o in self.offices)
        pick_office = Picker(rng, [(o, o["size"] / total_size) for o in self.offices])
        month_weights = list(accumulate(SEASON[m.month - 1] for m in self.months))
        self.complaints_by_office: dict[int, list[int]] = defaultdict(list)
        events: list[tuple] = []
        links: list[tuple] = []

        def rows():
            nonlocal event_id, link_id
            for i in range(self.sizes.complaints):
                pk = start_id + i
                office = pick_office()
                oid = office["id"]
                zone = ZoneInfo(office["tz"])
                received = self.random_moment(month_weights)
                year = received.astimezone(zone).year
                key = f"complaint:{office['region']}:{year}"
                reference = f"ADU-{office['region']}-{year}-{self.next_number(key):05d}"
                companies = self.companies_by_office.get(oid)
                if companies and rng.random() < 0.85:
                    company, reported, reported_address, reported_district = rng.choice(companies), "", "", None
                else:
                    company = None
                    reported = f"PT {rng.choice(WORDS)} {rng.choice(WORDS)}"
                    reported_address = f"Jl. {rng.choice(WORDS)}"
                    reported_district = rng.choice(office["districts"])
                inspectors = self.inspectors_by_office[oid]
                roll = rng.random()
                assignee = None
                resolved_at = None
                outcome_value = ""
                recovered = None
                if roll < 0.05:
                    status, changed = Status.REJECTED, received + timedelta(days=rng.uniform(1, 10))
                elif roll < 0.12:
                    status, changed = Status.REFERRED, received + timedelta(days=rng.uniform(3, 30))
                    assignee = rng.choice(inspectors)
                else:
                    # Most resolved in 30-90 days, some quickly, a long tail never (still open).
                    r = rng.random()
                    if r < 0.15:
                        days = rng.uniform(3, 30)
                    elif r < 0.85:
                        days = rng.uniform(30, 90)
                    elif r < 0.95:
                        days = rng.uniform(90, 365)
                    else:
                        days = None
                    assignee = rng.choice(inspectors)
                    done = received + timedelta(days=days) if days is not None else None
                    if done is not None and done < now:
                        resolved_at = done
                        old = (now - done).days > 30
                        status = Status.CLOSED if old and rng.random() < 0.6 else Status.RESOLVED
                        changed = done
                        outcome_value = outcome()
                    else:
                        age = (now - received).days
                        if age < 3:
                            status, assignee = Status.RECEIVED, None
                        elif age < 7:
                            status, assignee = Status.SCREENED, None
                        elif age < 20:
                            status = Status.ASSIGNED
                        else:
                            status = Status.IN_PROGRESS
                        changed = min(received + timedelta(days=min(age, 20) * rng.random()), now)
                changed = min(changed, now)
                if resolved_at is not None:
                    resolved_at = min(resolved_at, now)
                n_cats = 1 if rng.random() < 0.7 else 2
                cats = {cat_pick() for _ in range(n_cats)}
                claimed = None
                if wages_id in cats:
                    claimed = Decimal(rng.randint(2, 200) * 500_000)
                    if outcome_value in (Outcome.COMPLIED_AFTER_ORDER, Outcome.SETTLED):
                        recovered = Decimal(int(claimed * Decimal(rng.uniform(0.3, 1.0))) // 1000 * 1000)
                for cat in cats:
                    links.append((link_id, pk, cat))
                    link_id += 1
                anonymous = rng.random() < 0.2
                events.append((event_id, pk, EventKind.CREATED, None, received, "", Status.RECEIVED, None, ""))
                event_id += 1
                if status != Status.RECEIVED:
                    events.append((event_id, pk, EventKind.STATUS, assignee, changed, "", status, assignee, ""))
                    event_id += 1
                self.complaints_by_office[oid].append(pk)
                due = (received.astimezone(zone) + timedelta(days=30)).date()
                yield (
                    pk,
                    reference,
                    hashlib.sha256(f"bench-{self.seed}-{pk}".encode()).hexdigest(),
                    channel(),
                    received,
                    anonymous,
                    "" if anonymous else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "",  # complainant_contact: the free-text field of older complaints
                    "" if anonymous else f"+628{rng.randint(10**9, 10**10 - 1)}",
                    "",  # complainant_email
                    "",
                    company,
                    reported,
                    self.company_names[company - self.company_start] if company else reported,
                    reported_address,
                    reported_district,
                    "Pengaduan pekerja tentang pelanggaran norma ketenagakerjaan.",
                    rng.randint(1, 40) if rng.random() < 0.3 else 1,
                    claimed,
                    oid,
                    assignee,
                    status,
                    changed,
                    outcome_value,
                    recovered,
                    due,
                    resolved_at,
                    None,
                    None,
                    None,
                    received,
                    changed,
                    local_month(received, office["tz"]),
                    local_month(resolved_at, office["tz"]),
                )

        self.sink.write(
            Complaint,
            [
                "id",
                "reference",
                "tracking_code_hash",
                "channel",
                "received_at",
                "is_anonymous",
                "complainant_name",
                "complainant_contact",
                "complainant_phone",
                "complainant_email",
                "complainant_id_number",
                "company_id",
                "reported_company_name",
                "company_name",
                "reported_company_address",
                "reported_district_id",
                "description",
                "workers_affected",
                "amount_claimed",
                "office_id",
                "assigned_to_id",
                "status",
                "status_changed_at",
                "outcome",
                "amount_recovered",
                "due_date",
                "resolved_at",
                "duplicate_of_id",
                "created_by_id",
                "submission_token",
                "created_at",
                "updated_at",
                "received_month",
                "resolved_month",
            ],
            rows(),
        )
        self.sink.write(Complaint.categories.through, ["id", "complaint_id", "category_id"], links)
        self.sink.write(
            ComplaintEvent,
            ["id", "complaint_id", "kind", "actor_id", "at", "from_status", "to_status", "assignee_id", "note"],
            events,
        )

    # --- visits ----------------------------------------------------------------------------

    def visits(self) -> None:
        rng = self.rng
        now = self.now
        today = now.date()
        visit_id = self.next_id(Inspection)
        team_id = self.next_id(Inspection.team.through)
        finding_id = self.next_id(Finding)
        notice_id = self.next_id(Notice)
        link_id = self.next_id(Notice.findings.through)
        provisions = list(
            LegalProvision.objects.using(self.sink.using).filter(is_active=True).values_list("id", "category")
        )
        kind = Picker(rng, KINDS)
        severity = Picker(rng, SEVERITIES)
        pick_inspector = Picker(rng, self.inspector_weights)
        month_weights = list(accumulate(0.7 if m.month in (4, 12) else 1.0 for m in self.months))
        office_by_id = {o["id"]: o for o in self.offices}
        fpv = self.sizes.findings_per_visit
        this_month = today.replace(day=1)
        team_rows, finding_rows, notice_rows, link_rows = [], [], [], []

        def rows():
            nonlocal visit_id, team_id, finding_id, notice_id, link_id
            for _ in range(self.sizes.visits):
                lead = pick_inspector()
                oid = self.inspector_office[lead]
                office = office_by_id[oid]
                zone = ZoneInfo(office["tz"])
                companies = self.companies_by_office.get(oid) or [self.company_start]
                company = rng.choice(companies)
                k = kind()
                origin = None
                if k == Kind.COMPLAINT and self.complaints_by_office.get(oid) and rng.random() < 0.8:
                    origin = rng.choice(self.complaints_by_office[oid])
                moment = self.random_moment(month_weights)
                local_day = moment.astimezone(zone).date()
                planned = local_day - timedelta(days=rng.randint(0, 5))
                visited_at = moment
                reported_at = None
                recent = local_day >= this_month
                r = rng.random()
                if r < 0.04:
                    status, visited_at = InspectionStatus.CANCELLED, None
                elif recent and r < 0.20:
                    status, visited_at, planned = InspectionStatus.PLANNED, None, local_day + timedelta(days=7)
                elif recent and r < 0.30:
                    status = InspectionStatus.IN_PROGRESS
                else:
                    reported_at = min(moment + timedelta(days=rng.uniform(0.2, 7)), now)
                    status = InspectionStatus.CLOSED if (now - moment).days > 60 else InspectionStatus.REPORTED
                year = planned.year
                number = self.next_number(f"inspection:{office['code']}:{year}")
                reference = f"PMR-{office['code']}-{year}-{number:05d}"
                pk = visit_id
                visit_id += 1
                colleagues = self.inspectors_by_office[oid]
                if len(colleagues) > 1 and rng.random() < 0.4:
                    member = rng.choice(colleagues)
                    if member != lead:
                        team_rows.append((team_id, pk, member))
                        team_id += 1
                if status in (InspectionStatus.REPORTED, InspectionStatus.CLOSED) and rng.random() < 0.35:
                    n = max(1, min(6, round(rng.expovariate(1 / fpv)) if fpv else 1))
                    ids = []
                    for _ in range(n):
                        provision, category = rng.choice(provisions)
                        deadline = local_day + timedelta(days=30)
                        age = (today - local_day).days
                        if age > 45 and rng.random() < 0.8:
                            f_status, corrected = FindingStatus.CORRECTED, moment + timedelta(days=rng.uniform(5, 40))
                        elif age > 60 and rng.random() < 0.5:
                            f_status, corrected = FindingStatus.ESCALATED, None
                        else:
                            f_status, corrected = FindingStatus.OPEN, None
                        if corrected is not None:
                            corrected = min(corrected, now)
                        finding_rows.append(
                            (
                                finding_id,
                                pk,
                                oid,
                                category,
                                provision,
                                "Temuan pelanggaran pada saat pemeriksaan.",
                                severity(),
                                "Perusahaan wajib memperbaiki dalam jangka waktu yang ditetapkan.",
                                deadline,
                                f_status,
                                corrected,
                                lead,
                                reported_at,
                            )
                        )
                        ids.append((finding_id, f_status))
                        finding_id += 1
                    if rng.random() < 0.45:
                        escalated = any(s == FindingStatus.ESCALATED for _, s in ids)
                        all_corrected = all(s == FindingStatus.CORRECTED for _, s in ids)
                        n_status = (
                            NoticeStatus.NOT_COMPLIED
                            if escalated
                            else NoticeStatus.COMPLIED
                            if all_corrected
                            else NoticeStatus.ISSUED
                        )
                        first = notice_id
                        number = self.next_number(f"notice:{office['code']}:{local_day.year}")
                        notice_rows.append(
                            (
                                first,
                                pk,
                                oid,
                                company,
                                NoticeLevel.FIRST,
                                f"NP-I/{office['code']}/{local_day.year}/{number:04d}",
                                local_day,
                                local_day + timedelta(days=30),
                                None,
                                n_status,
                                lead,
                                reported_at,
                            )
                        )
                        notice_id += 1
                        for fid, _s in ids:
                            link_rows.append((link_id, first, fid))
                            link_id += 1
                        if escalated:
                            issued = local_day + timedelta(days=31)
                            number = self.next_number(f"notice:{office['code']}:{issued.year}")
                            notice_rows.append(
                                (
                                    notice_id,
                                    pk,
                                    oid,
                                    company,
                                    NoticeLevel.SECOND,
                                    f"NP-II/{office['code']}/{issued.year}/{number:04d}",
                                    issued,
                                    issued + timedelta(days=14),
                                    first,
                                    NoticeStatus.ISSUED,
                                    lead,
                                    reported_at,
                                )
                            )
                            notice_id += 1
                yield (
                    pk,
                    reference,
                    oid,
                    company,
                    lead,
                    k,
                    status,
                    planned,
                    visited_at,
                    "Pemeriksaan norma ketenagakerjaan." if reported_at else "",
                    rng.randint(5, 200) if reported_at else None,
                    origin,
                    reported_at,
                    lead,
                    moment,
                    reported_at or moment,
                    local_month(visited_at, office["tz"]),
                )

        self.sink.write(
            Inspection,
            [
                "id",
                "reference",
                "office_id",
                "company_id",
                "lead_inspector_id",
                "kind",
                "status",
                "planned_date",
                "visited_at",
                "summary",
                "workers_present",
                "origin_complaint_id",
                "reported_at",
                "created_by_id",
                "created_at",
                "updated_at",
                "visit_month",
            ],
            rows(),
        )
        self.sink.write(Inspection.team.through, ["id", "inspection_id", "staff_id"], team_rows)
        self.sink.write(
            Finding,
            [
                "id",
                "inspection_id",
                "office_id",
                "category",
                "provision_id",
                "description",
                "severity",
                "corrective_action",
                "deadline",
                "status",
                "corrected_at",
                "created_by_id",
                "created_at",
            ],
            finding_rows,
        )
        self.sink.write(
            Notice,
            [
                "id",
                "inspection_id",
                "office_id",
                "company_id",
                "level",
                "number",
                "issued_on",
                "compliance_deadline",
                "previous_id",
                "status",
                "issued_by_id",
                "created_at",
            ],
            notice_rows,
        )
        self.sink.write(Notice.findings.through, ["id", "notice_id", "finding_id"], link_rows)

    # --- the end ---------------------------------------------------------------------------

    def save_counters(self) -> None:
        """Move the reference counters past the generated numbers so the app continues after them."""
        using = self.sink.using
        existing = dict(Counter.objects.using(using).filter(key__in=self.counters).values_list("key", "value"))
        Counter.objects.using(using).bulk_create(
            [Counter(key=k, value=v) for k, v in self.counters.items() if k not in existing], batch_size=1000
        )
        for key, value in self.counters.items():
            if key in existing and existing[key] < value:
                Counter.objects.using(using).filter(key=key).update(value=value)

    def run(self) -> None:
        self.plan_span()
        self.organisation()
        self.companies()
        self.complaints()
        self.visits()
        self.save_counters()
        self.sink.reset_sequences(GENERATED_MODELS)
        # The rows carry their local months already; the figures' rollups are counted from them.
        complaint_rows, visit_rows = rebuild(using=self.sink.using)
        self.log(f"Rollups: {complaint_rows:,} complaint rows, {visit_rows:,} visit rows")
        if self.sink.copy and not self.connection.in_atomic_block:
            # Statistics for the planner, and the visibility map that index-only scans (counts) need.
            self.log("VACUUM ANALYZE of the generated tables…")
            with self.connection.cursor() as cursor:
                for model in GENERATED_MODELS:
                    cursor.execute(f"VACUUM ANALYZE {self.connection.ops.quote_name(model._meta.db_table)}")
        elif self.sink.copy:
            with self.connection.cursor() as cursor:
                for model in GENERATED_MODELS:
                    cursor.execute(f"ANALYZE {self.connection.ops.quote_name(model._meta.db_table)}")


GENERATED_MODELS = [
    Region,
    Office,
    District,
    Staff,
    Company,
    Complaint,
    Complaint.categories.through,
    ComplaintEvent,
    Inspection,
    Inspection.team.through,
    Finding,
    Notice,
    Notice.findings.through,
    Counter,
    ComplaintMonth,
    ComplaintYear,
    DistrictWorkforce,
    VisitMonth,
]
