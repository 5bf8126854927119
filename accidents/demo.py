"""Demo data: a couple of accidents (one fatal with two people hurt, one reported late), one occupational
disease case and the hours worked of the company, recorded through the services by a demo inspector."""

import datetime as dt
import random

from inspectorate.choices import Role
from inspectorate.models import Company, Staff

from . import services
from .choices import CodeList, DiseaseSource, ReportSource, Sex
from .models import Accident, Code


def _code(variable: str, value: str) -> Code:
    return Code.objects.get(variable=variable, code=value)


def _person(name: str, **values) -> dict:
    return {
        "name": name, "sex": Sex.MALE, "age": 31, "occupation": _code(CodeList.OCCUPATION, "8"),
        "employment_status": _code(CodeList.EMPLOYMENT, "pkwt"), "injury": _code(CodeList.INJURY, "020"),
        "body_part": _code(CodeList.BODY_PART, "60"), **values,
    }  # fmt: skip


def seed(*, rng: random.Random, now: dt.datetime, stdout) -> None:
    if Accident.objects.exists():
        stdout.write("accidents: already seeded, nothing to do")
        return
    inspector = (
        Staff.objects.filter(role=Role.INSPECTOR, is_active=True, office__isnull=False).order_by("office", "pk").first()
    )
    if inspector is None:
        stdout.write("accidents: no inspector, nothing to do")
        return
    company = Company.objects.filter(district__office=inspector.office).order_by("-workers_total", "pk").first()
    if company is None:
        stdout.write("accidents: no company in the inspector's office, nothing to do")
        return
    for year in (now.year - 1, now.year):
        workers = max(company.workers_total, 10)
        services.hours_set(actor=inspector, company=company, year=year, hours=workers * 1_950, workers=workers)
    first = now - dt.timedelta(days=12, hours=rng.randint(0, 6))
    services.accident_create(
        actor=inspector, company=company, occurred_at=first, place="Area bongkar muat gudang",
        description="Forklift menabrak rak; dua pekerja tertimpa muatan.",
        deviation=_code(CodeList.DEVIATION, "40"), contact=_code(CodeList.CONTACT, "40"),
        agent=_code(CodeList.AGENT, "11"), source=ReportSource.EMPLOYER_FORM,
        received_at=first + dt.timedelta(hours=20),
        injured=[_person("Joko Susilo", days_lost=21), _person("Rudi Hartono", fatal=True, age=45)],
        now=now,
    )  # fmt: skip
    second = now - dt.timedelta(days=5, hours=rng.randint(0, 6))
    services.accident_create(
        actor=inspector, company=company, occurred_at=second, place="Mesin potong lini 2",
        description="Jari operator terpotong saat membersihkan mesin yang masih menyala.",
        deviation=_code(CodeList.DEVIATION, "40"), contact=_code(CodeList.CONTACT, "50"),
        agent=_code(CodeList.AGENT, "10"), source=ReportSource.HOSPITAL, received_at=second + dt.timedelta(hours=6),
        employer_reported_at=second + dt.timedelta(hours=70),
        injured=[_person("Siti Aminah", sex=Sex.FEMALE, age=27, injury=_code(CodeList.INJURY, "040"),
                         body_part=_code(CodeList.BODY_PART, "50"), days_lost=30, permanent_incapacity=True)],
        now=now,
    )  # fmt: skip
    services.disease_create(
        actor=inspector, company=company, disease=_code(CodeList.DISEASE, "1.2.1"), worker_name="Bambang Prasetyo",
        sex=Sex.MALE, age=52, exposure="Kebisingan 92–96 dB(A) di ruang kompresor, 8 jam sehari, 15 tahun.",
        diagnosed_on=(now - dt.timedelta(days=20)).date(), source=DiseaseSource.DOCTOR,
        notified_on=(now - dt.timedelta(days=18)).date(),
    )  # fmt: skip
    stdout.write(f"accidents: 2 accidents, 1 occupational disease case and hours worked at {company.name}")
