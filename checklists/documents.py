"""The visit's checklist report as a PDF: every answer, its note and its finding (no complaint data)."""

from django.template.loader import render_to_string

from inspections.documents import DOCUMENT_BASE_URL, static_only_url_fetcher
from inspections.models import Inspection

from .selectors import visit_page


def render_checklist_pdf(inspection: Inspection) -> bytes:
    from weasyprint import HTML

    context = {"inspection": inspection, **visit_page(inspection, 0)}
    html = render_to_string("checklists/checklist_report.html", context)
    return HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=static_only_url_fetcher).write_pdf()
