"""Small real files for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _one_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _one_page_pdf()


def pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def jpeg_with_gps(name="foto.jpg"):
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"  # Make
    exif[0x8825] = {1: "S", 2: (3.0, 19.0, 0.0), 3: "E", 4: (114.0, 35.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name="foto.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 200)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def exe_as_pdf():
    return SimpleUploadedFile(
        "bukti.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf"
    )


def html_as_png():
    return SimpleUploadedFile("foto.png", b"<html><script>alert(1)</script></html>", content_type="image/png")


def truncated_png():
    data = png().read()
    return SimpleUploadedFile("rusak.png", data[:40], content_type="image/png")


def oversized_pdf():
    return SimpleUploadedFile(
        "besar.pdf", PDF[:-6] + b"0" * (5 * 1024 * 1024) + b"%%EOF\n", content_type="application/pdf"
    )
