import io
import re

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeeze(text: str) -> str:
    """Text without white space: table cells wrap long strings over lines."""
    return re.sub(r"\s+", "", text)
