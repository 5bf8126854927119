"""Checking and cleaning uploaded files, for every app that accepts them.

The type is decided by the content (magic bytes and a full parse), never by the name or the
browser's claim. Images are decoded and re-encoded with Pillow, which drops EXIF (GPS
position, device) and text chunks; PDFs are accepted as they are after a structural check
(not encrypted, readable).
"""

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


@dataclass(frozen=True)
class CleanFile:
    """An upload that passed the checks: its kind, a safe name with its real extension, the clean bytes."""

    kind: str  # "photo" or "document"
    name: str
    content_type: str
    content: ContentFile

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[1]

    @property
    def size(self) -> int:
        return self.content.size


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
        raise ValidationError(_("Only JPEG and PNG photos and PDF documents are accepted."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("This image is too large."))
            # Apply the orientation the EXIF asked for, then keep only the pixels.
            image = ImageOps.exif_transpose(image)
            image.load()
            clean = image.copy()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This image cannot be read.")) from exc
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

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("Encrypted PDF files are not accepted."))
        len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(_("This PDF file cannot be read.")) from exc


def _check(upload, max_bytes: int) -> CleanFile:
    too_large = _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}
    if not upload.size:
        raise ValidationError(_("The file is empty."))
    if upload.size > max_bytes:
        raise ValidationError(too_large)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(too_large)
    stem = _safe_stem(upload.name or "file")
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return CleanFile("document", f"{stem}.pdf", "application/pdf", ContentFile(data, name=f"{stem}.pdf"))
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
        cleaned, fmt = _reencode_image(data)
        content_type, extension = IMAGE_FORMATS[fmt]
        name = f"{stem}.{extension}"
        return CleanFile("photo", name, content_type, ContentFile(cleaned, name=name))
    raise ValidationError(_("Only JPEG and PNG photos and PDF documents are accepted."))


def clean_upload(upload, *, max_bytes: int) -> CleanFile:
    """The upload checked by content and cleaned, or a ValidationError naming the file and the reason."""
    try:
        return _check(upload, max_bytes)
    except ValidationError as exc:
        name = _safe_stem(upload.name or "file")
        raise ValidationError([f"{name}: {message}" for message in exc.messages]) from exc


def clean_uploads(uploads, *, max_files: int, max_bytes: int) -> list[CleanFile]:
    """Several uploads of one form: all clean, or one ValidationError listing every problem."""
    uploads = list(uploads or [])
    if len(uploads) > max_files:
        raise ValidationError(_("Attach at most %(n)d files.") % {"n": max_files})
    errors, cleaned = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(upload, max_bytes=max_bytes))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned
