"""Bringing an office's history in, and taking one import back out.

``history_import_run`` reads a CSV or XLSX file, checks every line against the same rules as live
data (the complaint and visit services it calls: step maps, offices, inspectors, times), imports
the good lines and reports each bad one with its line number and reason. All of it is one
transaction and each line its own savepoint, so a line is imported whole or not at all and a
failure leaves nothing behind. An external reference is imported once per office and kind, so a
second run of the same file changes nothing.

``history_import_rollback`` removes everything one import created, as long as nothing else
refers to it (worked on since, a visit planned from it, a notice, a duplicate...).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.services import record as audit_record
from complaints import services as complaint_services
from complaints.models import Category, Complaint, ComplaintEvent
from inspections import services as inspection_services
from inspections.models import ChangeRecord, Finding, Inspection, LegalProvision
from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company, District, Office, Staff
from rollups.services import complaints_changing, visits_changing

from .models import BatchStatus, HistoryImport, ImportedRecord, RecordKind
from .reading import FileError, Sheet, as_text, read_file


class RowError(ValueError):
    """One line cannot be imported; the message says why."""


class DryRun(Exception):  # noqa: N818 (control flow: roll the check back)
    pass


def may_import(actor, office: Office) -> bool:
    """Admins, and the office head of the office."""
    if access.is_admin(actor):
        return True
    return bool(
        actor.is_authenticated and actor.is_active and actor.role == Role.OFFICE_HEAD and actor.office_id == office.pk
    )


def _require(actor, office: Office) -> None:
    if not may_import(actor, office):
        raise PermissionDenied(_("Only an administrator or the office head imports this office's history."))


# --- reading values -------------------------------------------------------------------------

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")
LIST_SPLIT = re.compile(r"[;|\n]")


def _text(values: dict, name: str) -> str:
    return as_text(values.get(name))


def _date(raw, column: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = as_text(raw)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(_("%(column)s must be a date like 2026-01-31, not “%(value)s”") % {"column": column, "value": text})


def _time(raw, column: str) -> dt.time:
    if isinstance(raw, dt.time):
        return raw
    if isinstance(raw, dt.datetime):
        return raw.time()
    text = as_text(raw)
    for fmt in TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise RowError(_("%(column)s must be a time like 09:30, not “%(value)s”") % {"column": column, "value": text})


def local_datetime(raw, column: str, zone) -> dt.datetime:
    """A date and time written in the office's zone (a date alone is its midnight) as an aware instant."""
    if isinstance(raw, dt.datetime):
        return raw.replace(tzinfo=zone) if raw.tzinfo is None else raw
    text = as_text(raw).replace("T", " ")
    day_text, _sep, time_text = text.partition(" ")
    day = _date(day_text, column)
    moment = _time(time_text.strip(), column) if time_text.strip() else dt.time(0, 0)
    return dt.datetime.combine(day, moment, tzinfo=zone)


def _int(raw, column: str, default: int | None = None) -> int | None:
    text = as_text(raw).replace(".", "").replace(",", "").replace(" ", "")
    if text == "":
        return default
    if not text.isdigit():
        raise RowError(_("%(column)s must be a whole number, not “%(value)s”") % {"column": column, "value": text})
    return int(text)


def _amount(raw, column: str) -> Decimal | None:
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        try:
            return Decimal(str(raw)).quantize(Decimal(1))
        except InvalidOperation:
            pass
    text = as_text(raw).replace("Rp", "").replace(".", "").replace(",", "").replace(" ", "")
    if text == "":
        return None
    if not text.isdigit():
        raise RowError(_("%(column)s must be an amount in rupiah, not “%(value)s”") % {"column": column, "value": text})
    return Decimal(text)


def _codes(raw) -> list[str]:
    return [part.strip() for part in LIST_SPLIT.split(as_text(raw).replace(",", ";")) if part.strip()]


def _choice(raw) -> str:
    return as_text(raw).lower().replace(" ", "_").replace("-", "_")


# --- what a file refers to, read once -------------------------------------------------------


@dataclass
class Lookups:
    office: Office
    districts: dict[str, District]
    by_nib: dict[str, Company]
    by_name: dict[tuple[str, int], Company]
    staff: dict[str, Staff]
    categories: dict[str, Category]
    provisions: dict[str, LegalProvision]
    imported: set[tuple[str, str]]

    @classmethod
    def build(cls, office: Office, sheets: list[Sheet]) -> Lookups:
        nibs, names, codes, nips = set(), set(), set(), set()
        for sheet in sheets:
            for _line, values in sheet.lines:
                nibs.add(_text(values, "company_nib"))
                names.add(_text(values, "company_name").lower())
                codes.add(_text(values, "district_code"))
                nips.update(
                    [_text(values, "inspector_nip"), _text(values, "lead_nip"), *_codes(values.get("team_nips"))]
                )
        nibs.discard("")
        names.discard("")
        nips.discard("")
        companies = Company.objects.select_related("district")
        return cls(
            office=office,
            districts={d.code: d for d in District.objects.filter(code__in=codes)},
            by_nib={c.nib: c for c in companies.filter(nib__in=nibs)},
            by_name={
                (c.name.lower(), c.district_id): c
                for c in companies.annotate(lower=Lower("name")).filter(lower__in=names, district__office=office)
            },
            staff={s.nip: s for s in Staff.objects.filter(nip__in=nips)},
            categories={c.code: c for c in Category.objects.all()},
            provisions={f"{p.act} {p.article}".lower(): p for p in LegalProvision.objects.all()},
            imported=set(
                ImportedRecord.objects.filter(office=office).values_list("kind", "external_reference").iterator()
            ),
        )

    def company(self, values: dict, *, required: bool) -> tuple[Company | None, District | None, str]:
        nib = _text(values, "company_nib")
        name = _text(values, "company_name")
        code = _text(values, "district_code")
        district = None
        if code:
            district = self.districts.get(code)
            if district is None:
                raise RowError(_("unknown district code “%(code)s”") % {"code": code})
        if nib:
            company = self.by_nib.get(nib)
            if company is None:
                raise RowError(_("no company with NIB %(nib)s in the registry") % {"nib": nib})
            return company, district, ""
        if not name:
            raise RowError(_("give the company's NIB, or its name and district code"))
        if district is None:
            raise RowError(_("give the district code of the company “%(name)s”") % {"name": name})
        company = self.by_name.get((name.lower(), district.pk))
        if company is None and required:
            raise RowError(
                _("“%(name)s” is not in the company registry of %(district)s; import the company first")
                % {"name": name, "district": district.name}
            )
        return company, district, name

    def person(self, nip: str, column: str) -> Staff:
        staff = self.staff.get(nip)
        if staff is None:
            raise RowError(_("%(column)s: no staff member has NIP %(nip)s") % {"column": column, "nip": nip})
        return staff


def _complaint_fields(values: dict, look: Lookups) -> dict:
    zone = look.office.zone
    company, district, name = look.company(values, required=False)
    codes = _codes(values.get("categories"))
    unknown = [c for c in codes if c not in look.categories]
    if unknown:
        raise RowError(_("unknown categories: %(codes)s") % {"codes": ", ".join(unknown)})
    description = _text(values, "description") or _("Imported from the office's earlier records.")
    resolved_raw = values.get("resolved_at")
    nip = _text(values, "inspector_nip")
    return {
        "channel": _choice(values.get("channel")),
        "received_at": local_datetime(values.get("received_at"), "received_at", zone),
        "company": company,
        "reported_company_name": name,
        "district": district,
        "categories": [look.categories[c] for c in codes],
        "description": description,
        "workers_affected": _int(values.get("workers_affected"), "workers_affected", default=1),
        "status": _choice(values.get("status")),
        "outcome": _choice(values.get("outcome")),
        "resolved_at": local_datetime(resolved_raw, "resolved_at", zone) if as_text(resolved_raw) else None,
        "amount_claimed": _amount(values.get("amount_claimed"), "amount_claimed"),
        "amount_recovered": _amount(values.get("amount_recovered"), "amount_recovered"),
        "inspector": look.person(nip, "inspector_nip") if nip else None,
    }


def _visit_fields(values: dict, look: Lookups) -> dict:
    company, _district, _name = look.company(values, required=True)
    day = _date(values.get("visit_date"), "visit_date")
    time_raw = values.get("visit_time")
    moment = _time(time_raw, "visit_time") if as_text(time_raw) else dt.time(9, 0)
    codes = [c.lower() for c in LIST_SPLIT.split(as_text(values.get("findings"))) if c.strip()]
    codes = [c.strip() for c in codes]
    unknown = [c for c in codes if c not in look.provisions]
    if unknown:
        raise RowError(_("unknown legal provisions: %(codes)s") % {"codes": ", ".join(unknown)})
    return {
        "company": company,
        "kind": _choice(values.get("kind")),
        "lead": look.person(_text(values, "lead_nip"), "lead_nip"),
        "team": [look.person(nip, "team_nips") for nip in _codes(values.get("team_nips"))],
        "status": _choice(values.get("status")),
        "visit_date": day,
        "visited_at": dt.datetime.combine(day, moment, tzinfo=look.office.zone),
        "summary": _text(values, "summary"),
        "workers_present": _int(values.get("workers_present"), "workers_present"),
        "provisions": [look.provisions[c] for c in codes],
    }


def _messages(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# --- the import -----------------------------------------------------------------------------


@dataclass
class Report:
    """What a run did; ``batch`` is None for a check (``dry_run``)."""

    batch: HistoryImport | None
    rows_read: int = 0
    complaints_created: int = 0
    visits_created: int = 0
    unchanged: int = 0
    errors: list[list] = field(default_factory=list)

    @property
    def created_total(self) -> int:
        return self.complaints_created + self.visits_created


def _import_sheet(sheet: Sheet, batch: HistoryImport, look: Lookups, actor, report: Report) -> None:
    seen: dict[str, int] = {}
    for line, values in sheet.lines:
        report.rows_read += 1
        external = _text(values, "external_reference")
        try:
            if None in values:
                raise RowError(_("the line has more values than the header"))
            if not external:
                raise RowError(_("the external reference is missing"))
            if len(external) > 100:
                raise RowError(_("the external reference is longer than 100 characters"))
            if external in seen:
                raise RowError(
                    _("the external reference %(reference)s already appears on line %(line)d")
                    % {"reference": external, "line": seen[external]}
                )
            seen[external] = line
            if (sheet.kind, external) in look.imported:
                report.unchanged += 1
                continue
            complaint = sheet.kind == RecordKind.COMPLAINT
            write, fields = (
                (complaint_services.complaint_import, _complaint_fields)
                if complaint
                else (inspection_services.inspection_import, _visit_fields)
            )
            with transaction.atomic():
                created = write(
                    actor=actor,
                    office=look.office,
                    batch_id=batch.pk,
                    external_reference=external,
                    **fields(values, look),
                )
                ImportedRecord.objects.create(
                    batch=batch,
                    office=look.office,
                    kind=sheet.kind,
                    external_reference=external,
                    line=line,
                    **{"complaint" if complaint else "inspection": created},
                )
            if complaint:
                report.complaints_created += 1
            else:
                report.visits_created += 1
            look.imported.add((sheet.kind, external))
        except (RowError, ValidationError, IntegrityError) as exc:
            report.errors.append([sheet.name, line, _messages(exc)])


@transaction.atomic
def history_import_run(
    *, actor, office: Office, data: bytes, name: str, kind: str | None = None, dry_run: bool = False
) -> Report:
    """Import the history lines of ``data`` into ``office``; returns the report (and the batch it recorded).

    A file that cannot be read at all raises ``ValidationError`` and records nothing. With
    ``dry_run`` every line is checked exactly as in a real run and nothing is kept.
    """
    office = access.get_for_user(Office.objects.select_for_update(), actor, "change", pk=office.pk)
    _require(actor, office)
    try:
        sheets = read_file(data, name, kind)
    except FileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    batch = HistoryImport(office=office, original_name=name[:200], imported_by=actor)
    if not dry_run:
        batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    report = Report(batch=batch)
    look = Lookups.build(office, sheets)
    for sheet in sheets:
        _import_sheet(sheet, batch, look, actor, report)
    if dry_run:
        report.batch = None
        transaction.set_rollback(True)
        return report
    batch.rows_read = report.rows_read
    batch.complaints_created = report.complaints_created
    batch.visits_created = report.visits_created
    batch.unchanged = report.unchanged
    batch.errors = report.errors
    batch.status = BatchStatus.DONE if report.created_total else BatchStatus.NOTHING
    batch.last_event_id = ComplaintEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    batch.last_change_id = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    batch.save()
    audit_record(
        action=Action.CREATE,
        actor=actor,
        obj=batch,
        fields=["file", "office"],
        extra={
            "history_import": batch.pk,
            "complaints": report.complaints_created,
            "visits": report.visits_created,
            "unchanged": report.unchanged,
            "bad_lines": len(report.errors),
        },
    )
    return report


# --- rolling one import back ----------------------------------------------------------------


class RollbackRefused(ValidationError):  # noqa: N818 (a state, read as "raise RollbackRefused")
    """Something else refers to a record of the import; nothing was removed."""


def _worked_on(batch: HistoryImport, complaint_ids: list[int], inspection_ids: list[int]) -> list[str]:
    """References of the records someone changed after the import (one query per kind).

    The import's own events and history rows are the last ones it wrote (``last_event_id``,
    ``last_change_id``); anything newer on these records is later work.
    """
    later = list(
        Complaint.objects.filter(
            pk__in=ComplaintEvent.objects.filter(complaint_id__in=complaint_ids, pk__gt=batch.last_event_id).values(
                "complaint_id"
            )
        ).values_list("reference", flat=True)
    )
    later += Inspection.objects.filter(
        pk__in=ChangeRecord.objects.filter(inspection_id__in=inspection_ids, pk__gt=batch.last_change_id).values(
            "inspection_id"
        )
    ).values_list("reference", flat=True)
    return sorted(set(later))


@transaction.atomic
def history_import_rollback(*, actor, batch: HistoryImport) -> HistoryImport:
    """Remove every complaint and visit ``batch`` created, with their history; the batch stays, rolled back."""
    batch = access.get_for_user(
        HistoryImport.objects.select_for_update(of=("self",)).select_related("office"), actor, "change", pk=batch.pk
    )
    _require(actor, batch.office)
    if batch.status == BatchStatus.ROLLED_BACK:
        raise RollbackRefused(_("This import has already been rolled back."))
    records = list(batch.records.all())
    complaint_ids = [r.complaint_id for r in records if r.complaint_id]
    inspection_ids = [r.inspection_id for r in records if r.inspection_id]
    # Lock the records themselves: a change racing the rollback waits for it, then finds nothing.
    list(Complaint.objects.select_for_update().filter(pk__in=complaint_ids).values_list("pk", flat=True))
    list(Inspection.objects.select_for_update().filter(pk__in=inspection_ids).values_list("pk", flat=True))
    later = _worked_on(batch, complaint_ids, inspection_ids)
    if later:
        raise RollbackRefused(
            _("Nothing was removed: these records were worked on after the import: %(refs)s")
            % {"refs": ", ".join(later[:20])}
        )
    extra = {"history_import": batch.pk, "step": "rollback"}
    try:
        with transaction.atomic():
            batch.records.all().delete()
            with complaints_changing(complaint_ids), visits_changing(inspection_ids):
                ComplaintEvent.objects.filter(complaint_id__in=complaint_ids).delete()
                Complaint.categories.through.objects.filter(complaint_id__in=complaint_ids).delete()
                Complaint.objects.filter(pk__in=complaint_ids).delete()
                ChangeRecord.objects.filter(inspection_id__in=inspection_ids).delete()
                Finding.objects.filter(inspection_id__in=inspection_ids).delete()
                Inspection.team.through.objects.filter(inspection_id__in=inspection_ids).delete()
                Inspection.objects.filter(pk__in=inspection_ids).delete()
    except ProtectedError as exc:
        refs = sorted({str(obj) for obj in exc.protected_objects})
        raise RollbackRefused(
            _("Nothing was removed: other records refer to this import's records: %(refs)s")
            % {"refs": ", ".join(refs[:20])}
        ) from exc
    removed = [("complaints.complaint", pk) for pk in complaint_ids]
    removed += [("inspections.inspection", pk) for pk in inspection_ids]
    for object_type, pk in removed:
        audit_record(action=Action.DELETE, actor=actor, object_type=object_type, object_id=pk, extra=extra)
    batch.status = BatchStatus.ROLLED_BACK
    batch.rolled_back_at = timezone.now()
    batch.rolled_back_by = actor
    batch.save(update_fields=["status", "rolled_back_at", "rolled_back_by"])
    audit_record(action=Action.UPDATE, actor=actor, obj=batch, fields=["status"], extra=extra)
    return batch
