"""The sanction ladder's documents: a dated letter per step, as a printable page and as a PDF.

The letter goes to the company, so it is in Indonesian whoever prints it, and its template gets
ONLY the plain values of :func:`sanction_document_context` (as the Nota's, inspections.documents):
no model instance, so nothing reachable from the company (its complaints, its accidents and the
people named in them) can reach the letter by accident. Its dates are the office's local dates
(``Sanction.issued_on`` and ``due_on`` are days of the office's calendar).
"""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from audit.choices import Action
from audit.services import record as audit_record
from inspections.documents import document_pdf
from inspectorate.documents import pdf_response

from .choices import Level
from .models import Sanction

DOCUMENT_TEMPLATE = "socialsecurity/sanction_document.html"
DOCUMENT_LANGUAGE = "id"


def require_document(sanction: Sanction) -> Sanction:
    """A step has a document once it is issued (numbered); a draft has none (404)."""
    if not sanction.number:
        raise Http404
    return sanction


def sanction_document_context(sanction: Sanction) -> dict:
    """Everything the letter shows, as plain values (see the module docstring)."""
    office, company, previous, signatory = sanction.office, sanction.company, sanction.previous, sanction.issued_by
    return {
        "document": {
            "number": sanction.number,
            "level": sanction.level,
            "issued_on": sanction.issued_on,
            "due_on": sanction.due_on,
            "grounds": sanction.grounds,
            "previous_number": previous.number if previous else "",
            "previous_issued_on": previous.issued_on if previous else None,
            "previous_due_on": previous.due_on if previous else None,
            "signatory": str(signatory) if signatory else "",
            "signatory_nip": signatory.nip if signatory else "",
        },
        "office": {"name": office.name, "address": office.address},
        "company": {
            "name": company.name,
            "address": company.address,
            "district": company.district.name,
            "nib": company.nib,
        },
        "levels": {level.name: level.value for level in Level},
    }


def render_sanction_html(context: dict, *, for_pdf: bool = False) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(DOCUMENT_TEMPLATE, {**context, "for_pdf": for_pdf})


def render_sanction_pdf(context: dict) -> bytes:
    return document_pdf(render_sanction_html(context, for_pdf=True))


def pdf_filename(context: dict) -> str:
    return context["document"]["number"].replace("/", "-") + ".pdf"


def sanction_pdf_download(sanction: Sanction, *, actor, via: str) -> HttpResponse:
    """The issued step's PDF as a download (page and API); each one is in the audit trail: the letter leaves."""
    context = sanction_document_context(require_document(sanction))
    response = pdf_response(render_sanction_pdf(context), pdf_filename(context))
    audit_record(action=Action.EXPORT, actor=actor, obj=sanction, extra={"format": "pdf", "via": via})
    return response
