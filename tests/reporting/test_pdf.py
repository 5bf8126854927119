"""The PDFs: what they say, in which language, and that they fetch nothing but our own files."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

import inspectorate.pdf
import reporting.pdf
from complaints.choices import Status
from inspectorate.pdf import FetchRefused, static_resource
from reporting.choices import ReportKind
from reporting.pdf import render_report_pdf

from ..factories import CompanyFactory, DistrictFactory
from .conftest import JAKARTA, at
from .factories import ComplaintFactory, InspectionFactory, ReportFactory
from .pdfutil import pdf_text, squeeze

FILE_IMG = '<img src="file:///etc/passwd">'
HTTP_IMG = '<img src="http://127.0.0.1:{port}/x.png">'


@pytest.fixture
def fetched(monkeypatch):
    asked = []
    real = inspectorate.pdf.static_resource

    def spy(url, *args, **kwargs):
        asked.append(url)
        return real(url, *args, **kwargs)

    monkeypatch.setattr(inspectorate.pdf, "static_resource", spy)
    return asked


def test_it_renders_hostile_text_as_text_and_fetches_nothing(office_a, region_a, alice, http_server, fetched):
    port, hits = http_server
    evil = f"{FILE_IMG} {HTTP_IMG.format(port=port)}"
    office_a.name = f"UPTD {evil}"
    office_a.save()
    company = CompanyFactory(name=f"PT {evil}", district=DistrictFactory(office=office_a, region=region_a))
    InspectionFactory(office=office_a, company=company, lead_inspector=alice, visited_at=at(JAKARTA, 2024, 5, 6, 9))
    ComplaintFactory(
        office=office_a, company=company, received_at=at(JAKARTA, 2024, 5, 2, 9), description=f"Gaji {evil}"
    )
    ComplaintFactory(
        office=office_a,
        company=None,
        reported_company_name=f"CV {evil}",
        received_at=at(JAKARTA, 2024, 5, 3, 9),
        status=Status.IN_PROGRESS,
    )

    # An accident of the month puts the company in the accidents report's rates table.
    from tests.accidents.helpers import make_accident

    make_accident(alice, company, occurred_at=at(JAKARTA, 2024, 5, 7, 9))
    for kind in ReportKind.values:
        for scope in ({"office": office_a}, {"office": None, "region": region_a}):
            report = ReportFactory(kind=kind, month=dt.date(2024, 5, 1), **scope)
            text = squeeze(pdf_text(render_report_pdf(report)))
            assert squeeze(FILE_IMG) in text, (kind, scope)
            assert squeeze(HTTP_IMG.format(port=port)) in text
            if scope.get("office") and kind != ReportKind.ANNUAL:  # the annual report names no company
                assert squeeze(f"PT {evil}") in text
            if scope.get("office") and kind == ReportKind.RESOLUTION:
                assert squeeze(f"Gaji {evil}") in text and squeeze(f"CV {evil}") in text

    assert fetched, "the stylesheet goes through the fetcher"
    assert all(url.startswith(reporting.pdf.STATIC_BASE) for url in fetched)
    assert not any("passwd" in url or "127.0.0.1" in url for url in fetched)
    assert hits == []


def test_it_refuses_everything_but_our_static_files(http_server):
    port, hits = http_server
    for url in (
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/x.png",
        f"https://127.0.0.1:{port}/x.png",
        "data:text/html;base64,PGI+aGk8L2I+",
        reporting.pdf.STATIC_BASE + "../../../etc/passwd",
        reporting.pdf.STATIC_BASE + "css/%2e%2e/%2e%2e/settings.py",
        reporting.pdf.STATIC_BASE + "css/missing.css",
        "https://static.inspectorate.invalid/etc/passwd",
    ):
        with pytest.raises(FetchRefused):
            static_resource(url, reporting.pdf.STATIC_BASE, data_images=True)
    assert hits == []
    css, mime = static_resource(reporting.pdf.STATIC_BASE + "css/report.css", reporting.pdf.STATIC_BASE)
    assert mime == "text/css" and b"@page" in css
    png, mime = static_resource("data:image/png;base64,iVBORw0KGgo=", reporting.pdf.STATIC_BASE, data_images=True)
    assert mime == "image/png" and png.startswith(b"\x89PNG")


def test_it_writes_fixed_metadata_without_library_versions(office_a):
    report = ReportFactory(office=office_a, language="en")
    generated = dt.datetime(2024, 6, 1, 1, 2, 3, tzinfo=dt.UTC)

    info = PdfReader(io.BytesIO(render_report_pdf(report, generated_at=generated))).metadata
    assert info["/Author"] == "Inspectorate"
    assert info["/Producer"] == "Inspectorate" and info["/Creator"] == "Inspectorate"
    assert "WeasyPrint" not in str(dict(info))
    assert info["/Title"].startswith("Inspection quota")
    assert info["/CreationDate"].startswith("D:20240601010203")


def test_it_speaks_the_readers_language_and_numbers_pages(office_a):
    english = pdf_text(render_report_pdf(ReportFactory(office=office_a, language="en", kind="resolution")))
    indonesian = pdf_text(render_report_pdf(ReportFactory(office=office_a, language="id", kind="quota")))

    assert "May 2024" in english and "Asia/Jakarta" in english
    assert "Mei 2024" in indonesian and "Kuota pemeriksaan bulanan" in indonesian
    assert "Monthly inspection quota" not in indonesian
    assert "1 / 2" in indonesian or "1 / 1" in indonesian
