"""The company's name on the complaint row: set when recorded, kept in step with the registry.

The work queue and the search find complaints by this column alone (no join to the companies), so
a company renamed by any way in (the import, the admin, plain SQL) must be found by its new name
and no longer by its old one, and a name that is not the company's must never be stored.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from complaints.models import Complaint
from inspectorate.models import Company
from tests.conftest import require_service

from .factories import make_complaint

pytestmark = pytest.mark.django_db

HEADER = (
    "nib,name,kbli,address,district_code,workers_total,workers_female,workers_foreign,"
    "bpjs_registered,bpjs_participants\n"
)


def _import(tmp_path, nib: str, name: str) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(HEADER + f"{nib},{name},13112,Jl. Satu,3275,100,40,0,ya,90\n", encoding="utf-8")
    call_command("import_companies", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def _queue(client, company: str) -> str:
    response = client.get("/complaints/", {"company": company})
    assert response.status_code == 200
    return response.content.decode()


def test_a_complaint_carries_the_registry_s_name_or_the_name_as_reported(company_a, district_a):
    registered = make_complaint(company=company_a).complaint
    unregistered = make_complaint(district=district_a, name="CV Tanpa Daftar").complaint
    assert Complaint.objects.get(pk=registered.pk).company_name == "PT Maju Bersama"
    assert Complaint.objects.get(pk=unregistered.pk).company_name == "CV Tanpa Daftar"


def test_the_name_follows_a_change_of_company_and_is_written_by_a_bulk_load(company_a, company_b, office_a, office_b):
    from tests.reporting.factories import ComplaintFactory

    complaint = make_complaint(company=company_a).complaint
    complaint.office, complaint.company = office_b, company_b
    complaint.save()
    assert Complaint.objects.get(pk=complaint.pk).company_name == "PT Borneo Lestari"
    complaint.office, complaint.company = office_a, company_a
    complaint.save(update_fields=["office", "company"])
    assert Complaint.objects.get(pk=complaint.pk).company_name == "PT Maju Bersama"

    loaded = Complaint.objects.bulk_create(
        [
            ComplaintFactory.build(office=office_b, company=company_b),
            ComplaintFactory.build(office=office_a, company=None, reported_company_name="CV Dimuat Sekaligus"),
        ]
    )
    names = dict(Complaint.objects.filter(pk__in=[c.pk for c in loaded]).values_list("pk", "company_name"))
    assert sorted(names.values()) == ["CV Dimuat Sekaligus", "PT Borneo Lestari"]


def test_a_company_renamed_by_the_import_is_found_in_the_work_queue_by_its_new_name_only(
    tmp_path, client_for, bob, company_a, district_a
):
    complaint = make_complaint(company=company_a).complaint
    other = make_complaint(district=district_a, name="CV Bersama Jaya").complaint
    client = client_for(bob)
    before = _queue(client, "maju")
    assert complaint.reference in before and other.reference not in before

    _import(tmp_path, company_a.nib, "PT Sinar Harapan")

    assert Complaint.objects.get(pk=complaint.pk).company_name == "PT Sinar Harapan"
    found = _queue(client, "sinar")
    assert complaint.reference in found and "PT Sinar Harapan" in found and other.reference not in found
    assert complaint.reference not in _queue(client, "maju")
    # The unregistered company's complaint keeps the name it was reported with.
    assert other.reference in _queue(client, "bersama") and complaint.reference not in _queue(client, "bersama")
    # The search finds it by the new name too.
    assert complaint.reference in client.get("/search/", {"q": "Sinar Harapan"}).content.decode()


def test_a_renaming_in_plain_sql_reaches_the_complaints(company_a):
    complaint = make_complaint(company=company_a).complaint
    with connection.cursor() as cursor:
        cursor.execute("UPDATE inspectorate_company SET name = %s WHERE id = %s", ["PT Nama Baru", company_a.pk])
    assert Complaint.objects.get(pk=complaint.pk).company_name == "PT Nama Baru"


def test_the_database_refuses_a_name_that_is_not_the_company_s(company_a):
    if connection.vendor != "postgresql":
        require_service("the (company, company_name) key exists on PostgreSQL only")
    complaint = make_complaint(company=company_a).complaint
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        Complaint.objects.filter(pk=complaint.pk).update(company_name="PT Lain Sama Sekali")
    assert Complaint.objects.get(pk=complaint.pk).company_name == "PT Maju Bersama"
    assert Company.objects.get(pk=company_a.pk).name == "PT Maju Bersama"


SQLITE_SCRIPT = """
from complaints.models import Complaint
from tests.complaints.factories import make_complaint
from tests.factories import CompanyFactory, DistrictFactory
company = CompanyFactory(name="PT Lama Sekali", district=DistrictFactory())
complaint = make_complaint(company=company).complaint
company.name = "PT Baru Sekali"
company.save()
print(Complaint.objects.get(pk=complaint.pk).company_name)
"""


def test_the_demo_s_sqlite_database_carries_a_renaming_over(tmp_path):
    """The demo runs on SQLite, where a trigger of migration 0011 does what the key does on PostgreSQL."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inspectorate.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=environment, check=True, cwd=settings.BASE_DIR, timeout=600)
    result = subprocess.run(
        [*manage, "shell", "-c", SQLITE_SCRIPT],
        env=environment,
        check=True,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "PT Baru Sekali"
