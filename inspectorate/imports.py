"""Bulk import of the company registry from CSV: upsert by NIB, every bad line named."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Company, District

COLUMNS = [
    "nib",
    "name",
    "kbli",
    "address",
    "district_code",
    "workers_total",
    "workers_female",
    "workers_foreign",
    "bpjs_registered",
    "bpjs_participants",
]
REQUIRED_COLUMNS = {"name", "district_code"}
VALUE_FIELDS = [
    "name",
    "kbli",
    "address",
    "district_id",
    "workers_total",
    "workers_female",
    "workers_foreign",
    "bpjs_registered",
    "bpjs_participants",
]
TRUE_WORDS = {"1", "true", "yes", "ya", "y", "registered", "terdaftar"}
FALSE_WORDS = {"", "0", "false", "no", "tidak", "n", "t", "not registered", "belum"}
BATCH = 1000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowError(ValueError):
    pass


def _int(row: dict, name: str) -> int:
    raw = (row.get(name) or "").strip().replace(".", "").replace(",", "")
    if raw == "":
        return 0
    if not raw.isdigit():
        raise RowError(_("%(column)s must be a whole number, not “%(value)s”") % {"column": name, "value": raw})
    return int(raw)


def _bool(row: dict, name: str) -> bool:
    raw = (row.get(name) or "").strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise RowError(_("%(column)s must be yes or no, not “%(value)s”") % {"column": name, "value": raw})


def _parse_row(row: dict, districts: dict[str, int]) -> dict:
    if any("\udc80" <= ch <= "\udcff" for value in row.values() if isinstance(value, str) for ch in value):
        raise RowError(_("the line is not valid UTF-8 text"))
    if None in row:
        raise RowError(_("the line has more values than the header"))
    name = (row.get("name") or "").strip()
    if not name:
        raise RowError(_("the company name is missing"))
    code = (row.get("district_code") or "").strip()
    if code not in districts:
        raise RowError(_("unknown district code “%(code)s”") % {"code": code})
    values = {
        "nib": (row.get("nib") or "").strip(),
        "name": name[:255],
        "kbli": (row.get("kbli") or "").strip(),
        "address": (row.get("address") or "").strip()[:300],
        "district_id": districts[code],
        "workers_total": _int(row, "workers_total"),
        "workers_female": _int(row, "workers_female"),
        "workers_foreign": _int(row, "workers_foreign"),
        "bpjs_registered": _bool(row, "bpjs_registered"),
        "bpjs_participants": _int(row, "bpjs_participants"),
    }
    company = Company(**values)
    try:
        company.clean_fields(exclude=["district"])
    except ValidationError as exc:
        raise RowError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
    if values["workers_female"] > values["workers_total"] or values["workers_foreign"] > values["workers_total"]:
        raise RowError(_("female or foreign workers exceed the total"))
    if values["bpjs_participants"] and not values["bpjs_registered"]:
        raise RowError(_("BPJS participants given for a company that is not registered"))
    return values


def company_import(
    source: bytes,
    *,
    progress: Callable[[int, int], None] | None = None,
    finish: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Upsert companies from CSV bytes. Good rows are saved in one transaction; bad rows are listed.

    ``progress(rows_read, rows_total)`` is called while reading; ``finish(result)`` inside the
    transaction that writes the companies, so a record of the import commits with them.
    """
    result = ImportResult()
    text = source.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        result.errors.append((1, _("missing columns: %(columns)s") % {"columns": ", ".join(sorted(missing))}))
        return result
    reader.fieldnames = header
    total_lines = max(text.count("\n") - 1, 1)

    districts = dict(District.objects.values_list("code", "id"))
    by_nib = {c.nib: c for c in Company.objects.exclude(nib="").only("id", "nib", *VALUE_FIELDS)}
    by_name = {
        (c.name.lower(), c.district_id): c for c in Company.objects.filter(nib="").only("id", "nib", *VALUE_FIELDS)
    }
    seen: dict[str, int] = {}
    to_create: list[Company] = []
    to_update: list[Company] = []

    index = 0
    for index, row in enumerate(reader, start=1):
        line = reader.line_num
        try:
            values = _parse_row(row, districts)
        except RowError as exc:
            result.errors.append((line, str(exc)))
            continue
        nib = values["nib"]
        key = nib or f"{values['name'].lower()}|{values['district_id']}"
        if key in seen:
            what = _("NIB %(nib)s") % {"nib": nib} if nib else _("the company “%(name)s”") % {"name": values["name"]}
            result.errors.append(
                (line, _("%(what)s already appears on line %(line)d") % {"what": what, "line": seen[key]})
            )
            continue
        seen[key] = line
        existing = by_nib.get(nib) if nib else by_name.get((values["name"].lower(), values["district_id"]))
        if existing is None:
            to_create.append(Company(**values))
        elif any(getattr(existing, f) != values[f] for f in VALUE_FIELDS):
            for f in VALUE_FIELDS:
                setattr(existing, f, values[f])
            to_update.append(existing)
        else:
            result.unchanged += 1
        if progress and index % BATCH == 0:
            progress(index, total_lines)

    if progress:
        progress(index, max(index, total_lines))
    result.created = len(to_create)
    result.updated = len(to_update)
    with transaction.atomic():
        Company.objects.bulk_create(to_create, batch_size=BATCH)
        Company.objects.bulk_update(to_update, VALUE_FIELDS, batch_size=BATCH)
        if finish:
            finish(result)
    return result
