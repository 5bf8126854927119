"""Checking and cleaning what inspectors upload from the field.

The type is decided by the content, never by the name or the browser's content type. Images
are decoded and re-encoded with Pillow, which drops EXIF (GPS position, device) and text
chunks; PDFs are accepted as they are after a structural check.
"""

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}


@dataclass(frozen=True)
class CleanUpload:
    kind: str
    name: str
    content_type: str
    file: ContentFile


def _safe_stem(name: str) -> str:
    stem = PurePosixPath(name.replace("\\", "/")).stem
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in stem).strip() or "file"
    return stem[:80]


def _reencode_image(data: bytes) -> tuple[bytes, str]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This image cannot be read.")) from exc
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(_("Only JPEG and PNG photos are accepted."))
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise ValidationError(_("This image is too large."))
        # Apply the orientation the EXIF asked for, then keep only the pixels.
        image = ImageOps.exif_transpose(image)
        image.load()
        clean = image.copy()
    clean.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=85, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue(), fmt


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("Only JPEG and PNG photos and PDF documents are accepted."))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("Encrypted PDF files are not accepted."))
        len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(_("This PDF file cannot be read.")) from exc


def sanitize_upload(upload: UploadedFile) -> CleanUpload:
    """The upload checked by content and cleaned, or a ValidationError saying why not."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
    stem = _safe_stem(upload.name or "file")
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return CleanUpload("document", f"{stem}.pdf", "application/pdf", ContentFile(data, name=f"{stem}.pdf"))
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
        cleaned, fmt = _reencode_image(data)
        content_type, suffix = IMAGE_FORMATS[fmt]
        return CleanUpload("photo", f"{stem}{suffix}", content_type, ContentFile(cleaned, name=f"{stem}{suffix}"))
    raise ValidationError(_("Only JPEG and PNG photos and PDF documents are accepted."))
