"""The complainant's receipt as a PDF: reference, tracking code, office, date and what happens next.

Rendered by WeasyPrint with the same locked-down fetcher as the notices (only the project's
static files), in the language of the page the complainant used.
"""

from django.template.loader import render_to_string

from .models import Complaint


def render_receipt_html(*, complaint: Complaint, code: str, track_url: str) -> str:
    return render_to_string(
        "complaints/receipt_document.html", {"complaint": complaint, "tracking_code": code, "track_url": track_url}
    )


def render_receipt_pdf(*, complaint: Complaint, code: str, track_url: str) -> bytes:
    from inspections.documents import document_pdf

    return document_pdf(render_receipt_html(complaint=complaint, code=code, track_url=track_url))


def filename(complaint: Complaint) -> str:
    return f"{complaint.reference}.pdf"
