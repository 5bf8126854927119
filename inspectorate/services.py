"""Writes of the organisation. Every write is one transaction and validates before it saves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit import services as audit
from audit.choices import Action

from . import access
from .choices import Role
from .models import Company, Counter, District, Staff

COMPANY_FIELDS = (
    "name",
    "nib",
    "kbli",
    "address",
    "district",
    "workers_total",
    "workers_female",
    "workers_foreign",
    "bpjs_registered",
    "bpjs_participants",
)


def _check_district_in_scope(user, district: District) -> None:
    """A company may only be put in a district served by an office the user may change."""
    if district.office_id is None or not access.offices_for(user, "change").filter(pk=district.office_id).exists():
        raise ValidationError({"district": "This district is not served by your office."})


@transaction.atomic
def company_create(*, user, **fields) -> Company:
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown company fields: {sorted(unknown)}")
    _check_district_in_scope(user, fields["district"])
    company = Company(**fields)
    company.full_clean()
    company.save()
    return company


@transaction.atomic
def company_update(*, user, company: Company, **fields) -> Company:
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown company fields: {sorted(unknown)}")
    # Re-check inside the transaction, on a locked row, that the company is still in scope.
    company = access.get_for_user(Company.objects.select_for_update(), user, "change", pk=company.pk)
    if "district" in fields:
        _check_district_in_scope(user, fields["district"])
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    return company


STAFF_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "office",
    "region",
    "is_investigator",
    "nip",
    "is_active",
)


def _staff_clean(staff: Staff) -> None:
    if staff.role in (Role.INSPECTOR, Role.OFFICE_HEAD) and staff.office_id is None:
        raise ValidationError({"office": "Inspectors and office heads belong to an office."})
    if staff.role != Role.OFFICIAL and staff.region_id is not None:
        raise ValidationError({"region": "Only officials have a region scope."})
    if staff.is_investigator and staff.role not in (Role.INSPECTOR, Role.OFFICE_HEAD):
        raise ValidationError({"is_investigator": "Only inspectors can be PPNS investigators."})
    # Django's admin site is for administrators only.
    staff.is_staff = staff.role == Role.ADMIN or staff.is_superuser


@transaction.atomic
def staff_create(*, actor, password: str | None = None, **fields) -> Staff:
    if not access.is_admin(actor):
        raise PermissionDenied
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"Unknown staff fields: {sorted(unknown)}")
    staff = Staff(**fields)
    if password:
        staff.set_password(password)
    else:
        staff.set_unusable_password()
    _staff_clean(staff)
    staff.full_clean(exclude=["password"])
    staff.save()
    audit.record(
        action=Action.STAFF_CHANGE,
        actor=actor,
        obj=staff,
        fields=[*fields, *(["password"] if password else [])],
        extra={"operation": "create"},
    )
    return staff


@transaction.atomic
def staff_update(*, actor, staff: Staff, **fields) -> Staff:
    if not access.is_admin(actor):
        raise PermissionDenied
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"Unknown staff fields: {sorted(unknown)}")
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    changed = [name for name, value in fields.items() if getattr(staff, name) != value]
    for name, value in fields.items():
        setattr(staff, name, value)
    _staff_clean(staff)
    staff.full_clean(exclude=["password"])
    staff.save()
    audit.record(action=Action.STAFF_CHANGE, actor=actor, obj=staff, fields=changed, extra={"operation": "update"})
    return staff


@transaction.atomic
def next_in_sequence(key: str) -> int:
    """The next number of the named sequence; concurrent callers never get the same number."""
    Counter.objects.bulk_create([Counter(key=key, value=0)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(key=key)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value
