"""The PDFs: what they say, in which language, and that they fetch nothing but our own files."""

import datetime as dt
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

import reporting.pdf
from complaints.choices import Status
from reporting.choices import ReportKind
from reporting.pdf import FetchRefused, render_report_pdf, url_fetcher

from ..factories import CompanyFactory, DistrictFactory
from .conftest import JAKARTA, at
from .factories import ComplaintFactory, InspectionFactory, ReportFactory
from .pdfutil import pdf_text, squeeze

FILE_IMG = '<img src="file:///etc/passwd">'
HTTP_IMG = '<img src="http://127.0.0.1:{port}/x.png">'


@pytest.fixture
def http_server():
    """A local HTTP server that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()


@pytest.fixture
def fetched(monkeypatch):
    asked = []
    real = reporting.pdf.url_fetcher

    def spy(url, *args, **kwargs):
        asked.append(url)
        return real(url, *args, **kwargs)

    monkeypatch.setattr(reporting.pdf, "url_fetcher", spy)
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
            url_fetcher(url)
    assert hits == []
    css = url_fetcher(reporting.pdf.STATIC_BASE + "css/report.css")
    assert css["mime_type"] == "text/css" and b"@page" in css["string"]
    png = url_fetcher("data:image/png;base64,iVBORw0KGgo=")
    assert png["mime_type"] == "image/png"


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
