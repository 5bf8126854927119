"""One of everything in office A, made through the services: the objects the security tests aim at.

A complaint assigned to alice (with an attachment), the visit planned from it (with a photo
attachment), a finding, a Nota I and a Nota II past their deadlines, an open investigation of
the Nota II and a built monthly report of office A.
"""

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from complaints import services as complaint_services
from complaints.choices import Channel
from complaints.models import Category, Complaint, ComplaintAttachment
from complaints.uploads import CleanFile
from inspections import services as inspection_services
from inspections.choices import NoticeStatus
from inspections.models import Attachment, Finding, Inspection, Investigation, LegalProvision, Notice
from reporting.choices import ReportKind, ReportStatus
from reporting.models import Report, scope_key_for

CANARY_NAME = "Canary-Nama-5521"
CANARY_CONTACT = "canary-kontak-0812-5521"
CANARY_NIK = "3275015521552155"


@dataclass
class World:
    complaint: Complaint
    complaint_attachment: ComplaintAttachment
    tracking_code: str
    visit: Inspection
    attachment: Attachment
    finding: Finding
    notice: Notice
    notice2: Notice
    investigation: Investigation
    report: Report


def ensure_categories() -> None:
    from inspectorate.choices import NormCategory

    for position, code in enumerate(NormCategory.values):
        Category.objects.update_or_create(code=code, defaults={"position": position})


def complaint_for(company, **extra) -> complaint_services.Intake:
    ensure_categories()
    pdf = CleanFile(
        kind="document",
        name="evidence.pdf",
        content_type="application/pdf",
        content=ContentFile(b"%PDF-1.4\n% evidence\n"),
    )
    kwargs = {
        "channel": Channel.ONLINE,
        "description": "Upah dua bulan belum dibayar oleh perusahaan sampai sekarang.",
        "categories": list(Category.objects.filter(code="wages")),
        "company": company,
        "district": company.district,
        "complainant_name": CANARY_NAME,
        "complainant_contact": CANARY_CONTACT,
        "complainant_id_number": CANARY_NIK,
        "files": [pdf],
    }
    kwargs.update(extra)
    return complaint_services.complaint_create(**kwargs)


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def escalated_visit(*, complaint: Complaint, alice, bob, ppns, files: bool = True):
    """The visit of the complaint, reported with one finding, two notices past due and an investigation."""
    from tests.inspections.provisions import ensure_provisions

    ensure_provisions()
    today = timezone.localdate()
    visit = inspection_services.inspection_plan_from_complaint(
        complaint=complaint, actor=bob, lead=alice, planned_date=today
    )
    inspection_services.inspection_start(inspection=visit, actor=alice)
    attachment = (
        inspection_services.attachment_add(inspection=visit, actor=alice, upload=png_upload()) if files else None
    )
    finding = inspection_services.finding_add(
        inspection=visit,
        actor=alice,
        category="social_security",
        provision=LegalProvision.objects.get(act="UU 24/2011", article="ps. 15"),
        description="Pekerja belum didaftarkan BPJS Ketenagakerjaan",
        severity="high",
    )
    inspection_services.inspection_update(inspection=visit, actor=alice, summary="Pemeriksaan selesai")
    inspection_services.inspection_report(inspection=visit, actor=alice)
    notice = inspection_services.notice_issue_first(
        inspection=visit,
        actor=bob,
        findings=[finding],
        issued_on=today - dt.timedelta(days=40),
        compliance_deadline=today - dt.timedelta(days=30),
    )
    notice2 = inspection_services.notice_issue_second(
        previous=notice,
        actor=bob,
        issued_on=today - dt.timedelta(days=20),
        compliance_deadline=today - dt.timedelta(days=10),
    )
    inspection_services.notice_mark(notice=notice2, actor=bob, status=NoticeStatus.NOT_COMPLIED)
    investigation = inspection_services.investigation_open(notice=notice2, actor=bob, investigator=ppns)
    visit.refresh_from_db()
    return visit, attachment, finding, notice, notice2, investigation


def built_report(office) -> Report:
    report = Report(
        kind=ReportKind.QUOTA,
        office=office,
        scope_key=scope_key_for(office=office, region=None),
        month=dt.date(2024, 5, 1),
        language="en",
        status=ReportStatus.DONE,
        requested_at=timezone.now(),
    )
    report.file.save("quota.pdf", ContentFile(b"%PDF-1.4\n% test report\n"), save=False)
    report.save()
    return report


def build_world(*, company, alice, bob, ppns) -> World:
    intake = complaint_for(company)
    complaint = intake.complaint
    complaint_services.complaint_screen(complaint=complaint, actor=bob)
    complaint_services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    complaint_services.complaint_start(complaint=complaint, actor=alice)
    visit, attachment, finding, notice, notice2, investigation = escalated_visit(
        complaint=complaint, alice=alice, bob=bob, ppns=ppns
    )
    complaint.refresh_from_db()
    return World(
        complaint=complaint,
        complaint_attachment=complaint.attachments.get(),
        tracking_code=intake.tracking_code,
        visit=visit,
        attachment=attachment,
        finding=finding,
        notice=notice,
        notice2=notice2,
        investigation=investigation,
        report=built_report(company.district.office),
    )


# Fixtures, imported by the conftest of tests/security and tests/audit.


@pytest.fixture
def ppns_a(office_a):
    from inspectorate.choices import Role
    from tests.factories import StaffFactory

    return StaffFactory(
        username="ppns_a", first_name="Putu", role=Role.INSPECTOR, office=office_a, is_investigator=True
    )


@pytest.fixture
def world(company_a, alice, bob, ppns_a, settings) -> World:
    settings.LANGUAGE_CODE = "en"
    return build_world(company=company_a, alice=alice, bob=bob, ppns=ppns_a)
