"""Demo data: UMK and workforce rows for the demo districts, one BPJS import per office (some companies
left out or under-reported, so the targeting list has rows), and a written warning I."""

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from inspectorate.choices import Role
from inspectorate.models import Company, District, Office, Staff

from . import services
from .models import BpjsImport, MinimumWage, WorkforceEstimate


def seed(*, rng: random.Random, now: dt.datetime, stdout) -> None:
    if BpjsImport.objects.exists():
        stdout.write("socialsecurity: already seeded, nothing to do")
        return
    year = now.year
    for district in District.objects.order_by("code"):
        MinimumWage.objects.get_or_create(
            district=district, year=year,
            defaults={"amount": rng.randrange(3_200_000, 5_400_000, 50_000),
                      "decree": f"Keputusan Gubernur tentang UMK {year} (contoh)"},
        )  # fmt: skip
    for office in Office.objects.order_by("pk"):
        head = Staff.objects.filter(office=office, role=Role.OFFICE_HEAD, is_active=True).first()
        if head is None:
            continue
        companies = list(Company.objects.filter(district__office=office).exclude(nib="").order_by("pk"))
        lines = ["nib,npp,registered_on,participants,programmes,wage_base,segment,district"]
        umk = {m.district_id: m.amount for m in MinimumWage.objects.filter(year=year)}
        for n, company in enumerate(companies):
            if n % 7 == 0:
                continue  # not registered
            participants = company.workers_total if n % 3 else max(company.workers_total - rng.randint(1, 20), 0)
            wage = umk.get(company.district_id, 3_500_000) - (250_000 if n % 11 == 0 else -rng.randint(0, 900_000))
            programmes = "JKK;JKM;JHT;JP;JKP" if n % 5 else "JKK;JKM"
            lines.append(f"{company.nib},{2600000 + company.pk},2019-01-15,{participants},{programmes},{wage},PU,")
        for district in District.objects.filter(office=office):
            total = sum(c.workers_total for c in companies if c.district_id == district.pk)
            WorkforceEstimate.objects.get_or_create(
                district=district, year=year,
                defaults={"formal_workers": max(int(total * 1.25), 1), "informal_workers": max(int(total * 0.9), 1),
                          "source": f"BPS Sakernas Agustus {year - 1} (contoh)"},
            )  # fmt: skip
            lines.append(f",,,{rng.randint(100, 900)},,,BPU,{district.code}")  # non-wage participants
        content = "\n".join(lines).encode()
        imp, _ = services.import_create(
            actor=head, office=office, upload=SimpleUploadedFile("kepesertaan-demo.csv", content),
            as_of=now.date(), source="BPJS Ketenagakerjaan (contoh)",
        )  # fmt: skip
        services.import_run(import_id=imp.pk)
        flagged = Company.objects.filter(district__office=office, bpjs_flags__kind="not_registered").first()
        if flagged is not None:
            services.sanction_start(actor=head, company=flagged)
    stdout.write(f"socialsecurity: {BpjsImport.objects.count()} BPJS import(s)")
