"""The BPJS participation import, timed: ``manage.py bench --bpjs [--bpjs-rows N]``.

Builds an office with N companies and a CSV of N lines (every tenth one under-reported, every
twentieth missing), imports it and prints the time; everything is rolled back afterwards (the stored
file is deleted), so it runs against any database. Budget: 100,000 lines well under a minute.
"""

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from inspectorate.choices import Role
from inspectorate.models import Company, District, Office, Region, Staff
from socialsecurity import services
from socialsecurity.models import Flag

BUDGET_SECONDS = 60.0


class _Rollback(Exception):
    pass


def run(*, rows: int = 100_000, out=print) -> float:
    """Seconds to import ``rows`` lines (file read, checks, snapshots, companies, flags)."""
    result = {}
    try:
        with transaction.atomic():
            region = Region.objects.create(code="BENCH-BPJS", name="Bench BPJS")
            office = Office.objects.create(code="BENCH-BPJS", name="Bench BPJS", region=region)
            district = District.objects.create(code="BENCH-BPJS", name="Bench BPJS", region=region, office=office)
            head = Staff.objects.create(username="bench-bpjs-head", role=Role.OFFICE_HEAD, office=office)
            Company.objects.bulk_create(
                [
                    Company(name=f"PT Bench {n}", nib=f"8{n:012d}", district=district, workers_total=20)
                    for n in range(rows)
                ],
                batch_size=5000,
            )
            lines = ["nib,npp,registered_on,participants,programmes,wage_base"]
            for n in range(rows):
                if n % 20 == 0:
                    continue
                participants = 15 if n % 10 == 1 else 20
                lines.append(f"8{n:012d},B{n:09d},2020-01-01,{participants},JKK;JKM;JHT;JP;JKP,4500000")
            content = "\n".join(lines).encode()
            start = time.perf_counter()
            imp, _ = services.import_create(
                actor=head, office=office, upload=SimpleUploadedFile("bench.csv", content),
                as_of=timezone.localdate(), source="bench",
            )  # fmt: skip
            imp = services.import_run(import_id=imp.pk)
            result["seconds"] = time.perf_counter() - start
            result["imported"] = imp.rows_imported
            result["flags"] = Flag.objects.filter(company__district=district).count()
            imp.file.delete(save=False)
            raise _Rollback
    except _Rollback:
        pass
    seconds = result["seconds"]
    verdict = "ok" if seconds < BUDGET_SECONDS else "OVER BUDGET"
    out(
        f"BPJS import: {rows:,} lines, {result['imported']:,} snapshots, {result['flags']:,} flags "
        f"in {seconds:.1f} s (budget {BUDGET_SECONDS:.0f} s): {verdict}"
    )
    return seconds
