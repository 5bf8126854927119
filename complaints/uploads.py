"""What complaints accept: up to 5 files of 5 MB each, checked and cleaned by inspectorate.uploads."""

from inspectorate import uploads
from inspectorate.uploads import ACCEPT, CleanFile

MAX_FILES = 5
MAX_SIZE = 5 * 1024 * 1024

__all__ = ["ACCEPT", "CleanFile", "MAX_FILES", "MAX_SIZE", "clean_upload", "clean_uploads"]


def clean_upload(upload) -> CleanFile:
    return uploads.clean_upload(upload, max_bytes=MAX_SIZE)


def clean_uploads(files) -> list[CleanFile]:
    return uploads.clean_uploads(files, max_files=MAX_FILES, max_bytes=MAX_SIZE)
