"""Demo organisation: two real-world reference units and a neighbour, their staff and companies.

Grounded in public reporting: a West Java unit serving Bekasi, Karawang, Purwakarta and
Subang (Asia/Jakarta) and a South Kalimantan unit with 9 inspectors (Asia/Makassar).
Demo only: nothing here is created by migrations.
"""

import random
from datetime import UTC, datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .choices import Role, Sex
from .models import Company, District, Office, Region, Staff
from .nip import make_nip

DEMO_PASSWORD = "inspektorat-demo"  # noqa: S105  # nosec B105 (the documented demo password; demo data only)

REGIONS = [("32", "Jawa Barat"), ("63", "Kalimantan Selatan")]
OFFICES = [
    # code, name, region, time zone, districts
    (
        "JB-II",
        "UPTD Pengawasan Ketenagakerjaan Wilayah II Jawa Barat",
        "32",
        "Asia/Jakarta",
        [
            ("3275", "Kota Bekasi"),
            ("3216", "Kabupaten Bekasi"),
            ("3215", "Kabupaten Karawang"),
            ("3214", "Kabupaten Purwakarta"),
            ("3213", "Kabupaten Subang"),
        ],
    ),
    (
        "JB-I",
        "UPTD Pengawasan Ketenagakerjaan Wilayah I Jawa Barat",
        "32",
        "Asia/Jakarta",
        [("3273", "Kota Bandung"), ("3204", "Kabupaten Bandung"), ("3277", "Kota Cimahi")],
    ),
    (
        "KS-I",
        "UPTD Pengawasan Ketenagakerjaan Wilayah I Kalimantan Selatan",
        "63",
        "Asia/Makassar",
        [
            ("6371", "Kota Banjarmasin"),
            ("6372", "Kota Banjarbaru"),
            ("6303", "Kabupaten Banjar"),
            ("6304", "Kabupaten Barito Kuala"),
            ("6301", "Kabupaten Tanah Laut"),
        ],
    ),
]
INSPECTORS = {"JB-II": ("jb2", 12), "JB-I": ("jb1", 6), "KS-I": ("ks1", 9)}
PPNS = {"ks1.pengawas01", "ks1.pengawas02", "jb2.pengawas01"}
OFFICIALS = [("pejabat.jabar", "32"), ("pejabat.kalsel", "63"), ("pejabat.nasional", None)]

FIRST_NAMES = [
    "Agus", "Budi", "Dewi", "Eka", "Fitri", "Gilang", "Hendra", "Indah", "Joko", "Kartika", "Lestari", "Muhammad",
    "Nur", "Putri", "Rahmat", "Sari", "Taufik", "Utami", "Wahyu", "Yudi", "Ahmad", "Siti", "Rina", "Bayu",
]  # fmt: skip
LAST_NAMES = [
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Kurniawan", "Lestari", "Nugroho", "Rahman", "Setiawan",
    "Susanti", "Gunawan", "Hakim", "Maulana", "Fauzi", "Anwar", "Syahputra", "Rizki", "Noor", "Basri",
]  # fmt: skip
NAME_WORDS = [
    "Maju", "Jaya", "Sentosa", "Abadi", "Makmur", "Sejahtera", "Karya", "Mandiri", "Indah", "Perkasa", "Nusantara",
    "Bumi", "Sinar", "Mega", "Citra", "Prima", "Gemilang", "Mulia", "Lestari", "Utama", "Agung", "Cahaya", "Berkah",
    "Harapan", "Samudra", "Borneo", "Parahyangan", "Pasundan", "Banua", "Intan",
]  # fmt: skip
SECTORS = {
    "32": [
        ("13112", "Tekstil"), ("14111", "Garmen"), ("22220", "Plastik"), ("29100", "Otomotif"), ("26120", "Elektronik"),
        ("10792", "Pangan"), ("24101", "Baja"), ("20115", "Kimia"), ("47111", "Retail"), ("52101", "Logistik"),
    ],
    "63": [
        ("01262", "Sawit"), ("05100", "Batubara"), ("16101", "Kayu"), ("22192", "Karet"), ("52240", "Pelabuhan"),
        ("10411", "Minyak Nabati"), ("41011", "Konstruksi"), ("47111", "Retail"), ("49431", "Angkutan"),
    ],
}  # fmt: skip
STREETS = [
    "Jl. Raya Industri", "Jl. Jenderal Sudirman", "Jl. Ahmad Yani", "Jl. Kawasan Industri", "Jl. Trans Kalimantan",
    "Jl. Gatot Subroto", "Jl. Pahlawan", "Jl. Lingkar Selatan",
]  # fmt: skip


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _staff(username: str, role: str, rng: random.Random, nips: set[str], password: str, **extra) -> Staff:
    first, last = _person(rng)
    staff = Staff(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@demo.inspectorate.example",
        role=role,
        nip=make_nip(rng, nips) if role in (Role.INSPECTOR, Role.OFFICE_HEAD) else "",
        # Drawn from the name, not from ``rng``: the rest of the demo data stays as it was.
        sex=random.Random(username).choice(Sex.values),  # nosec B311 (demo data)
        date_joined=_joined(username),
        is_staff=role == Role.ADMIN,
        **extra,
    )
    staff.password = password
    return staff


def _joined(username: str) -> datetime:
    """When a demo account's service began: 2015–2025, drawn from the name."""
    draw = random.Random(f"joined:{username}")  # nosec B311 (demo data)
    return datetime(draw.randint(2015, 2025), draw.randint(1, 12), 1, 1, tzinfo=UTC)


@transaction.atomic
def seed(*, rng: random.Random, companies_per_office: int = 100) -> dict:
    """Create the demo organisation once; a second call changes nothing."""
    if Office.objects.filter(code__in=[o[0] for o in OFFICES]).exists():
        return {"created": False}
    regions = {code: Region.objects.create(code=code, name=name) for code, name in REGIONS}
    nips: set[str] = set()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    staff: list[Staff] = []
    for code, name, region_code, tz, districts in OFFICES:
        office = Office.objects.create(code=code, name=name, region=regions[region_code], time_zone=tz)
        district_rows = [
            District.objects.create(code=d_code, name=d_name, region=regions[region_code], office=office)
            for d_code, d_name in districts
        ]
        prefix, count = INSPECTORS[code]
        staff.append(_staff(f"{prefix}.kepala", Role.OFFICE_HEAD, rng, nips, password, office=office))
        for n in range(1, count + 1):
            username = f"{prefix}.pengawas{n:02d}"
            staff.append(
                _staff(username, Role.INSPECTOR, rng, nips, password, office=office, is_investigator=username in PPNS)
            )
        _companies(rng, district_rows, SECTORS[region_code], companies_per_office)
    for username, region_code in OFFICIALS:
        staff.append(_staff(username, Role.OFFICIAL, rng, nips, password, region=regions.get(region_code)))
    staff.append(_staff("admin", Role.ADMIN, rng, nips, password))
    Staff.objects.bulk_create(staff)
    return {"created": True}


def _companies(rng: random.Random, districts: list[District], sectors: list[tuple[str, str]], count: int) -> None:
    rows, names = [], set()
    while len(rows) < count:
        kbli, sector = rng.choice(sectors)
        legal = "PT" if rng.random() < 0.85 else "CV"
        name = f"{legal} {rng.choice(NAME_WORDS)} {rng.choice(NAME_WORDS)} {sector}"
        if name in names:
            continue
        names.add(name)
        total = int(rng.lognormvariate(4.2, 1.1)) + 5
        registered = rng.random() < 0.85
        rows.append(
            Company(
                name=name,
                nib=f"{rng.randint(10**12, 10**13 - 1)}" if rng.random() < 0.95 else "",
                kbli=kbli,
                address=f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
                district=rng.choice(districts),
                workers_total=total,
                workers_female=int(total * rng.uniform(0.1, 0.7)),
                workers_foreign=int(total * rng.uniform(0, 0.03)),
                bpjs_registered=registered,
                bpjs_participants=int(total * rng.uniform(0.5, 1.0)) if registered else 0,
            )
        )
    Company.objects.bulk_create(rows)
