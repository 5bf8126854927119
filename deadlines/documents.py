"""The laporan ketidakpatuhan as a printable page and a PDF (Indonesian legal letter format).

Like the Nota (inspections.documents), the template receives plain values only.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from inspections.documents import document_pdf
from inspections.models import Notice

from .models import NonComplianceReport

REPORT_TEMPLATE = "deadlines/report_document.html"


def _nota(notice: Notice) -> dict:
    delivery = getattr(notice, "delivery", None) if hasattr(notice, "delivery") else None
    return {
        "number": notice.number,
        "level": notice.level,
        "issued_on": notice.issued_on,
        "received_on": delivery.received_on if delivery else None,
        "compliance_deadline": notice.compliance_deadline,
        "status": notice.get_status_display(),
    }


def report_context(report: NonComplianceReport) -> dict:
    second = report.notice
    history = [_nota(second.previous), _nota(second)] if second.previous_id else [_nota(second)]
    findings = sorted((f for f in second.findings.all() if f.status == "open"), key=lambda f: f.pk)
    office = report.office
    return {
        "report": {
            "number": report.number,
            "draft": report.status == "draft",
            "issued_on": report.issued_on or timezone.localdate(timezone=office.zone),
            "decision": report.get_decision_display() if report.decision else "",
            "decision_code": report.decision,
            "sanction": report.get_sanction_display() if report.sanction else "",
            "note": report.note,
            "signatory": str(report.decided_by) if report.decided_by else "",
            "signatory_nip": report.decided_by.nip if report.decided_by else "",
        },
        "office": {"name": office.name, "address": office.address, "region": office.region.name},
        "company": {"name": second.company.name, "address": second.company.address, "nib": second.company.nib},
        "history": history,
        "findings": [
            {"provision": str(f.provision), "description": f.description, "corrective_action": f.corrective_action}
            for f in findings
        ],
    }


def render_report_html(context: dict, *, for_pdf: bool = False) -> str:
    return render_to_string(REPORT_TEMPLATE, {"doc": context, "for_pdf": for_pdf})


def render_report_pdf(context: dict) -> bytes:
    return document_pdf(render_report_html(context, for_pdf=True))


def report_filename(context: dict) -> str:
    return (context["report"]["number"] or "draft").replace("/", "-") + ".pdf"
