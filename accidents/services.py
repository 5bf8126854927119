"""Writes of accidents and occupational disease: one keyword-only ``@transaction.atomic`` service per action.

Each locks what it changes, re-checks the actor's scope (inspectorate/access.py) inside the
transaction and records the audit entry (field names only: the injured persons' names are sealed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record as audit_record
from deadlines.choices import Subject
from deadlines.models import DeadlineRule
from deadlines.workdays import due
from inspections import services as inspection_services
from inspections.choices import Kind
from inspections.models import Inspection, LegalProvision
from inspectorate import access
from inspectorate.choices import NormCategory, Role
from inspectorate.models import Company, Staff
from inspectorate.services import next_in_sequence
from notifications.services import notify

from .choices import CodeList, ReportSource
from .definitions import REPORT_HOURS
from .models import Accident, Code, HoursWorked, InjuredPerson, OccupationalDisease

# The provision a late employer's report is found against (migration 0002_code_lists adds it).
LATE_REPORT_ACT = "Permenaker 03/1998"
LATE_REPORT_ARTICLE = "ps. 4"

INJURED_FIELDS = (
    "name", "sex", "age", "occupation", "employment_status", "nationality", "injury", "body_part",
    "days_lost", "permanent_incapacity", "fatal",
)  # fmt: skip
CODE_FIELDS = {
    "deviation": CodeList.DEVIATION,
    "contact": CodeList.CONTACT,
    "agent": CodeList.AGENT,
    "occupation": CodeList.OCCUPATION,
    "employment_status": CodeList.EMPLOYMENT,
    "injury": CodeList.INJURY,
    "body_part": CodeList.BODY_PART,
    "disease": CodeList.DISEASE,
}


def _company_in_scope(actor, company: Company) -> tuple[Company, object]:
    if not access.can_write(actor):
        raise PermissionDenied
    company = access.get_for_user(Company.objects.select_related("district__office"), actor, "change", pk=company.pk)
    office = company.district.office
    if office is None:
        raise ValidationError(_("This company's district is not served by an office."))
    return company, office


def _check_codes(values: dict) -> None:
    for name, variable in CODE_FIELDS.items():
        code = values.get(name)
        if code is not None and not (isinstance(code, Code) and code.variable == variable and code.is_active):
            raise ValidationError({name: _("Choose a value of the right list that is in use.")})


def _heads(office_id: int) -> list[Staff]:
    return list(Staff.objects.filter(office_id=office_id, role=Role.OFFICE_HEAD, is_active=True))


def report_hours(office_id: int) -> int:
    """The employer's reporting period in hours: the office's or national accident_report rule, else 48."""
    rules = list(
        DeadlineRule.objects.filter(Q(office_id=office_id) | Q(office__isnull=True), subject=Subject.ACCIDENT_REPORT)
    )
    rules.sort(key=lambda r: r.office_id is None)  # the office's own rule first
    rule = rules[0] if rules else None
    return rule.duration if rule is not None and rule.unit == "hours" else REPORT_HOURS


def report_due(occurred_at: dt.datetime, office_id: int) -> dt.datetime:
    """2×24 calendar hours from the accident (deadlines.workdays.due, holidays included)."""
    return due(occurred_at, report_hours(office_id), "hours", "statutory")


def _accident_reference(office) -> str:
    year = timezone.localdate(timezone.now(), timezone=office.zone).year
    number = next_in_sequence(f"accident:{office.code}:{year}")
    return f"KK-{office.code}-{year}-{number:05d}"


@transaction.atomic
def accident_create(
    *,
    actor,
    company: Company,
    occurred_at: dt.datetime,
    place: str,
    description: str,
    deviation: Code,
    contact: Code,
    agent: Code,
    source: str,
    received_at: dt.datetime,
    employer_reported_at: dt.datetime | None = None,
    injured: Iterable[dict],
    now: dt.datetime | None = None,
) -> Accident:
    """Record an accident with its injured persons; a fatal or multi-victim accident tells the office head at once."""
    now = now or timezone.now()
    company, office = _company_in_scope(actor, company)
    people = [dict(p) for p in injured]
    if not people:
        raise ValidationError(_("Record at least one injured person."))
    if source not in ReportSource.values:
        raise ValidationError({"source": _("Unknown source of the report.")})
    if source == ReportSource.EMPLOYER_FORM and employer_reported_at is None:
        employer_reported_at = received_at
    if occurred_at > now:
        raise ValidationError({"occurred_at": _("The accident cannot be in the future.")})
    for name, value in (("received_at", received_at), ("employer_reported_at", employer_reported_at)):
        if value is not None and not (occurred_at <= value <= now):
            raise ValidationError({name: _("The report is received after the accident and not in the future.")})
    _check_codes({"deviation": deviation, "contact": contact, "agent": agent})
    for person in people:
        _check_codes(person)
        unknown = set(person) - set(INJURED_FIELDS)
        if unknown:
            raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    accident = Accident(
        reference=_accident_reference(office),
        office=office,
        company=company,
        occurred_at=occurred_at,
        place=place.strip(),
        description=description.strip(),
        deviation=deviation,
        contact=contact,
        agent=agent,
        source=source,
        received_at=received_at,
        employer_reported_at=employer_reported_at,
        report_due_at=report_due(occurred_at, office.pk),
        created_by=actor,
    )
    accident.full_clean()
    accident.save()
    rows = []
    for person in people:
        row = InjuredPerson(accident=accident, **person)
        row.full_clean(exclude=["accident"])
        rows.append(row)
    InjuredPerson.objects.bulk_create(rows)
    audit_record(
        action="create", actor=actor, obj=accident,
        fields=["company", "occurred_at", "place", "description", "deviation", "contact", "agent", "source",
                "received_at", "employer_reported_at", "injured"],
        extra={"reference": accident.reference, "injured": len(rows)},
    )  # fmt: skip
    fatal = sum(1 for r in rows if r.fatal)
    if fatal or len(rows) > 1:
        _tell_heads(
            accident, actor, "accident.serious", f"accident-serious:{accident.pk}", injured=len(rows), fatal=fatal
        )
    return accident


def _tell_heads(accident: Accident, actor, event: str, key: str, **params) -> None:
    """Tell the accident's office head at once (the accident's reference, company and who; never a name)."""
    params = {"reference": accident.reference, "company": accident.company.name, "actor": str(actor), **params}
    notify(recipients=_heads(accident.office_id), event=event, key=key, target=accident, params=params)


def _lock_accident(accident: Accident, actor) -> Accident:
    if not access.can_write(actor):
        raise PermissionDenied
    return access.get_for_user(
        Accident.objects.select_for_update(of=("self",)).select_related("office", "company"),
        actor,
        "change",
        pk=accident.pk,
    )


@transaction.atomic
def accident_record_employer_report(*, accident: Accident, actor, received_at: dt.datetime) -> Accident:
    """Record when the employer's form 3 KK2 A arrived (after the office learned of the accident elsewhere)."""
    accident = _lock_accident(accident, actor)
    if accident.employer_reported_at is not None:
        raise ValidationError(_("The employer's report is already recorded."))
    if not (accident.occurred_at <= received_at <= timezone.now()):
        raise ValidationError({"received_at": _("The report is received after the accident and not in the future.")})
    accident.employer_reported_at = received_at
    accident.save(update_fields=["employer_reported_at"])
    audit_record(action="update", actor=actor, obj=accident, fields=["employer_reported_at"])
    return accident


@transaction.atomic
def accident_open_visit(*, accident: Accident, actor, planned_date: dt.date, lead: Staff | None = None) -> Inspection:
    """Plan the investigation visit (kind accident) through the inspections planning service and link it."""
    accident = _lock_accident(accident, actor)
    if accident.inspection_id is not None:
        raise ValidationError(_("This accident already has an investigation visit."))
    inspection = inspection_services.inspection_plan(
        actor=actor, company=accident.company, kind=Kind.ACCIDENT, lead=lead or actor, planned_date=planned_date
    )
    accident.inspection = inspection
    accident.save(update_fields=["inspection"])
    audit_record(action="update", actor=actor, obj=accident, fields=["inspection"])
    return inspection


@transaction.atomic
def accident_link_visit(*, accident: Accident, actor, inspection: Inspection) -> Accident:
    """Link an existing visit to the same company as the accident's investigation."""
    accident = _lock_accident(accident, actor)
    inspection = access.get_for_user(Inspection.objects.all(), actor, "change", pk=inspection.pk)
    if inspection.company_id != accident.company_id:
        raise ValidationError({"inspection": _("The visit is to another company.")})
    if accident.inspection_id is not None:
        raise ValidationError(_("This accident already has an investigation visit."))
    accident.inspection = inspection
    accident.save(update_fields=["inspection"])
    audit_record(action="update", actor=actor, obj=accident, fields=["inspection"])
    return accident


OUTCOME_FIELDS = ("days_lost", "permanent_incapacity", "fatal")


@transaction.atomic
def injured_outcome_update(
    *, accident: Accident, actor, person_id: int, days_lost: int, permanent_incapacity: bool, fatal: bool
) -> InjuredPerson:
    """Bring an injured person's outcome up to date as it becomes known: the days lost when they go
    back to work, a permanent incapacity, a death after the accident. The accident figures read it
    (the severity rate, the fatalities); a death now known tells the office head at once, as a
    fatal accident recorded does. Audited by field name, never the person's name."""
    accident = _lock_accident(accident, actor)
    person = InjuredPerson.objects.select_for_update().filter(accident=accident, pk=person_id).first()
    if person is None:
        raise ValidationError(_("No such injured person in this accident."))
    if type(days_lost) is not int or days_lost < 0:
        raise ValidationError({"days_lost": _("Days lost are a whole number, 0 or more.")})
    was_fatal = person.fatal
    values = {"days_lost": days_lost, "permanent_incapacity": bool(permanent_incapacity), "fatal": bool(fatal)}
    changed = [name for name in OUTCOME_FIELDS if getattr(person, name) != values[name]]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, values[name])
    person.save(update_fields=changed)
    audit_record(
        action="update", actor=actor, obj=accident, fields=[f"injured.{name}" for name in changed],
        extra={"reference": accident.reference, "injured": person.pk},
    )  # fmt: skip
    if person.fatal and not was_fatal:
        fatal = accident.injured.filter(fatal=True).count()
        _tell_heads(accident, actor, "accident.death", f"accident-death:{accident.pk}:{person.pk}", fatal=fatal)
    return person


def late_report_provision() -> LegalProvision:
    return LegalProvision.objects.get(act=LATE_REPORT_ACT, article=LATE_REPORT_ARTICLE)


@transaction.atomic
def accident_late_finding(*, accident: Accident, actor, now: dt.datetime | None = None):
    """Turn the late-report flag into a finding on the accident's visit (which must be in progress)."""
    accident = _lock_accident(accident, actor)
    if not accident.is_late(now):
        raise ValidationError(_("The employer's report was not late."))
    if accident.late_finding_id is not None:
        raise ValidationError(_("The late report is already a finding."))
    if accident.inspection_id is None:
        raise ValidationError(_("Open or link the investigation visit first."))
    due_local = timezone.localtime(accident.report_due_at, accident.office.zone)
    if accident.employer_reported_at is None:
        what = _("no report had arrived")
    else:
        what = _("the report arrived on %(at)s") % {
            "at": timezone.localtime(accident.employer_reported_at, accident.office.zone).strftime("%Y-%m-%d %H:%M")
        }
    finding = inspection_services.finding_add(
        inspection=accident.inspection,
        actor=actor,
        category=NormCategory.OSH,
        provision=late_report_provision(),
        description=_(
            "Accident %(reference)s: the employer's written report (form 3 KK2 A) was due within 2×24 hours, "
            "by %(due)s; %(what)s."
        )
        % {"reference": accident.reference, "due": due_local.strftime("%Y-%m-%d %H:%M"), "what": what},
        severity="medium",
        corrective_action=_("Report every work accident in writing within 2×24 hours."),
    )
    accident.late_finding = finding
    accident.save(update_fields=["late_finding"])
    audit_record(action="update", actor=actor, obj=accident, fields=["late_finding"])
    return finding


def _disease_reference(office) -> str:
    year = timezone.localdate(timezone.now(), timezone=office.zone).year
    number = next_in_sequence(f"disease:{office.code}:{year}")
    return f"PAK-{office.code}-{year}-{number:05d}"


@transaction.atomic
def disease_create(
    *,
    actor,
    company: Company,
    disease: Code,
    worker_name: str,
    sex: str,
    age: int | None = None,
    exposure: str,
    diagnosed_on: dt.date,
    source: str,
    notified_on: dt.date,
) -> OccupationalDisease:
    """Record an occupational disease case (the worker's name sealed)."""
    company, office = _company_in_scope(actor, company)
    _check_codes({"disease": disease})
    if notified_on < diagnosed_on:
        raise ValidationError({"notified_on": _("The notification cannot be before the diagnosis.")})
    case = OccupationalDisease(
        reference=_disease_reference(office), office=office, company=company, disease=disease,
        worker_name=worker_name.strip(), sex=sex, age=age, exposure=exposure.strip(), diagnosed_on=diagnosed_on,
        source=source, notified_on=notified_on, created_by=actor,
    )  # fmt: skip
    case.full_clean()
    case.save()
    audit_record(
        action="create", actor=actor, obj=case,
        fields=["company", "disease", "worker_name", "sex", "age", "exposure", "diagnosed_on", "source", "notified_on"],
        extra={"reference": case.reference},
    )  # fmt: skip
    return case


@transaction.atomic
def hours_set(*, actor, company: Company, year: int, hours: int, workers: int) -> HoursWorked:
    """Enter (or correct) a company's hours worked and average workforce for a year."""
    company, _office = _company_in_scope(actor, company)
    if hours <= 0 or workers <= 0:
        raise ValidationError(_("Hours and workers must be more than zero."))
    row = HoursWorked.objects.select_for_update().filter(company=company, year=year).first()
    if row is None:
        row = HoursWorked.objects.create(company=company, year=year, hours=hours, workers=workers, entered_by=actor)
        action = "create"
    else:
        row.hours, row.workers, row.entered_by = hours, workers, actor
        row.save(update_fields=["hours", "workers", "entered_by", "updated_at"])
        action = "update"
    audit_record(action=action, actor=actor, obj=row, fields=["hours", "workers"], extra={"year": year})
    return row


CODE_FIELDS_EDITABLE = ("variable", "code", "name_id", "name_en", "position", "is_active")


@transaction.atomic
def code_create(*, actor, via: str = "", **fields) -> Code:
    """Add a value to a code list (admins, validated, audited)."""
    from inspectorate.services import reference_create

    return reference_create(Code, actor=actor, allowed=CODE_FIELDS_EDITABLE, fields=fields, via=via)


@transaction.atomic
def code_update(*, actor, item: Code, via: str = "", **fields) -> Code:
    """Change a code list value; a value in use is retired with ``is_active``, never deleted."""
    from inspectorate.services import reference_update

    return reference_update(item, actor=actor, allowed=CODE_FIELDS_EDITABLE, fields=fields, via=via)
