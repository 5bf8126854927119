"""Factories for the data reporting reads (complaints, inspections) and its own reports."""

import datetime as dt
import hashlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from complaints.choices import Status
from complaints.models import Category, Complaint
from inspections.choices import InspectionStatus, Kind
from inspections.models import Inspection
from reporting.choices import ReportKind, ReportStatus
from reporting.models import Report, scope_key_for
from rollups.services import record_complaints, record_visits

from ..factories import CompanyFactory, OfficeFactory, StaffFactory


class ComplaintFactory(DjangoModelFactory):
    class Meta:
        model = Complaint
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ADU-TEST-{n:05d}")
    tracking_code_hash = factory.Sequence(lambda n: hashlib.sha256(f"code-{n}".encode()).hexdigest())
    received_at = factory.LazyFunction(timezone.now)
    office = factory.SubFactory(OfficeFactory)
    company = factory.SubFactory(CompanyFactory)
    description = "Upah bulan lalu belum dibayar."
    status = Status.RECEIVED
    status_changed_at = factory.LazyAttribute(lambda c: c.received_at)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests empty the table the migration seeded.
            obj.categories.set([Category.objects.get_or_create(code=code)[0] for code in extracted])

    @factory.post_generation
    def rollups(obj, create, extracted, **kwargs):
        # As the services do after a write: stamp the complaint's months and count it in the rollups.
        if create:
            record_complaints([obj.pk])


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PMR-TEST-{n:05d}")
    office = factory.SubFactory(OfficeFactory)
    company = factory.SubFactory(CompanyFactory)
    lead_inspector = factory.SubFactory(StaffFactory, office=factory.SelfAttribute("..office"))
    kind = Kind.ROUTINE
    status = InspectionStatus.REPORTED
    visited_at = factory.LazyFunction(timezone.now)
    planned_date = factory.LazyAttribute(lambda i: (i.visited_at or timezone.now()).date() - dt.timedelta(days=3))

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.team.set(extracted)

    @factory.post_generation
    def rollups(obj, create, extracted, **kwargs):
        # As the services do after a write: stamp the visit's month and count it in the rollups.
        if create:
            record_visits([obj.pk])


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    kind = ReportKind.QUOTA
    office = factory.SubFactory(OfficeFactory)
    region = None
    scope_key = factory.LazyAttribute(lambda r: scope_key_for(office=r.office, region=r.region))
    month = dt.date(2024, 5, 1)
    language = "en"
    status = ReportStatus.QUEUED
    requested_at = factory.LazyFunction(timezone.now)
