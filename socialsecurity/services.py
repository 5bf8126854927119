"""Writes of the socialsecurity app: imports, flags, reference figures and the sanction ladder.

Every service is keyword-only and one transaction; scope is re-checked through ``access.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from deadlines.choices import Subject, Unit
from deadlines.services import rule_for
from deadlines.workdays import WorkingCalendar, due, expiry_instant
from inspections.choices import InspectionStatus
from inspections.models import Inspection
from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company, District, Office, Staff
from inspectorate.queries import bulk_insert, latest_per
from inspectorate.services import next_in_sequence, reference_create, reference_update
from inspectorate.storage import save_file
from notifications.services import notify

from .choices import NEXT_LEVEL, TIMED_LEVELS, ImportState, Level, SanctionState
from .definitions import PROGRAMME_CODES, Facts, company_flags
from .models import (
    BpjsImport,
    Flag,
    InformalParticipation,
    MinimumWage,
    Participation,
    Sanction,
    SanctionEvent,
    WorkforceEstimate,
)
from .signals import flags_changed

COLUMNS = ("nib", "npp", "registered_on", "participants", "programmes", "wage_base", "segment", "district")
REQUIRED_COLUMNS = ("nib", "npp", "participants")
MAX_FILE_BYTES = 50 * 1024 * 1024
BATCH = 10000
PROGRESS_EVERY = 5000
CHUNK = 5000


# ---------------------------------------------------------------------------------------------
# import


def _is_writer_of(actor, office: Office) -> bool:
    return access.is_admin(actor) or (actor.role == Role.OFFICE_HEAD and actor.office_id == office.pk)


@transaction.atomic
def import_create(*, actor, office: Office, upload, as_of: dt.date, source: str) -> tuple[BpjsImport, bool]:
    """Record an uploaded BPJS file for ``office`` (its head or an admin); ``(import, created)``.

    The same file (by content) for the same office is the import it was the first time: nothing is
    recorded again and nothing changes.
    """
    office = access.get_for_user(Office.objects.all(), actor, "change", pk=office.pk)
    if not _is_writer_of(actor, office):
        raise PermissionDenied(_("Only the office head or an administrator imports BPJS files."))
    name, content = _read_upload(upload, "bpjs.csv")
    if not source.strip():
        raise ValidationError({"source": _("Say where the figures come from.")})
    digest = hashlib.sha256(content).hexdigest()
    existing = BpjsImport.objects.filter(office=office, content_hash=digest).first()
    if existing is not None:
        return existing, False
    imp = BpjsImport(
        office=office, original_name=name, content_hash=digest, as_of=as_of, source=source.strip(), uploaded_by=actor
    )
    save_file(imp.file, name, ContentFile(content))
    imp.save()
    audit_record(action=Action.CREATE, actor=actor, obj=imp, fields=["file", "as_of", "source"])
    return imp, True


def read_rows(name: str, content: bytes, required: Iterable[str]) -> Iterable[tuple[int, dict | None, str]]:
    """``(line number, row, error)`` per data line of a CSV or XLSX file (by its name) with these columns.

    A header without a required column is one error for line 1 and no rows.
    """
    reader = _rows_from_xlsx if name.lower().endswith(".xlsx") else _rows_from_csv
    return reader(content, tuple(required))


def _read_upload(upload, default_name: str) -> tuple[str, bytes]:
    """An uploaded file's name and bytes: a CSV or XLSX file of at most 50 MB, or a ValidationError."""
    name = (getattr(upload, "name", "") or default_name)[-200:]
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError({"file": _("Upload a CSV or XLSX file.")})
    content = upload.read()
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 50 MB.")})
    return name, content


def _rows_from_csv(content: bytes, required: tuple[str, ...]) -> Iterable[tuple[int, dict | None, str]]:
    """``(line number, row, error)`` per data line; a line that is not UTF-8 is named, not guessed."""
    lines = content.splitlines()
    if not lines:
        return
    try:
        header_text = lines[0].decode("utf-8-sig")
    except UnicodeDecodeError:
        yield 1, None, _("The header line is not UTF-8.")
        return
    header = [h.strip().lower() for h in next(csv.reader([header_text]))]
    missing = [c for c in required if c not in header]
    if missing:
        yield 1, None, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}
        return
    for number, raw in enumerate(lines[1:], start=2):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None, _("The line is not UTF-8 text.")
            continue
        if not text.strip():
            continue
        values = next(csv.reader([text]))
        yield number, dict(zip(header, (v.strip() for v in values), strict=False)), ""


def _rows_from_xlsx(content: bytes, required: tuple[str, ...]) -> Iterable[tuple[int, dict | None, str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception:  # noqa: BLE001 - any unreadable workbook is one error for the whole file
        yield 1, None, _("The file is not a readable XLSX workbook.")
        return
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(rows, ())]
    missing = [c for c in required if c not in header]
    if missing:
        yield 1, None, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}
        return
    for number, values in enumerate(rows, start=2):
        if all(v in (None, "") for v in values):
            continue
        row = {}
        for name, value in zip(header, values, strict=False):
            if isinstance(value, dt.datetime):
                value = value.date().isoformat()
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            row[name] = "" if value is None else str(value).strip()
        yield number, row, ""


def _parse_programmes(text: str) -> tuple[list[str], list[str]]:
    codes = [c.strip().upper() for c in text.replace(",", ";").replace(" ", ";").split(";") if c.strip()]
    return [c for c in codes if c in PROGRAMME_CODES], [c for c in codes if c not in PROGRAMME_CODES]


def _progress(imp: BpjsImport, **fields) -> None:
    BpjsImport.objects.filter(pk=imp.pk).update(**fields)


def import_run(*, import_id: int) -> BpjsImport:
    """Read an import's file, name every bad line, and write the good ones as snapshots (one transaction).

    Matched by NIB, or by NPP (an NPP already on one of the office's companies). Progress is written
    while the file is read; the snapshots, the companies' current figures and the office's flags are
    written together at the end, so a failure leaves nothing half done.
    """
    imp = BpjsImport.objects.select_related("office").get(pk=import_id)
    if imp.state not in (ImportState.PENDING, ImportState.FAILED):
        return imp  # done (or running elsewhere): a second run changes nothing
    claimed = BpjsImport.objects.filter(pk=imp.pk, state__in=[ImportState.PENDING, ImportState.FAILED]).update(
        state=ImportState.RUNNING
    )
    if not claimed:
        return imp
    try:
        with imp.file.open("rb") as handle:
            content = handle.read()
        with translation.override(settings.LANGUAGE_CODE):  # the stored report, in the site's language
            rows = list(read_rows(imp.original_name, content, REQUIRED_COLUMNS))
            _progress(imp, rows_total=len(rows))
            snapshots, informal, errors = _check_rows(imp, rows)
        with transaction.atomic():
            bulk_insert(Participation, snapshots, batch_size=BATCH)
            bulk_insert(InformalParticipation, informal, batch_size=BATCH)
            _sync_companies(imp)
            flags_recompute(office_id=imp.office_id)
            BpjsImport.objects.filter(pk=imp.pk).update(
                state=ImportState.DONE,
                rows_done=len(rows),
                rows_imported=len(snapshots) + len(informal),
                errors=errors,
                finished_at=timezone.now(),
            )
            audit_record(action=Action.UPDATE, actor=None, obj=imp, fields=["snapshots"], extra={"step": "imported"})
    except Exception:
        _progress(imp, state=ImportState.FAILED)
        raise
    imp.refresh_from_db()
    return imp


def _check_rows(imp: BpjsImport, rows) -> tuple[list[dict], list[dict], list[dict]]:
    """The good lines as snapshot rows (``bulk_insert``: field values by attribute name) and the bad ones."""
    companies = Company.objects.filter(district__office_id=imp.office_id)
    by_nib = dict(companies.exclude(nib="").values_list("nib", "pk"))
    # The NPP each company was last imported with, and the company each NPP belongs to.
    latest_npp = latest_per(
        Participation.objects.filter(company__district__office_id=imp.office_id).exclude(npp=""),
        "company_id",
        ("-as_of", "-id"),
    ).values_list("company_id", "npp")
    by_npp = {npp: company_id for company_id, npp in latest_npp}
    districts = dict(District.objects.filter(office_id=imp.office_id).values_list("code", "pk"))
    errors: list[dict] = []
    snapshots: list[dict] = []
    informal: list[dict] = []
    seen_npp: dict[str, int] = {}
    seen_company: dict[int, int] = {}
    seen_district: set[int] = set()

    def bad(line: int, message: str) -> None:
        errors.append({"line": line, "message": message})

    for index, (line, row, error) in enumerate(rows, start=1):
        if index % PROGRESS_EVERY == 0:
            _progress(imp, rows_done=index)
        if error:
            bad(line, error)
            continue
        segment = (row.get("segment") or "PU").upper()
        try:
            participants = int(row.get("participants") or 0)
            if participants < 0:
                raise ValueError
        except ValueError:
            bad(line, _("Participants must be a whole number, not %(value)r.") % {"value": row.get("participants")})
            continue
        if segment == "BPU":
            district_id = districts.get(row.get("district", ""))
            if district_id is None:
                bad(line, _("Unknown district code %(code)r for this office.") % {"code": row.get("district", "")})
            elif district_id in seen_district:
                bad(line, _("District %(code)s appears twice.") % {"code": row.get("district")})
            else:
                seen_district.add(district_id)
                informal.append(
                    {"district_id": district_id, "bpjs_import_id": imp.pk, "participants": participants,
                     "as_of": imp.as_of, "source": imp.source}
                )  # fmt: skip
            continue
        if segment != "PU":
            bad(line, _("Unknown segment %(value)r (PU or BPU).") % {"value": row.get("segment")})
            continue
        nib, npp = row.get("nib", ""), row.get("npp", "")
        if nib:
            company_id = by_nib.get(nib)
            if company_id is None:
                bad(line, _("Unknown NIB %(nib)s: no company of this office has it.") % {"nib": nib})
                continue
        elif npp:
            company_id = by_npp.get(npp)
            if company_id is None:
                bad(line, _("Unknown NPP %(npp)s and no NIB.") % {"npp": npp})
                continue
        else:
            bad(line, _("Neither NIB nor NPP."))
            continue
        if npp and npp in seen_npp:
            bad(line, _("Duplicate NPP %(npp)s (also on line %(other)s).") % {"npp": npp, "other": seen_npp[npp]})
            continue
        if npp and by_npp.get(npp, company_id) != company_id:
            bad(line, _("Duplicate NPP %(npp)s: it belongs to another company.") % {"npp": npp})
            continue
        if company_id in seen_company:
            bad(line, _("The company is also on line %(other)s.") % {"other": seen_company[company_id]})
            continue
        programmes, unknown = _parse_programmes(row.get("programmes", ""))
        if unknown:
            bad(line, _("Unknown programme code %(codes)s (JKK, JKM, JHT, JP, JKP).") % {"codes": ", ".join(unknown)})
            continue
        if participants and not npp:
            bad(line, _("Participants without an NPP."))
            continue
        try:
            registered_on = dt.date.fromisoformat(row["registered_on"]) if row.get("registered_on") else None
        except ValueError:
            bad(line, _("Registration date %(value)r is not YYYY-MM-DD.") % {"value": row.get("registered_on")})
            continue
        try:
            wage = Decimal(row["wage_base"]) if row.get("wage_base") else None
            if wage is not None and (wage < 0 or wage >= Decimal("1e12")):
                raise InvalidOperation
        except InvalidOperation:
            bad(line, _("Wage base %(value)r is not an amount.") % {"value": row.get("wage_base")})
            continue
        if npp:
            seen_npp[npp] = line
        seen_company[company_id] = line
        snapshots.append(
            {"company_id": company_id, "bpjs_import_id": imp.pk, "npp": npp, "registered_on": registered_on,
             "participants": participants, "wage_base": wage, "as_of": imp.as_of, "source": imp.source,
             **{code.lower(): code in programmes for code in PROGRAMME_CODES}}
        )  # fmt: skip
    return snapshots, informal, errors


def _sync_companies(imp: BpjsImport) -> None:
    """Company.bpjs_registered / bpjs_participants: the figure of each company's latest snapshot.

    The snapshots are the history; the two company fields are the current figure (what the company
    page, its API and the older reports read). An older file imported later does not move them. One
    statement on PostgreSQL (DISTINCT ON joined to the companies), whatever the size of the file; a
    company whose figure stays the same is not rewritten (each rewritten row re-enters every index of
    the company table, the name's trigram index too: most of this statement's time).
    """
    sql = """
        UPDATE inspectorate_company AS c
           SET bpjs_participants = s.participants, bpjs_registered = (s.npp <> '')
          FROM (SELECT DISTINCT ON (company_id) company_id, participants, npp
                  FROM socialsecurity_participation
                 WHERE company_id IN (SELECT company_id FROM socialsecurity_participation WHERE bpjs_import_id = %s)
                 ORDER BY company_id, as_of DESC, id DESC) AS s
         WHERE c.id = s.company_id
           AND (c.bpjs_participants, c.bpjs_registered) IS DISTINCT FROM (s.participants, s.npp <> '')
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, [imp.pk])
        return
    # Other databases (the demo's SQLite): the same figures through the ORM.
    touched = Participation.objects.filter(bpjs_import=imp).values("company_id")
    latest = latest_per(Participation.objects.filter(company_id__in=touched), "company_id", ("-as_of", "-id"))
    companies = []
    for company_id, participants, npp in latest.values_list("company_id", "participants", "npp"):
        companies.append(Company(pk=company_id, bpjs_participants=participants, bpjs_registered=npp != ""))
    Company.objects.bulk_update(companies, ["bpjs_participants", "bpjs_registered"], batch_size=1000)


# ---------------------------------------------------------------------------------------------
# flags


def _latest_visits(reported, figure: str) -> dict[int, dict]:
    """Each company's latest of the ``reported`` visits that recorded ``figure``: its reference and the figure."""
    latest = latest_per(reported.filter(**{f"{figure}__isnull": False}), "company_id", ("-visited_at", "-id"))
    return {v["company_id"]: v for v in latest.values("company_id", "reference", figure)}


def _facts(company_ids: list[int] | None = None, *, office_id: int | None = None) -> list[Facts]:
    """The facts of these companies, or of every company of an office (then no list of ids is sent)."""
    if office_id is not None:
        own, of_company = {"district__office_id": office_id}, {"company__district__office_id": office_id}
    else:
        own, of_company = {"pk__in": company_ids}, {"company_id__in": company_ids}
    companies = list(Company.objects.filter(**own).values("pk", "workers_total", "bpjs_registered", "district_id"))
    snaps = {
        s["company_id"]: s
        for s in latest_per(Participation.objects.filter(**of_company), "company_id", ("-as_of", "-id")).values(
            "company_id", "npp", "participants", "wage_base", "as_of", "source", *[c.lower() for c in PROGRAMME_CODES]
        )
    }
    reported = Inspection.objects.filter(**of_company, status__in=[InspectionStatus.REPORTED, InspectionStatus.CLOSED])
    # Each figure from the latest reported visit that recorded it: workers present, and the wage found.
    visits = _latest_visits(reported, "workers_present")
    wage_visits = _latest_visits(reported, "wage_found")
    years = {s["as_of"].year for s in snaps.values()}
    umk = {
        (w["district_id"], w["year"]): w
        for w in MinimumWage.objects.filter(year__in=years).values("district_id", "year", "amount", "decree")
    }
    facts = []
    for c in companies:
        snap = snaps.get(c["pk"])
        visit = visits.get(c["pk"])
        wage_visit = wage_visits.get(c["pk"])
        wage = umk.get((c["district_id"], snap["as_of"].year)) if snap else None
        facts.append(
            Facts(
                company_id=c["pk"],
                workers_registry=c["workers_total"],
                registered_legacy=c["bpjs_registered"],
                npp=snap["npp"] if snap else "",
                snapshot_as_of=snap["as_of"] if snap else None,
                snapshot_source=snap["source"] if snap else "",
                participants=snap["participants"] if snap else 0,
                programmes=tuple(code for code in PROGRAMME_CODES if snap and snap[code.lower()]),
                wage_base=snap["wage_base"] if snap else None,
                visit_reference=visit["reference"] if visit else "",
                workers_visit=visit["workers_present"] if visit else None,
                umk=wage["amount"] if wage else None,
                umk_decree=wage["decree"] if wage else "",
                wage_found=wage_visit["wage_found"] if wage_visit else None,
                wage_visit_reference=wage_visit["reference"] if wage_visit else "",
            )
        )
    return facts


def flags_for_companies(company_ids: Iterable[int]) -> int:
    """Recompute the stored flags of these companies (set-based, in chunks); the number of flags now."""
    ids = sorted(set(company_ids))
    now = timezone.now()
    total = 0
    # Stored sentences are written in the site's language, whoever (a request, a task) computes them.
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(ids), CHUNK):
            total += _flags_chunk(ids[start : start + CHUNK], now)
    flags_changed.send(sender=Flag, company_ids=ids)
    return total


def _flag_rows(facts: list[Facts], now) -> list[dict]:
    return [
        {"company_id": f.company_id, "kind": r.kind, "reason": r.reason, "evidence": r.evidence, "gap": r.gap,
         "computed_at": now}
        for f in facts
        for r in company_flags(f)
    ]  # fmt: skip


def _flags_chunk(chunk: list[int], now) -> int:
    rows = _flag_rows(_facts(chunk), now)
    Flag.objects.filter(company_id__in=chunk).delete()
    bulk_insert(Flag, rows, batch_size=BATCH)
    return len(rows)


@transaction.atomic
def flags_recompute(*, office_id: int) -> int:
    """Every company of an office (a company without a snapshot may be flagged "not registered").

    Set-based over the office: a handful of queries joined on the office, whatever its size (no
    list of company ids sent back and forth), the old flags deleted in one statement and the new
    ones written with COPY.
    """
    with translation.override(settings.LANGUAGE_CODE):  # stored sentences: the site's language
        facts = _facts(office_id=office_id)
        rows = _flag_rows(facts, timezone.now())
        Flag.objects.filter(company__district__office_id=office_id).delete()
        bulk_insert(Flag, rows, batch_size=BATCH)
    flags_changed.send(sender=Flag, company_ids=sorted(f.company_id for f in facts))
    return len(rows)


def flags_after_visit(inspection) -> None:
    """The reported-visit hook (``inspections.hooks``): the visited company's flags, with what was found."""
    flags_for_companies([inspection.company_id])


# ---------------------------------------------------------------------------------------------
# reference figures (admins, /manage/)

MINIMUM_WAGE_FIELDS = ("district", "year", "amount", "decree")
WORKFORCE_FIELDS = ("district", "year", "formal_workers", "informal_workers", "source")


@transaction.atomic
def minimum_wage_create(*, actor, via: str = "", **fields) -> MinimumWage:
    return reference_create(MinimumWage, actor=actor, allowed=MINIMUM_WAGE_FIELDS, fields=fields, via=via)


@transaction.atomic
def minimum_wage_update(*, actor, minimum_wage: MinimumWage, via: str = "", **fields) -> MinimumWage:
    return reference_update(minimum_wage, actor=actor, allowed=MINIMUM_WAGE_FIELDS, fields=fields, via=via)


@transaction.atomic
def workforce_create(*, actor, via: str = "", **fields) -> WorkforceEstimate:
    return reference_create(WorkforceEstimate, actor=actor, allowed=WORKFORCE_FIELDS, fields=fields, via=via)


@transaction.atomic
def workforce_update(*, actor, workforce: WorkforceEstimate, via: str = "", **fields) -> WorkforceEstimate:
    return reference_update(workforce, actor=actor, allowed=WORKFORCE_FIELDS, fields=fields, via=via)


WORKFORCE_COLUMNS = ("district", "year", "formal", "informal", "source")


@dataclass
class WorkforceImport:
    """What a workforce estimates file did: estimates added, changed, already so, and the bad lines."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)


def _whole(row: dict, column: str, low: int = 0, high: int | None = None) -> int:
    value = row.get(column, "")
    try:
        number = int(value)
        if number < low or (high is not None and number > high):
            raise ValueError
    except ValueError:
        raise ValidationError(
            _("Column %(column)s: %(value)r is not a whole number.") % {"column": column, "value": value}
        ) from None
    return number


@transaction.atomic
def workforce_import(*, actor, upload, via: str = "") -> WorkforceImport:
    """Workforce estimates from a CSV or XLSX file (admins): one line per district and year.

    Each good line adds the district's estimate for the year or changes it (through
    ``workforce_create`` / ``workforce_update``: validated, audited); a line equal to what is stored
    changes nothing, so the same file twice changes nothing. Bad lines (unknown district, a number that
    is not whole, no source, a district and year twice) are named with their line number and skipped.
    """
    if not access.is_admin(actor):
        raise PermissionDenied(_("Only an administrator imports workforce estimates."))
    name, content = _read_upload(upload, "workforce.csv")
    rows = list(read_rows(name, content, WORKFORCE_COLUMNS))
    if not rows:
        raise ValidationError({"file": _("The file has no lines.")})
    districts = {d.code: d for d in District.objects.all()}
    stored = {(w.district_id, w.year): w for w in WorkforceEstimate.objects.all()}
    result = WorkforceImport()
    seen: dict[tuple[int, int], int] = {}
    for line, row, error in rows:
        try:
            if error:
                raise ValidationError(error)
            district = districts.get(row.get("district", ""))
            if district is None:
                raise ValidationError(_("Unknown district code %(code)r.") % {"code": row.get("district", "")})
            year = _whole(row, "year", 2000, 2100)
            fields = {
                "district": district,
                "year": year,
                "formal_workers": _whole(row, "formal"),
                "informal_workers": _whole(row, "informal"),
                "source": row.get("source", ""),
            }
            if not fields["source"]:
                raise ValidationError(_("Say where the figures come from (the source column)."))
            key = (district.pk, year)
            if key in seen:
                raise ValidationError(
                    _("District %(code)s and year %(year)s are also on line %(other)s.")
                    % {"code": district.code, "year": year, "other": seen[key]}
                )
            seen[key] = line
            current = stored.get(key)
            if current is None:
                stored[key] = workforce_create(actor=actor, via=via or "import", **fields)
                result.created += 1
            elif all(getattr(current, k) == v for k, v in fields.items()):
                result.unchanged += 1
            else:
                stored[key] = workforce_update(actor=actor, workforce=current, via=via or "import", **fields)
                result.updated += 1
        except ValidationError as exc:
            result.errors.append({"line": line, "message": " ".join(exc.messages)})
    return result


# ---------------------------------------------------------------------------------------------
# the sanction ladder (PP 86/2013)


def _event(sanction: Sanction, action: str, *, actor=None, note: str = "", at=None) -> None:
    SanctionEvent.objects.create(
        sanction=sanction, action=action, actor=actor if getattr(actor, "pk", None) else None, note=note,
        at=at or timezone.now(),
    )  # fmt: skip


def _heads(office_id: int) -> list[Staff]:
    return list(Staff.objects.filter(office_id=office_id, role=Role.OFFICE_HEAD, is_active=True))


def _require_head(actor, office_id: int) -> None:
    if not (access.is_admin(actor) or (actor.role == Role.OFFICE_HEAD and actor.office_id == office_id)):
        raise PermissionDenied(_("Only the office head issues BPJS sanctions."))


def _grounds(company_id: int) -> str:
    return "\n".join(Flag.objects.filter(company_id=company_id).order_by("kind").values_list("reason", flat=True))


@transaction.atomic
def sanction_start(*, actor, company: Company, grounds: str = "") -> Sanction:
    """Issue written warning I to a company (the head of its office): the ladder's first step."""
    company = access.get_for_user(
        Company.objects.select_for_update(of=("self",)).select_related("district__office"), actor, "change",
        pk=company.pk,
    )  # fmt: skip
    office = company.district.office
    if office is None:
        raise ValidationError(_("The company's district has no serving office."))
    _require_head(actor, office.pk)
    running = Sanction.objects.filter(company=company).exclude(
        state__in=[SanctionState.COMPLIED, SanctionState.DISCARDED]
    )
    if running.exists():
        raise ValidationError(_("A sanction ladder is already running for this company."))
    grounds = grounds.strip() or _grounds(company.pk)
    if not grounds:
        raise ValidationError({"grounds": _("Say why: the company has no BPJS flag.")})
    sanction = Sanction.objects.create(office=office, company=company, level=Level.WARNING_1, grounds=grounds)
    _event(sanction, "drafted", actor=actor)
    return _issue(sanction, actor)


def _issue(sanction: Sanction, actor) -> Sanction:
    office = sanction.office
    today = timezone.localdate(timezone=office.zone)
    year = today.year
    number = next_in_sequence(f"bpjs-sanction:{office.code}:{year}")
    prefix = {Level.WARNING_1: "SP1", Level.WARNING_2: "SP2", Level.FINE: "RDA", Level.TMP2T: "TMP2T"}[sanction.level]
    sanction.number = f"{prefix}-BPJS-{office.code}-{year}-{number:04d}"
    sanction.state = SanctionState.ISSUED
    sanction.issued_on = today
    sanction.issued_by = actor
    if sanction.level in TIMED_LEVELS:
        rule = rule_for(Subject.BPJS_WARNING, office.pk)
        duration, unit, calendar = (
            (rule.duration, rule.unit, rule.calendar) if rule else (10, Unit.WORKING_DAYS, "statutory")
        )
        end = due(today, duration, unit, WorkingCalendar(calendar, office.region_id))
        sanction.due_on = end
        sanction.due_at = expiry_instant(end, office.zone)
    sanction.save()
    _event(sanction, "issued", actor=actor, note=sanction.number)
    audit_record(
        action=Action.TRANSITION, actor=actor, obj=sanction, fields=["state", "number"], extra={"step": "issued"}
    )
    return sanction


def _lock(sanction: Sanction, actor) -> Sanction:
    return access.get_for_user(
        Sanction.objects.select_for_update(of=("self",)).select_related("office", "company"), actor, "change",
        pk=sanction.pk,
    )  # fmt: skip


@transaction.atomic
def sanction_issue(*, actor, sanction: Sanction) -> Sanction:
    """Issue a drafted next step (the head): numbered, dated, its period started."""
    sanction = _lock(sanction, actor)
    _require_head(actor, sanction.office_id)
    if sanction.state != SanctionState.DRAFT:
        raise ValidationError(_("Only a draft is issued."))
    return _issue(sanction, actor)


@transaction.atomic
def sanction_comply(*, actor, sanction: Sanction, note: str = "") -> Sanction:
    """The company registered its workers: the ladder stops here (the head)."""
    sanction = _lock(sanction, actor)
    _require_head(actor, sanction.office_id)
    if sanction.state not in (SanctionState.ISSUED, SanctionState.EXPIRED, SanctionState.DRAFT):
        raise ValidationError(_("This step is already closed."))
    sanction.state = SanctionState.COMPLIED if sanction.state != SanctionState.DRAFT else SanctionState.DISCARDED
    sanction.save(update_fields=["state"])
    _event(sanction, sanction.state, actor=actor, note=note)
    audit_record(action=Action.TRANSITION, actor=actor, obj=sanction, fields=["state"], extra={"step": sanction.state})
    if sanction.previous_id and sanction.state == SanctionState.DISCARDED:
        previous = Sanction.objects.select_for_update().get(pk=sanction.previous_id)
        previous.state = SanctionState.COMPLIED
        previous.save(update_fields=["state"])
        _event(previous, "complied", actor=actor, note=note)
    return sanction


def _expire(sanction: Sanction, now: dt.datetime) -> int:
    sanction.state = SanctionState.EXPIRED
    sanction.reminded_at = now
    sanction.save(update_fields=["state", "reminded_at"])
    _event(sanction, "expired", at=now)
    following = None
    next_level = NEXT_LEVEL.get(sanction.level)
    if next_level:
        following = Sanction.objects.create(
            office_id=sanction.office_id, company_id=sanction.company_id, level=next_level, previous=sanction,
            grounds=sanction.grounds, created_at=now,
        )  # fmt: skip
        _event(following, "drafted", at=now)
    recipients = [r for r in [sanction.issued_by, *_heads(sanction.office_id)] if r is not None]
    return len(
        notify(
            recipients=list(dict.fromkeys(recipients)),
            event="bpjs.warning_expired",
            key=f"bpjs-sanction-expired:{sanction.pk}:{sanction.due_on}",
            target=following or sanction,
            params={
                "number": sanction.number,
                "company": sanction.company.name,
                "due": sanction.due_on.isoformat() if sanction.due_on else "",
                "next": str(following.get_level_display()) if following else "",
            },
        )
    )


def office_scan(*, office_id: int, now: dt.datetime | None = None) -> dict:
    """Written warnings whose period has passed: marked, reminded once, and the next step drafted.

    The period ends at the end of its due day in the office's zone (``deadlines.workdays.expiry_instant``).
    Each warning moves in its own transaction on a locked row, so the scan can run any number of times.
    """
    now = now or timezone.now()
    counts = {"expired": 0, "notified": 0}
    ids = list(
        Sanction.objects.filter(
            office_id=office_id, state=SanctionState.ISSUED, level__in=TIMED_LEVELS, due_at__lte=now
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            sanction = (
                Sanction.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("company", "issued_by")
                .filter(pk=pk, state=SanctionState.ISSUED)
                .first()
            )
            if sanction is None:
                continue
            counts["notified"] += _expire(sanction, now)
            counts["expired"] += 1
    return counts


def sanctions_by_company(company_ids: Iterable[int]) -> dict[int, list[Sanction]]:
    out: dict[int, list[Sanction]] = defaultdict(list)
    for s in Sanction.objects.filter(company_id__in=list(company_ids)).order_by("created_at", "id"):
        out[s.company_id].append(s)
    return out
