import io
import re

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def squeeze(text: str) -> str:
    """Text without white space: table cells wrap long strings over lines."""
    return re.sub(r"\s+", "", text)
