"""One of everything in office A, made through the services: the objects the security tests aim at.

A complaint assigned to alice (with an attachment and a message thread with the complainant:
alice's question, the complainant's answer with a PDF), the visit planned from it (with a photo
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

from checklists.models import DraftFinding
from complaints import messaging as complaint_messaging
from complaints import services as complaint_services
from complaints.choices import Channel
from complaints.models import Category, Complaint, ComplaintAttachment, ComplaintMessageAttachment
from complaints.uploads import CleanFile
from inspections import services as inspection_services
from inspections.choices import NoticeStatus
from inspections.models import Attachment, Finding, Inspection, Investigation, LegalProvision, Notice
from reporting.choices import ReportKind, ReportStatus
from reporting.models import Report, ReportBuild, scope_key_for

CANARY_NAME = "Canary-Nama-5521"
CANARY_CONTACT = "canary-kontak-0812-5521"
CANARY_NIK = "3275015521552155"
# As typed on the form, and as stored (normalised): neither may leak.
CANARY_PHONE = "0812-5521-5521"
CANARY_PHONE_STORED = "+6281255215521"
CANARY_EMAIL = "canary.5521@contoh.id"
# The thread's texts: sealed like the identity, so found only where the identity may be shown.
MESSAGE_QUESTION = "Canary-Tanya-5521 sejak kapan upah tidak dibayar?"
MESSAGE_ANSWER = "Canary-Jawab-5521 sejak Maret, kata mandor."


@dataclass
class World:
    complaint: Complaint
    complaint_attachment: ComplaintAttachment
    message_attachment: ComplaintMessageAttachment
    tracking_code: str
    visit: Inspection
    attachment: Attachment
    finding: Finding
    notice: Notice
    notice2: Notice
    investigation: Investigation
    report: Report
    # The deadlines app's records of the same office: the complaint's clock, the ladder's drafts.
    clock: object = None
    answer: object = None
    checklist_draft: object = None
    checklist_version: object = None
    draft: object = None
    ncr: object = None
    # The socialsecurity app's records of the same office: a BPJS import and a written warning.
    bpjs_import: object = None
    sanction: object = None
    accident: object = None
    disease: object = None
    # The targeting app's records of the same office: the company's score, a draft plan with one entry.
    risk_score: object = None
    plan: object = None
    plan_entry: object = None
    leave: object = None
    assignment: object = None
    leave2: object = None
    assignment2: object = None


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
        "complainant_phone": CANARY_PHONE,
        "complainant_email": CANARY_EMAIL,
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
    _checklist_answer(visit, alice)
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


def _checklist_answer(visit, alice):
    """One compliant checklist answer on the visit (a small published version of its own)."""
    from checklists import services as checklist_services
    from checklists.models import ChecklistTemplate, Question, Section, TemplateVersion

    template, _ = ChecklistTemplate.objects.get_or_create(code="world", defaults={"name": "World"})
    version, _ = TemplateVersion.objects.get_or_create(
        template=template, number=1, defaults={"status": "published", "published_at": timezone.now()}
    )
    section, _ = Section.objects.get_or_create(version=version, title_id="Upah", title_en="Wages")
    question, _ = Question.objects.get_or_create(
        section=section, code="W1", defaults={"text_id": "Upah dibayar?", "text_en": "Wages paid?", "category": "wages"}
    )
    # A second question answered non-compliant: its draft finding, dismissed so the visit can be reported.
    second, _ = Question.objects.get_or_create(
        section=section, code="W2",
        defaults={"text_id": "Lembur dibayar?", "text_en": "Overtime paid?", "category": "wages",
                  "noncompliant_answers": ["no"], "position": 2},
    )  # fmt: skip
    checklist = checklist_services.checklist_start(inspection=visit, actor=alice, version=version)
    no = checklist_services.answer_save(checklist=checklist, question=second, actor=alice, value="no")
    checklist_services.draft_finding_dismiss(draft=no.draft_finding, actor=alice, reason="Lembur dibayar tunai.")
    return checklist_services.answer_save(checklist=checklist, question=question, actor=alice, value="yes")


def built_report(office, month: dt.date = dt.date(2024, 5, 1)) -> Report:
    report = Report(
        kind=ReportKind.QUOTA,
        office=office,
        scope_key=scope_key_for(office=office, region=None),
        month=month,
        language="en",
        status=ReportStatus.DONE,
        requested_at=timezone.now(),
    )
    report.file.save("quota.pdf", ContentFile(b"%PDF-1.4\n% test report\n"), save=False)
    report.spreadsheet.save("quota.xlsx", ContentFile(b"PK\x03\x04 test tables"), save=False)
    report.save()
    # One build in its history (the annual report keeps one row per build).
    ReportBuild.objects.create(
        report=report,
        built_at=timezone.now(),
        language="en",
        file=report.file.name,
        spreadsheet=report.spreadsheet.name,
    )
    return report


def build_world(
    *,
    company,
    alice,
    bob,
    ppns,
    question=MESSAGE_QUESTION,
    answer=MESSAGE_ANSWER,
    injured=("Korban Pertama", "Korban Kedua"),
    **complaint_extra,
) -> World:
    intake = complaint_for(company, **complaint_extra)
    complaint = intake.complaint
    complaint_services.complaint_screen(complaint=complaint, actor=bob)
    complaint_services.complaint_assign(complaint=complaint, actor=bob, assignee=alice)
    complaint_services.complaint_start(complaint=complaint, actor=alice)
    complaint_messaging.message_send(complaint=complaint, actor=alice, body=question)
    evidence = CleanFile(
        kind="document", name="slip.pdf", content_type="application/pdf", content=ContentFile(b"%PDF-1.4\n% slip\n")
    )
    reply = complaint_messaging.complainant_reply(complaint_id=complaint.pk, body=answer, files=[evidence])
    visit, attachment, finding, notice, notice2, investigation = escalated_visit(
        complaint=complaint, alice=alice, bob=bob, ppns=ppns
    )
    complaint.refresh_from_db()
    ladder = _ladder(complaint=complaint, finding=finding, notice=notice, notice2=notice2)
    ladder.update(_visit_plan(company=company, inspector=alice, head=bob))
    return World(
        complaint=complaint,
        complaint_attachment=complaint.attachments.get(),
        message_attachment=reply.attachments.get(),
        tracking_code=intake.tracking_code,
        visit=visit,
        attachment=attachment,
        finding=finding,
        notice=notice,
        notice2=notice2,
        investigation=investigation,
        report=built_report(company.district.office),
        answer=visit.checklists.get().answers.get(question__code="W1"),
        checklist_draft=DraftFinding.objects.get(answer__checklist__inspection=visit),
        checklist_version=visit.checklists.get().version,
        **ladder,
        **_bpjs(company=company, bob=bob),
        **_accident_cases(company=company, alice=alice, injured=injured),
    )


def _bpjs(*, company, bob) -> dict:
    """A BPJS file imported for the office (its line naming the company) and a written warning I."""
    from socialsecurity import services as bpjs

    office = company.district.office
    content = f"nib,npp,participants,programmes\n{company.nib},NPP-{company.pk},100,JKK;JKM;JHT\n".encode()
    imp, _ = bpjs.import_create(
        actor=bob, office=office, upload=SimpleUploadedFile("bpjs.csv", content), as_of=dt.date(2026, 6, 30),
        source=f"BPJS {company.name}",
    )  # fmt: skip
    bpjs.import_run(import_id=imp.pk)
    sanction = bpjs.sanction_start(actor=bob, company=company, grounds=f"{company.name}: tidak mendaftarkan pekerja")
    return {"bpjs_import": imp, "sanction": sanction}


def _accident_cases(*, company, alice, injured) -> dict:
    """An accident with two injured persons (one fatal) and an occupational disease case, recorded by alice."""
    from accidents import services as accident_services
    from accidents.choices import CodeList, DiseaseSource, Sex
    from tests.accidents.helpers import code, make_accident, person

    first, second = injured
    accident = make_accident(alice, company, injured=[person(first, days_lost=12), person(second, fatal=True)])
    disease = accident_services.disease_create(
        actor=alice, company=company, disease=code(CodeList.DISEASE, "1.2.1"), worker_name=second + " Pekerja",
        sex=Sex.FEMALE, exposure="Kebisingan", diagnosed_on=dt.date(2026, 3, 1), source=DiseaseSource.DOCTOR,
        notified_on=dt.date(2026, 3, 2),
    )  # fmt: skip
    return {"accident": accident, "disease": disease}


def _ladder(*, complaint, finding, notice, notice2) -> dict:
    """The complaint's legal clock, a Nota II draft and a non-compliance report draft (deadlines app)."""
    from deadlines.models import Clock, NonComplianceReport, NoticeDraft
    from deadlines.services import clocks_ensure
    from tests.deadlines.rules import ensure_rules

    ensure_rules()  # a transactional test before may have flushed the shipped rules
    clocks_ensure(office_id=complaint.office_id)
    draft = NoticeDraft.objects.create(office_id=notice.office_id, previous=notice, period_days=7)
    draft.findings.set([finding])
    ncr = NonComplianceReport.objects.create(office_id=notice2.office_id, notice=notice2)
    return {"clock": Clock.objects.get(complaint=complaint), "draft": draft, "ncr": ncr}


def _visit_plan(*, company, inspector, head) -> dict:
    """The company's risk score and a draft plan for next month with one entry (targeting app)."""
    from targeting import scoring
    from targeting.choices import Selection
    from targeting.models import Assignment, Leave, Plan, PlanEntry, RiskScore

    office = company.district.office
    scoring.store(type(company).objects.filter(pk=company.pk))
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    plan = Plan.objects.create(office=office, month=month, random_percent=10, seed=7, capacity=1, created_by=head)
    entry = PlanEntry.objects.create(
        plan=plan, company=company, inspector=inspector, planned_date=month, selection=Selection.RISK, score=1
    )
    leave = Leave.objects.create(inspector=inspector, start=month, end=month + dt.timedelta(days=2), note="Cuti")
    assignment = Assignment.objects.create(inspector=inspector, district=company.district)
    leave2 = Leave.objects.create(
        inspector=inspector, start=month + dt.timedelta(days=9), end=month + dt.timedelta(days=9)
    )
    assignment2 = Assignment.objects.create(inspector=inspector, kbli_group="10")
    return {"risk_score": RiskScore.objects.get(company=company), "plan": plan, "plan_entry": entry,
            "leave": leave, "assignment": assignment, "leave2": leave2, "assignment2": assignment2}  # fmt: skip


# Fixtures, imported by the conftest of tests/security and tests/audit.


def _ppns(office, username: str, first_name: str):
    from inspectorate.choices import Role
    from tests.factories import StaffFactory

    return StaffFactory(
        username=username, first_name=first_name, role=Role.INSPECTOR, office=office, is_investigator=True
    )


@pytest.fixture
def ppns_a(office_a):
    return _ppns(office_a, "ppns_a", "Putu")


@pytest.fixture
def world(company_a, alice, bob, ppns_a, settings) -> World:
    settings.LANGUAGE_CODE = "en"
    return build_world(company=company_a, alice=alice, bob=bob, ppns=ppns_a)


# --- a second office's canary data ------------------------------------------------------------
#
# The scope tests log in as office B's inspector and head and region B's official, and look for
# office A's records in every answer. Office A's records carry names that appear nowhere else
# and ids from ranges no other row uses, so finding one of them anywhere in a body is a leak.

CANARY_STAFF_NAMES = ("Kenarinspektur", "Kenarikepala", "Kenaripenyidik")
CANARY_COMPANY_NAME = "PT Kenari Rahasia Abadi"
CANARY_COMPANY_NIB = "9144170000001"
CANARY_COMPLAINANT = {
    "complainant_name": "Kenaripelapor Rahasia",
    "complainant_contact": "kenari-4417@contoh.id",
    "complainant_id_number": "3275014417441744",
}
CANARY_INJURED = ("Kenarikorban Pertiwi", "Kenarikorban Wijaya")
CANARY_MESSAGES = {"question": "Kenaritanya 4417 kapan terakhir dibayar?", "answer": "Kenarijawab 4417 bulan Maret."}
CANARY_ID_BASES = {
    "inspectorate.Region": 4_387_000,
    "inspectorate.District": 4_397_000,
    "inspectorate.Office": 4_407_000,
    "inspectorate.Staff": 4_417_000,
    "inspectorate.Company": 4_427_000,
    "complaints.Complaint": 4_437_000,
    "inspections.Inspection": 4_447_000,
    "inspections.Finding": 4_457_000,
    "inspections.Notice": 4_467_000,
    "inspections.Investigation": 4_477_000,
    "reporting.Report": 4_487_000,
    "complaints.ComplaintMessage": 4_497_000,
    "complaints.ComplaintMessageAttachment": 4_507_000,
    "targeting.RiskScore": 4_517_000,
    "targeting.Plan": 4_527_000,
    "targeting.PlanEntry": 4_537_000,
    "accidents.Accident": 4_547_000,
    "accidents.OccupationalDisease": 4_557_000,
    "targeting.Leave": 4_567_000,
    "targeting.Assignment": 4_577_000,
}


@dataclass
class Canary:
    """Office A's records and the strings that would show one of them leaked."""

    world: World
    office: object
    district: object
    staff: list
    company: object
    strings: list[str]
    ids: list[int]

    def leaks(self, body: str) -> list[str]:
        """The canary strings and ids found in ``body`` (ids as whole numbers only)."""
        import re

        found = [s for s in self.strings if s in body]
        found += [str(i) for i in self.ids if re.search(rf"(?<!\d){i}(?!\d)", body)]
        return found


def _advance_ids(bases: dict[str, int]) -> None:
    """Make the next rows of these models take ids from the given (distinctive) ranges."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        for label, start in bases.items():
            table = apps.get_model(label)._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start])
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start])


def _next_ids() -> dict[str, int]:
    """The current end of each canary model's id range, to put back after the test (PostgreSQL)."""
    from django.apps import apps
    from django.db.models import Max

    return {label: apps.get_model(label).objects.aggregate(m=Max("id"))["m"] or 1 for label in CANARY_ID_BASES}


def build_canary(*, make_district) -> Canary:
    """Office A's records; ``make_district()`` makes office A and its district once the ids are moved on."""
    from inspectorate.choices import Role
    from tests.factories import CompanyFactory, StaffFactory

    _advance_ids(CANARY_ID_BASES)
    district = make_district()
    office = district.office
    inspector, head, ppns = (
        StaffFactory(username=f"kenari{n}", first_name=name, last_name="Rahasia", role=role, office=office, **extra)
        for n, (name, role, extra) in enumerate(
            zip(
                CANARY_STAFF_NAMES,
                (Role.INSPECTOR, Role.OFFICE_HEAD, Role.INSPECTOR),
                ({}, {}, {"is_investigator": True}),
                strict=True,
            )
        )
    )
    company = CompanyFactory(name=CANARY_COMPANY_NAME, nib=CANARY_COMPANY_NIB, district=district)
    world = build_world(
        company=company,
        alice=inspector,
        bob=head,
        ppns=ppns,
        injured=CANARY_INJURED,
        **CANARY_MESSAGES,
        **CANARY_COMPLAINANT,
    )
    strings = [
        *CANARY_STAFF_NAMES,
        CANARY_COMPANY_NAME,
        CANARY_COMPANY_NIB,
        *CANARY_COMPLAINANT.values(),
        *CANARY_MESSAGES.values(),
        world.message_attachment.name,
        world.complaint.reference,
        world.visit.reference,
        world.notice.number,
        world.notice2.number,
        office.name,
        world.sanction.number,  # the BPJS warning; its grounds and the import's source name the company
        *CANARY_INJURED,
        world.accident.reference,
        world.disease.reference,
    ]
    ids = [
        office.region_id,
        district.pk,
        office.pk,
        *(s.pk for s in (inspector, head, ppns)),
        company.pk,
        world.complaint.pk,
        world.visit.pk,
        world.finding.pk,
        world.notice.pk,
        world.notice2.pk,
        world.investigation.pk,
        world.report.pk,
        world.message_attachment.pk,
        world.message_attachment.message_id,
        world.accident.pk,
        world.disease.pk,
        world.risk_score.pk,
        world.plan.pk,
        world.plan_entry.pk,
        world.leave.pk,
        world.assignment.pk,
    ]
    assert all(i > min(CANARY_ID_BASES.values()) for i in ids), f"office A was made before its ids moved on: {ids}"
    return Canary(
        world=world,
        office=office,
        district=district,
        staff=[inspector, head, ppns],
        company=company,
        strings=strings,
        ids=ids,
    )


@pytest.fixture
def ppns_b(office_b):
    return _ppns(office_b, "ppns_b", "Banu")


@pytest.fixture
def world_b(company_b, charlie, dave, ppns_b, settings) -> World:
    """The same records in office B, for office B's actors to reach their own."""
    settings.LANGUAGE_CODE = "en"
    return build_world(company=company_b, alice=charlie, bob=dave, ppns=ppns_b)


@pytest.fixture
def canary(request, world_b, frank) -> Canary:
    """Office A's canary records, made after everything office B's actors own (their ids stay low)."""
    from django.db import connection

    saved = _next_ids()
    yield build_canary(make_district=lambda: request.getfixturevalue("district_a"))
    if connection.vendor == "postgresql":
        _advance_ids(saved)
