"""Checking and cleaning uploaded files: PDF, JPEG or PNG by content, images re-encoded without metadata."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_FILES = 5
MAX_SIZE = 5 * 1024 * 1024
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

# Magic bytes: the content decides the type, never the name or the browser's claim.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass
class CleanFile:
    content: ContentFile
    content_type: str
    extension: str
    size: int


def _sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def _reencode(data: bytes, content_type: str) -> bytes:
    """Verify the image, then draw its pixels into a new file: EXIF/GPS and other metadata are dropped."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != PIL_FORMATS[content_type]:
                raise ValidationError(_("The image is damaged or not what its name says."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                raise ValidationError(_("The image is too large."))
            image.load()
            fmt = PIL_FORMATS[content_type]
            if fmt == "JPEG":
                pixels = image.convert("RGB")
            else:
                pixels = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            clean = Image.new(pixels.mode, pixels.size)
            clean.paste(pixels)
            out = io.BytesIO()
            clean.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The image is damaged or not what its name says.")) from exc


def clean_upload(upload) -> CleanFile:
    """One uploaded file, checked by content; raises ValidationError with a clear message."""
    if upload.size > MAX_SIZE:
        raise ValidationError(
            _("%(name)s is larger than 5 MB.") % {"name": upload.name[:80]},
        )
    upload.seek(0)
    data = upload.read(MAX_SIZE + 1)
    if len(data) > MAX_SIZE:
        raise ValidationError(_("%(name)s is larger than 5 MB.") % {"name": upload.name[:80]})
    sniffed = _sniff(data[:16])
    if sniffed is None:
        raise ValidationError(
            _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": upload.name[:80]},
        )
    content_type, extension = sniffed
    if content_type in PIL_FORMATS:
        data = _reencode(data, content_type)
    elif b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("%(name)s is not a complete PDF file.") % {"name": upload.name[:80]})
    return CleanFile(content=ContentFile(data), content_type=content_type, extension=extension, size=len(data))


def clean_uploads(uploads) -> list[CleanFile]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Attach at most %(n)d files.") % {"n": MAX_FILES})
    errors, cleaned = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned
