"""Confidentiality of the company-facing notice (DESIGN.md §5): a complaint visit's notice is
indistinguishable from a routine one's and never names the complaint or the complainant."""

import datetime as dt
import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from inspections import documents, services
from inspectorate.pdf import FetchRefused, static_resource

from .factories import InspectionFactory, make_complaint
from .helpers import reported

pytestmark = pytest.mark.django_db

CANARY_NAME = "Siti Canary Rahayu"
CANARY_REF = "ADU-CANARY-2026-00099"
FORBIDDEN = [CANARY_NAME, CANARY_REF, "complaint", "pengaduan", "aduan", "0812-0000-9999"]


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.deactivate()


def _issue(visit, alice, bob):
    findings = reported(visit, alice, findings=2)
    return services.notice_issue_first(
        inspection=visit,
        actor=bob,
        findings=findings,
        compliance_deadline=dt.date.today() + dt.timedelta(days=14),
    )


@pytest.fixture
def two_notices(bob, alice, company_a, office_a):
    complaint = make_complaint(office=office_a, company=company_a, name=CANARY_NAME, reference=CANARY_REF)
    from_complaint = services.inspection_plan_from_complaint(
        complaint=complaint, actor=bob, lead=alice, planned_date=dt.date.today()
    )
    routine = InspectionFactory(company=company_a, lead_inspector=alice)
    return _issue(from_complaint, alice, bob), _issue(routine, alice, bob)


def _normalise(text: str, notice) -> str:
    text = text.replace(notice.number, "<NUMBER>")
    for finding in notice.findings.all():
        text = text.replace(finding.description, "<FINDING>")
    text = re.sub(r"\d{1,2} \w+ \d{4}", "<DATE>", text)
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_it_builds_the_document_context_from_plain_values_only(two_notices):
    context = documents.notice_document_context(two_notices[0])
    assert set(context) == {"document", "office", "company", "findings"}

    def walk(value):
        assert isinstance(value, str | int | dt.date | type(None)) or hasattr(value, "__html__") or str(value), value
        if isinstance(value, dict):
            assert not {"kind", "origin", "origin_complaint", "complaint"} & set(value)
            for item in value.values():
                walk(item)
        if isinstance(value, list):
            for item in value:
                walk(item)
        from django.db.models import Model

        assert not isinstance(value, Model)

    walk(context)


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_renders_the_same_html_for_a_complaint_visit_and_a_routine_one(two_notices, language):
    translation.activate(language)
    from_complaint, routine = two_notices
    html_c = documents.render_notice_html(documents.notice_document_context(from_complaint))
    html_r = documents.render_notice_html(documents.notice_document_context(routine))
    for word in FORBIDDEN:
        assert word.lower() not in html_c.lower()
    assert "PT Maju Bersama" in html_c
    assert _normalise(html_c, from_complaint) == _normalise(html_r, routine)


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_renders_the_same_pdf_text_for_both(two_notices, language):
    translation.activate(language)
    from_complaint, routine = two_notices
    text_c = _pdf_text(documents.render_notice_pdf(documents.notice_document_context(from_complaint)))
    text_r = _pdf_text(documents.render_notice_pdf(documents.notice_document_context(routine)))
    assert "PT Maju Bersama" in text_c
    assert "Temuan nomor 1" in text_c and "UU 24/2011 ps. 15" in text_c
    for word in FORBIDDEN:
        assert word.lower() not in text_c.lower()
    assert _normalise(text_c, from_complaint) == _normalise(text_r, routine)


def test_it_refuses_every_url_but_the_projects_static_files():
    base = documents.document_static_base()
    assert base == documents.DOCUMENT_BASE_URL + "static/"
    css, mime = static_resource(base + "css/inspections.css", base)
    assert b".notice-doc" in css and mime == "text/css"
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/inspections.css",
        "https://example.com/x.css",
        documents.DOCUMENT_BASE_URL + "static/../../../etc/passwd",
        documents.DOCUMENT_BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        documents.DOCUMENT_BASE_URL + "media/secret.png",
        documents.DOCUMENT_BASE_URL + "static/",
        "data:text/plain,hello",
        # A document takes no inline image: its only resource is its stylesheet.
        "data:image/png;base64,iVBORw0KGgo=",
    ]:
        with pytest.raises(FetchRefused):
            static_resource(url, base)
