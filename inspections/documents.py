"""Company-facing documents: the Nota Pemeriksaan as a printable page and as a PDF.

Confidentiality (DESIGN.md §5, ILO C81 art. 15(c)): the templates of documents the company
receives get ONLY the context built by :func:`notice_document_context`. It is made of plain
values, never a model instance, so the kind of the visit, its origin complaint or anything
reachable from them cannot leak into a template by accident.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notice

DOCUMENT_TEMPLATE = "inspections/notice_document.html"
# A base URL that cannot be fetched: every relative URL in the document resolves under it
# and the fetcher (inspectorate.pdf) maps only its /static/ paths to files.
DOCUMENT_BASE_URL = "https://document.invalid/"


def notice_document_context(notice: Notice) -> dict:
    """Everything a notice document shows, as plain values (see the module docstring)."""
    inspection = notice.inspection
    office = notice.office
    company = notice.company
    visited_on = timezone.localdate(inspection.visited_at, timezone=office.zone) if inspection.visited_at else None
    previous = notice.previous
    findings = sorted(notice.findings.all(), key=lambda f: f.pk)
    return {
        "document": {
            "number": notice.number,
            "level": notice.level,
            "title": notice.get_level_display(),
            "issued_on": notice.issued_on,
            # The one deadline of the notice: every finding it covers shares it (services.notice_issue_*).
            "compliance_deadline": notice.compliance_deadline,
            "visited_on": visited_on,
            "previous_number": previous.number if previous else "",
            "previous_issued_on": previous.issued_on if previous else None,
            "signatory": str(notice.issued_by),
            "signatory_nip": notice.issued_by.nip,
        },
        "office": {"name": office.name, "address": office.address},
        "company": {"name": company.name, "address": company.address, "nib": company.nib},
        "findings": [
            {
                "provision": str(f.provision),
                "provision_title": f.provision.title,
                "category": f.get_category_display(),
                "description": f.description,
                "corrective_action": f.corrective_action,
            }
            for f in findings
        ],
    }


def render_notice_html(context: dict, *, for_pdf: bool = False) -> str:
    return render_to_string(DOCUMENT_TEMPLATE, {**context, "for_pdf": for_pdf})


def document_pdf(html: str) -> bytes:
    """A document page as a PDF, with nothing fetched but the project's static files (its stylesheet)."""
    from inspectorate.pdf import write_pdf

    return write_pdf(html, base_url=DOCUMENT_BASE_URL, static_base=document_static_base())


def document_static_base() -> str:
    """Where a document's ``{% static %}`` addresses resolve: the static URL's path below the document's base."""
    return DOCUMENT_BASE_URL + settings.STATIC_URL.strip("/") + "/"


def render_notice_pdf(context: dict) -> bytes:
    return document_pdf(render_notice_html(context, for_pdf=True))


def pdf_filename(context: dict) -> str:
    number = context["document"]["number"].replace("/", "-")
    return f"{number}.pdf"
