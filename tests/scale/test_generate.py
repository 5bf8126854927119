"""The data generator: constraints hold, references are unique, it is reproducible and careful."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F

from complaints.choices import EventKind
from complaints.models import Complaint, ComplaintEvent
from inspections.models import Finding, Inspection, Notice
from inspectorate.choices import Role
from inspectorate.models import Company, Counter, District, Office, Region, Staff
from inspectorate.services import next_in_sequence

pytestmark = pytest.mark.django_db


def generate(*args) -> str:
    out = io.StringIO()
    call_command("generate_scale_data", "--small", *args, stdout=out)
    return out.getvalue()


def test_it_generates_the_small_preset_with_every_kind_of_row():
    output = generate("--seed", "3")
    assert "Done:" in output
    assert Region.objects.count() == 38
    assert Office.objects.count() == 4
    assert Staff.objects.filter(role=Role.INSPECTOR).count() == 20
    assert Company.objects.count() == 500
    assert Complaint.objects.count() == 300
    assert Inspection.objects.count() == 800
    assert Finding.objects.exists() and Notice.objects.exists()
    assert Staff.objects.filter(role=Role.OFFICIAL, region__isnull=True).exists()
    # Every district belongs to an office of its own region.
    assert not District.objects.exclude(office__region=F("region")).exists()


def test_it_gives_every_complaint_a_created_event_and_keeps_the_models_rules():
    generate()
    created = ComplaintEvent.objects.filter(kind=EventKind.CREATED).values("complaint").annotate(n=Count("pk"))
    assert created.count() == Complaint.objects.count()
    assert {row["n"] for row in created} == {1}
    # Things the database cannot check: validators and relations across tables.
    for complaint in Complaint.objects.select_related("office", "company__district")[:50]:
        complaint.full_clean(exclude=["categories", "tracking_code_hash", "submission_token", "reference"])
        if complaint.company_id:
            assert complaint.company.district.office_id == complaint.office_id
        if complaint.resolved_at:
            assert complaint.received_at <= complaint.resolved_at
    for inspection in Inspection.objects.select_related("lead_inspector")[:50]:
        inspection.full_clean(exclude=["team"])
        assert inspection.lead_inspector.office_id == inspection.office_id
    for company in Company.objects.all()[:50]:
        company.full_clean()
    assert Company.objects.exclude(nib="").values("nib").distinct().count() == Company.objects.exclude(nib="").count()


def test_it_continues_counters_and_sequences_after_the_generated_rows():
    generate()
    reference = Complaint.objects.order_by("-reference").values_list("reference", flat=True).first()
    _, region, year, number = reference.split("-")
    key = f"complaint:{region}:{year}"
    assert Counter.objects.get(key=key).value >= int(number)
    assert next_in_sequence(key) > int(number)
    # A row created the ordinary way gets a fresh id (sequences moved past the copied ids).
    company = Company.objects.create(name="PT Baru Sekali", district=District.objects.first())
    assert company.pk > Company.objects.exclude(pk=company.pk).order_by("-pk").first().pk


def test_it_refuses_a_populated_database_unless_told():
    generate()
    with pytest.raises(CommandError, match="--append"):
        generate()
    assert Company.objects.count() == 500


def test_it_appends_without_clashing_references():
    generate("--seed", "1")
    generate("--seed", "2", "--append")
    assert Company.objects.count() == 1000
    assert Complaint.objects.count() == 600
    assert Region.objects.count() == 38
    assert Office.objects.count() == 8
    assert Staff.objects.values("username").distinct().count() == Staff.objects.count()


def test_it_is_reproducible_with_a_seed():
    def fingerprint():
        return (
            list(Company.objects.order_by("pk").values_list("name", "nib", "workers_total")),
            list(Complaint.objects.order_by("pk").values_list("reference", "status", "office__code")),
            list(Inspection.objects.order_by("pk").values_list("reference", "status", "kind")),
        )

    generate("--seed", "7")
    first = fingerprint()
    generate("--seed", "7", "--reset")
    assert fingerprint() == first
    generate("--seed", "8", "--reset")
    assert fingerprint() != first


def test_it_uses_copy_on_postgresql_and_bulk_create_elsewhere():
    from bench.sink import Sink

    assert Sink().copy is (connection.vendor == "postgresql")
    generate()
    assert Company.objects.count() == 500
