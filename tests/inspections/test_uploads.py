import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inspections import services
from inspections.uploads import MAX_UPLOAD_BYTES, sanitize_upload

from .helpers import started

pytestmark = pytest.mark.django_db


def png_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (3.0, 19.0, 12.0)
    gps[3] = "E"
    gps[4] = (114.0, 35.0, 24.0)
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (30, 200, 30))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"
    exif.get_ifd(0x8825)[1] = "S"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("make, name", [(png_with_gps, "foto.png"), (jpeg_with_gps, "foto.jpg")])
def test_it_strips_exif_and_gps_from_photos(make, name, visit_a, alice):
    data = make()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif()  # the test image really carries EXIF
    started(visit_a, alice)
    attachment = services.attachment_add(
        inspection=visit_a, actor=alice, upload=SimpleUploadedFile(name, data, content_type="image/png")
    )
    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert b"CanaryCam" not in content
    with Image.open(io.BytesIO(content)) as clean:
        assert not clean.getexif()
        assert "exif" not in clean.info
        assert clean.size == (64, 48)
    assert attachment.kind == "photo"


def test_it_decides_the_type_by_content_not_by_name():
    with pytest.raises(ValidationError):
        sanitize_upload(SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg"))
    with pytest.raises(ValidationError):
        sanitize_upload(SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\nnot really", content_type="image/png"))
    clean = sanitize_upload(SimpleUploadedFile("../../etc/passwd.exe", png_with_gps()))
    assert clean.name == "passwd.png" and clean.content_type == "image/png"


def test_it_accepts_a_real_pdf_and_refuses_a_fake_one():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    clean = sanitize_upload(SimpleUploadedFile("surat.pdf", out.getvalue()))
    assert clean.kind == "document" and clean.content_type == "application/pdf"
    with pytest.raises(ValidationError):
        sanitize_upload(SimpleUploadedFile("surat.pdf", b"%PDF-1.7 garbage"))


def test_it_refuses_files_over_the_limit():
    with pytest.raises(ValidationError):
        sanitize_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES))
