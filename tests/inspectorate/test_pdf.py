"""Every PDF goes through inspectorate.pdf: WeasyPrint reads the project's static files and nothing else."""

import base64
import io

import pytest
from PIL import Image
from pypdf import PdfReader

import inspectorate.pdf
from inspections.documents import DOCUMENT_BASE_URL, document_static_base
from inspectorate.pdf import FetchRefused, write_pdf
from reporting.pdf import STATIC_BASE

from ..reporting.pdfutil import pdf_text


def _png() -> bytes:
    """A 1×1 red PNG."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1), "red").save(out, "PNG")
    return out.getvalue()


PNG_DATA = "data:image/png;base64," + base64.b64encode(_png()).decode()


@pytest.fixture
def asked(monkeypatch):
    """Every address WeasyPrint asked for, with what the fetcher answered (a media type or the refusal)."""
    seen = []
    real = inspectorate.pdf.static_resource

    def spy(url, *args, **kwargs):
        try:
            body, mime = real(url, *args, **kwargs)
        except FetchRefused:
            seen.append((url, "refused"))
            raise
        seen.append((url, mime))
        return body, mime

    monkeypatch.setattr(inspectorate.pdf, "static_resource", spy)
    return seen


@pytest.fixture
def collected(settings, tmp_path):
    """A STATIC_ROOT as collectstatic leaves it in production (hashed names), with a link out of it."""
    root = tmp_path / "staticfiles"
    (root / "css").mkdir(parents=True)
    (root / "css" / "probe.0123abcd.css").write_text('.probe::before { content: "STYLED" }')
    outside = tmp_path / "outside.css"
    outside.write_text('.probe::after { content: "LEAKED" }')
    (root / "css" / "leak.css").symlink_to(outside)
    settings.STATIC_ROOT = root
    return root


def test_a_document_reads_its_collected_stylesheet_and_nothing_else(asked, collected, http_server):
    port, hits = http_server
    html = f"""<html><head>
      <link rel="stylesheet" href="/static/css/probe.0123abcd.css">
      <link rel="stylesheet" href="/static/css/leak.css">
      <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
      <style>
        @import url("file:///etc/hostname");
        @font-face {{ font-family: x; src: url("http://127.0.0.1:{port}/f.ttf") }}
      </style>
      </head><body>
      <p class="probe">Nota</p>
      <img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/x.png"><img src="{PNG_DATA}">
      </body></html>"""

    pdf = write_pdf(html, base_url=DOCUMENT_BASE_URL, static_base=document_static_base())

    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    assert "STYLEDNota" in text.replace(" ", ""), text
    assert "LEAKED" not in text
    assert hits == [], "nothing was asked of the network"
    answers = dict(asked)
    assert answers[DOCUMENT_BASE_URL + "static/css/probe.0123abcd.css"] == "text/css"
    assert answers[DOCUMENT_BASE_URL + "static/css/leak.css"] == "refused"
    hostile = {
        "file:///etc/hostname",
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/x.css",
        f"http://127.0.0.1:{port}/f.ttf",
        f"http://127.0.0.1:{port}/x.png",
        PNG_DATA,
    }
    assert hostile <= answers.keys(), "each was asked for, and so refused by us, not skipped by WeasyPrint"
    others = {url: answer for url, answer in answers.items() if "probe" not in url}
    assert set(others.values()) == {"refused"}, others
    assert not reader.pages[0].images, "a document takes no inline image"


def test_a_report_takes_an_inline_image(asked):
    html = f'<p>Grafik</p><img src="{PNG_DATA}" style="width: 2cm">'

    with_images = PdfReader(
        io.BytesIO(write_pdf(html, base_url=DOCUMENT_BASE_URL, static_base=STATIC_BASE, data_images=True))
    )
    without = PdfReader(
        io.BytesIO(write_pdf(html, base_url=DOCUMENT_BASE_URL, static_base=STATIC_BASE, data_images=False))
    )

    assert len(with_images.pages[0].images) == 1
    assert not without.pages[0].images
    assert [answer for _url, answer in asked] == ["image/png", "refused"]
