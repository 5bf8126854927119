"""Reading an import file (CSV or XLSX) into lines of named values, and the columns of each kind."""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import RecordKind

COMPLAINT_COLUMNS = [
    "external_reference",
    "received_at",
    "channel",
    "company_nib",
    "company_name",
    "district_code",
    "categories",
    "description",
    "workers_affected",
    "status",
    "outcome",
    "resolved_at",
    "amount_claimed",
    "amount_recovered",
    "inspector_nip",
]
VISIT_COLUMNS = [
    "external_reference",
    "kind",
    "company_nib",
    "company_name",
    "district_code",
    "lead_nip",
    "team_nips",
    "visit_date",
    "visit_time",
    "status",
    "summary",
    "workers_present",
    "findings",
]
COLUMNS = {RecordKind.COMPLAINT: COMPLAINT_COLUMNS, RecordKind.VISIT: VISIT_COLUMNS}
REQUIRED = {
    RecordKind.COMPLAINT: {"external_reference", "received_at", "channel", "categories", "status"},
    RecordKind.VISIT: {"external_reference", "kind", "lead_nip", "visit_date", "status"},
}
# XLSX sheet names (either language) → kind.
SHEETS = {
    "complaints": RecordKind.COMPLAINT,
    "pengaduan": RecordKind.COMPLAINT,
    "visits": RecordKind.VISIT,
    "pemeriksaan": RecordKind.VISIT,
}
MAX_BYTES = 10 * 1024 * 1024

# One example line per kind, for the downloadable templates.
EXAMPLES = {
    RecordKind.COMPLAINT: {
        "external_reference": "OLD-2026-0001",
        "received_at": "2026-01-14 10:00",
        "channel": "letter",
        "company_nib": "",
        "company_name": "PT Contoh Sejahtera",
        "district_code": "6371",
        "categories": "wages;working_time",
        "description": "Upah Desember belum dibayar",
        "workers_affected": "3",
        "status": "resolved",
        "outcome": "settled",
        "resolved_at": "2026-02-20 15:30",
        "amount_claimed": "4500000",
        "amount_recovered": "4500000",
        "inspector_nip": "198001012005011001",
    },
    RecordKind.VISIT: {
        "external_reference": "OLD-V-2026-0001",
        "kind": "routine",
        "company_nib": "9120001234567",
        "company_name": "",
        "district_code": "",
        "lead_nip": "198001012005011001",
        "team_nips": "198502022010012002",
        "visit_date": "2026-03-05",
        "visit_time": "09:30",
        "status": "reported",
        "summary": "Pemeriksaan rutin",
        "workers_present": "40",
        "findings": "UU 24/2011 ps. 15",
    },
}


class FileError(ValueError):
    """The file as a whole cannot be read (not a line of it)."""


@dataclass
class Sheet:
    kind: str
    name: str
    # (line number as the user sees it, {column: value}); values are str or, from XLSX, date/time/number.
    lines: list[tuple[int, dict]]


def kind_from_header(header: list[str]) -> str | None:
    names = set(header)
    if "received_at" in names:
        return RecordKind.COMPLAINT
    if "visit_date" in names:
        return RecordKind.VISIT
    return None


def _check_header(kind: str, header: list[str], sheet: str) -> None:
    missing = REQUIRED[kind] - set(header)
    if missing:
        raise FileError(
            _("%(sheet)s: missing columns: %(columns)s") % {"sheet": sheet, "columns": ", ".join(sorted(missing))}
        )


def _read_csv(data: bytes, kind: str | None) -> list[Sheet]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") and "\t" not in sample else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise FileError(_("The file is empty."))
    header = [h.strip().lower() for h in rows[0]]
    kind = kind or kind_from_header(header)
    if kind is None:
        raise FileError(_("The header names neither complaints (received_at) nor visits (visit_date)."))
    _check_header(kind, header, _("CSV"))
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = dict(zip(header, row, strict=False))
        if len(row) > len(header):
            values[None] = row[len(header) :]
        lines.append((number, values))
    return [Sheet(kind=kind, name="CSV", lines=lines)]


def _read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise FileError(_("The file is not a readable XLSX workbook.")) from exc
    sheets = []
    for ws in book.worksheets:
        rows = ws.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            continue
        header = [str(h or "").strip().lower() for h in header_row]
        kind = SHEETS.get(ws.title.strip().lower()) or kind_from_header(header)
        if kind is None:
            continue
        _check_header(kind, header, ws.title)
        lines = []
        for number, row in enumerate(rows, start=2):
            if not any(cell not in (None, "") for cell in row):
                continue
            lines.append((number, {name: value for name, value in zip(header, row, strict=False) if name}))
        sheets.append(Sheet(kind=kind, name=ws.title, lines=lines))
    book.close()
    if not sheets:
        raise FileError(_("No sheet named “complaints” or “visits” was found in the workbook."))
    return sheets


def read_file(data: bytes, name: str, kind: str | None = None) -> list[Sheet]:
    """The sheets of a CSV (one kind, from ``kind`` or its header) or XLSX file (one sheet per kind)."""
    if len(data) > MAX_BYTES:
        raise FileError(_("The file is larger than 10 MB; split it."))
    if not data:
        raise FileError(_("The file is empty."))
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    return _read_csv(data, kind)


def template_csv(kind: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[kind], lineterminator="\n")
    writer.writeheader()
    writer.writerow(EXAMPLES[kind])
    return out.getvalue()


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet_name, kind in (("complaints", RecordKind.COMPLAINT), ("visits", RecordKind.VISIT)):
        ws = book.create_sheet(sheet_name)
        ws.append(COLUMNS[kind])
        ws.append([EXAMPLES[kind][c] for c in COLUMNS[kind]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value).strip()
