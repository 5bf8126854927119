"""Factories of visits, findings and complaints for the inspection tests."""

import datetime as dt
import hashlib
import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from complaints.models import Complaint
from inspections.choices import Kind
from inspections.models import Finding, Inspection, LegalProvision
from rollups.services import record_visits


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PMR-T-{n:05d}")
    company = None
    office = factory.LazyAttribute(lambda o: o.company.district.office)
    lead_inspector = None
    kind = Kind.ROUTINE
    planned_date = factory.LazyFunction(lambda: timezone.localdate())

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.team.set(extracted)

    @factory.post_generation
    def rollups(obj, create, extracted, **kwargs):
        # As the services do after a write: stamp the visit's month and count it in the rollups.
        if create:
            record_visits([obj.pk])


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = None
    office = factory.LazyAttribute(lambda finding: finding.inspection.office)  # as the services set it
    category = "social_security"
    provision = factory.LazyFunction(lambda: LegalProvision.objects.get(act="UU 24/2011", article="ps. 15"))
    description = factory.Sequence(lambda n: f"Pekerja belum didaftarkan BPJS (temuan {n})")
    severity = "high"
    corrective_action = "Daftarkan seluruh pekerja ke BPJS Ketenagakerjaan"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


def make_complaint(*, office, company, name="Siti Canary Rahayu", reference="ADU-CANARY-2026-00099", **extra):
    return Complaint.objects.create(
        reference=reference,
        tracking_code_hash=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
        received_at=timezone.now(),
        complainant_name=name,
        complainant_contact="0812-0000-9999",
        company=company,
        description="Upah tidak dibayar",
        office=office,
        status=extra.pop("status", "assigned"),
        status_changed_at=timezone.now(),
        **extra,
    )
