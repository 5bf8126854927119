"""The visit's checklist report as a PDF: every answer, its note and its finding (no complaint data)."""

from django.template.loader import render_to_string

from inspections.documents import document_pdf
from inspections.models import Inspection

from .selectors import visit_page


def render_checklist_pdf(inspection: Inspection) -> bytes:
    context = {"inspection": inspection, **visit_page(inspection, 0)}
    html = render_to_string("checklists/checklist_report.html", context)
    return document_pdf(html)
