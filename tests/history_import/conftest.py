import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from inspectorate.choices import Role
from tests.factories import CompanyFactory, StaffFactory

MAKASSAR = ZoneInfo("Asia/Makassar")
# Inspectors of office B (Asia/Makassar) with their NIPs; ``ivan`` works in office A.
CHARLIE_NIP = "198001012005011001"
HANA_NIP = "198502022010012002"
IVAN_NIP = "199003032015031003"


@pytest.fixture
def charlie(office_b):
    return StaffFactory(username="charlie", first_name="Charlie", role=Role.INSPECTOR, office=office_b, nip=CHARLIE_NIP)


@pytest.fixture
def hana(office_b):
    return StaffFactory(username="hana", first_name="Hana", role=Role.INSPECTOR, office=office_b, nip=HANA_NIP)


@pytest.fixture
def ivan(office_a):
    return StaffFactory(username="ivan", first_name="Ivan", role=Role.INSPECTOR, office=office_a, nip=IVAN_NIP)


@pytest.fixture
def borneo(district_b):
    return CompanyFactory(name="PT Borneo Lestari", nib="9120001234567", district=district_b)


@pytest.fixture
def world(office_b, district_b, district_a, charlie, hana, ivan, dave, borneo, company_a):
    """Office B with two inspectors and a registered company; office A's inspector and company."""
    return office_b


def csv_bytes(header: list[str], rows: list[dict]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def local(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=MAKASSAR)
