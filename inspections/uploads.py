"""What inspectors upload from the field: one photo or document of up to 10 MB at a time."""

from inspectorate import uploads
from inspectorate.uploads import CleanFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def sanitize_upload(upload) -> CleanFile:
    return uploads.clean_upload(upload, max_bytes=MAX_UPLOAD_BYTES)
