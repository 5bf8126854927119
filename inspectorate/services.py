"""Writes of the organisation. Every write is one transaction, validates before it saves and
leaves one audit entry (field names only) in the same transaction; these functions are the
only callers of ``save()`` for regions, districts, offices, staff and companies."""

from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit import services as audit
from audit.choices import Action

from . import access, storage
from .choices import ImportStatus, Role
from .models import Company, CompanyImport, Counter, District, Office, Region, Staff


def _changed(obj: models.Model, fields: dict) -> list[str]:
    changed = []
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname) if field.is_relation else getattr(obj, name)
        new = value.pk if field.is_relation and isinstance(value, models.Model) else value
        if current != new:
            changed.append(name)
    return changed


def _check_fields(fields: dict, allowed: Iterable[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {what} fields: {sorted(unknown)}")


def _require_admin(actor) -> None:
    if not access.is_admin(actor):
        raise PermissionDenied


def reference_create(model: type[models.Model], *, actor, allowed: Iterable[str], fields: dict, via: str = ""):
    """Create one reference record (region, district, office) after full validation, audited."""
    _require_admin(actor)
    _check_fields(fields, allowed, model._meta.model_name)
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    audit.record(action=Action.CREATE, actor=actor, obj=obj, fields=fields, extra={"via": via} if via else None)
    return obj


def reference_update(obj: models.Model, *, actor, allowed: Iterable[str], fields: dict, via: str = ""):
    """Change one reference record on a locked row after full validation, audited."""
    _require_admin(actor)
    _check_fields(fields, allowed, obj._meta.model_name)
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    _save_changes(obj, fields, actor=actor, extra={"via": via} if via else None)
    return obj


def _save_changes(obj: models.Model, fields: dict, *, actor, extra: dict | None = None) -> list[str]:
    """Set ``fields`` on a locked row, validate, save, and audit the names of what changed."""
    changed = _changed(obj, fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    if changed:
        audit.record(action=Action.UPDATE, actor=actor, obj=obj, fields=changed, extra=extra)
    return changed


# ---------------------------------------------------------------------------------------------
# regions, districts, offices

REGION_FIELDS = ("code", "name")
DISTRICT_FIELDS = ("code", "name", "region", "office")
OFFICE_FIELDS = ("code", "name", "region", "time_zone", "monthly_quota", "complaint_due_days", "address")


@transaction.atomic
def region_create(*, actor, code: str, name: str, via: str = "") -> Region:
    return reference_create(Region, actor=actor, allowed=REGION_FIELDS, fields={"code": code, "name": name}, via=via)


@transaction.atomic
def region_update(*, actor, region: Region, via: str = "", **fields) -> Region:
    return reference_update(region, actor=actor, allowed=REGION_FIELDS, fields=fields, via=via)


def _check_district_office(fields: dict, district: District | None = None) -> None:
    region = fields.get("region", district.region if district else None)
    office = fields.get("office", district.office if district else None)
    if office is not None and region is not None and office.region_id != region.pk:
        raise ValidationError({"office": _("The serving office must be in the district's region.")})


@transaction.atomic
def district_create(*, actor, via: str = "", **fields) -> District:
    _check_district_office(fields)
    return reference_create(District, actor=actor, allowed=DISTRICT_FIELDS, fields=fields, via=via)


@transaction.atomic
def district_update(*, actor, district: District, via: str = "", **fields) -> District:
    _check_district_office(fields, district)
    return reference_update(district, actor=actor, allowed=DISTRICT_FIELDS, fields=fields, via=via)


def _serve_districts(office: Office, districts: Iterable[District], *, actor, via: str = "") -> None:
    """Make ``office`` the serving office of exactly ``districts`` (each of its own region), audited per district."""
    wanted = {d.pk for d in districts}
    locked = District.objects.select_for_update().filter(Q(pk__in=wanted) | Q(office=office)).order_by("pk")
    for district in locked:
        if district.pk in wanted and district.region_id != office.region_id:
            raise ValidationError(
                {"districts": _("%(district)s is not in the office's region.") % {"district": district.name}}
            )
    extra = {"via": via} if via else None
    for district in locked:
        serving = office if district.pk in wanted else None
        if district.office_id != (serving.pk if serving else None):
            _save_changes(district, {"office": serving}, actor=actor, extra=extra)


@transaction.atomic
def office_create(*, actor, via: str = "", districts: Iterable[District] | None = None, **fields) -> Office:
    office = reference_create(Office, actor=actor, allowed=OFFICE_FIELDS, fields=fields, via=via)
    if districts is not None:
        _serve_districts(office, districts, actor=actor, via=via)
    return office


@transaction.atomic
def office_update(
    *, actor, office: Office, via: str = "", districts: Iterable[District] | None = None, **fields
) -> Office:
    """Change an office; with ``districts``, the districts it serves become exactly those."""
    office = reference_update(office, actor=actor, allowed=OFFICE_FIELDS, fields=fields, via=via)
    if districts is not None:
        _serve_districts(office, districts, actor=actor, via=via)
    return office


# ---------------------------------------------------------------------------------------------
# companies

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
        raise ValidationError({"district": _("This district is not served by your office.")})


@transaction.atomic
def company_create(*, user, **fields) -> Company:
    _check_fields(fields, COMPANY_FIELDS, "company")
    if not access.can_write(user):
        raise PermissionDenied
    _check_district_in_scope(user, fields["district"])
    company = Company(**fields)
    company.full_clean()
    company.save()
    audit.record(action=Action.CREATE, actor=user, obj=company, fields=fields)
    return company


@transaction.atomic
def company_update(*, user, company: Company, **fields) -> Company:
    _check_fields(fields, COMPANY_FIELDS, "company")
    # Re-check inside the transaction, on a locked row, that the company is still in scope.
    company = access.get_for_user(Company.objects.select_for_update(), user, "change", pk=company.pk)
    if "district" in fields:
        _check_district_in_scope(user, fields["district"])
    _save_changes(company, fields, actor=user)
    return company


# ---------------------------------------------------------------------------------------------
# company import from the browser: recorded first, run by a task, its report kept

IMPORT_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def company_import_request(*, actor, upload) -> CompanyImport:
    """Record an uploaded company CSV and queue its import; nothing is lost if the queue is down."""
    _require_admin(actor)
    if not upload.name.lower().endswith(".csv"):
        raise ValidationError({"file": _("Choose a CSV file (.csv).")})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB; split it.")})
    job = CompanyImport(original_name=upload.name[:200], uploaded_by=actor)
    storage.save_file(job.file, "upload.csv", upload)
    job.save()
    audit.record(action=Action.CREATE, actor=actor, obj=job, fields=["file"])
    transaction.on_commit(lambda: _dispatch_company_import(job.pk))
    return job


def _dispatch_company_import(import_id: int) -> None:
    from .tasks import run_company_import

    try:
        run_company_import.delay(import_id)
    except Exception:  # noqa: BLE001 - the queue is down: the import stays recorded as waiting
        import logging

        logging.getLogger(__name__).exception("company import %s could not be queued", import_id)


def company_imports_dispatch_waiting(*, older_than_seconds: int = 120) -> int:
    """Queue again the imports still waiting after a while (recorded while the broker was down)."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    waiting = list(
        CompanyImport.objects.filter(status=ImportStatus.QUEUED, uploaded_at__lt=cutoff).values_list("pk", flat=True)
    )
    for import_id in waiting:
        _dispatch_company_import(import_id)
    return len(waiting)


def company_import_run(*, import_id: int) -> CompanyImport | None:
    """Run a recorded import once (claimed by a conditional UPDATE); its report commits with the companies."""
    from django.utils import timezone

    from .imports import ImportResult, company_import

    claimed = CompanyImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    if not claimed:
        return None
    job = CompanyImport.objects.select_related("uploaded_by").get(pk=import_id)

    def progress(done: int, total: int) -> None:
        CompanyImport.objects.filter(pk=import_id).update(rows_read=done, rows_total=total)

    def finish(result: ImportResult) -> None:
        job.status = ImportStatus.DONE
        job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
        job.errors = [[line, reason] for line, reason in result.errors]
        job.finished_at = timezone.now()
        job.rows_read = job.rows_total = result.created + result.updated + result.unchanged + len(result.errors)
        job.save(
            update_fields=[
                "status",
                "created",
                "updated",
                "unchanged",
                "errors",
                "finished_at",
                "rows_read",
                "rows_total",
            ]
        )
        audit.record(
            action=Action.UPDATE,
            actor=job.uploaded_by,
            obj=job,
            fields=["status"],
            extra={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "bad_lines": len(result.errors),
            },
        )

    try:
        data = storage.read_bytes(job.file)
        result = company_import(data, progress=progress, finish=finish)
        if job.status != ImportStatus.DONE:  # refused as a whole (e.g. missing columns)
            with transaction.atomic():
                finish(result)
    except storage.StorageUnavailable:
        # The file store is down: the import waits for the dispatcher's next round, nothing read.
        CompanyImport.objects.filter(pk=import_id, status=ImportStatus.RUNNING).update(status=ImportStatus.QUEUED)
        raise
    except Exception:
        CompanyImport.objects.filter(pk=import_id).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        raise
    return job


# ---------------------------------------------------------------------------------------------
# staff

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
    "sex",
    "service_ended_on",
)


def _staff_clean(staff: Staff) -> None:
    if staff.role in (Role.INSPECTOR, Role.OFFICE_HEAD) and staff.office_id is None:
        raise ValidationError({"office": _("Inspectors and office heads belong to an office.")})
    if staff.role != Role.OFFICIAL and staff.region_id is not None:
        raise ValidationError({"region": _("Only officials have a region scope.")})
    if staff.is_investigator and staff.role not in (Role.INSPECTOR, Role.OFFICE_HEAD):
        raise ValidationError({"is_investigator": _("Only inspectors can be PPNS investigators.")})
    # Django's admin site is for administrators only.
    staff.is_staff = staff.role == Role.ADMIN or staff.is_superuser


def _validate_password(password: str, staff: Staff) -> None:
    """AUTH_PASSWORD_VALIDATORS, with their own messages, under the ``password`` key."""
    try:
        password_validation.validate_password(password, staff)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def _staff_record(actor, staff: Staff, fields: Iterable[str], operation: str, via: str = "") -> None:
    extra = {"operation": operation}
    if via:
        extra["via"] = via
    audit.record(action=Action.STAFF_CHANGE, actor=actor, obj=staff, fields=fields, extra=extra)


@transaction.atomic
def staff_create(*, actor, password: str | None = None, via: str = "", **fields) -> Staff:
    """A new account; without a password it cannot log in until a reset link is used."""
    _require_admin(actor)
    _check_fields(fields, STAFF_FIELDS, "staff")
    staff = Staff(**fields)
    _staff_clean(staff)
    staff.full_clean(exclude=["password"])
    if password:
        _validate_password(password, staff)
        staff.set_password(password)
    else:
        staff.set_unusable_password()
    staff.save()
    _staff_record(actor, staff, [*fields, *(["password"] if password else [])], "create", via)
    return staff


def _lock_staff(staff: Staff) -> Staff:
    return Staff.objects.select_for_update().get(pk=staff.pk)


@transaction.atomic
def staff_update(*, actor, staff: Staff, password: str | None = None, via: str = "", **fields) -> Staff:
    _require_admin(actor)
    _check_fields(fields, STAFF_FIELDS, "staff")
    staff = _lock_staff(staff)
    changed = _changed(staff, fields)
    for name, value in fields.items():
        setattr(staff, name, value)
    _staff_clean(staff)
    staff.full_clean(exclude=["password"])
    if password:
        _validate_password(password, staff)
        staff.set_password(password)
        changed.append("password")
    staff.save()
    if changed:
        _staff_record(actor, staff, changed, "update", via)
    return staff


@transaction.atomic
def staff_set_password(*, actor, staff: Staff, password: str, via: str = "") -> Staff:
    """Set a staff member's password: refused with the validators' messages when weak."""
    return staff_update(actor=actor, staff=staff, password=password, via=via)


@transaction.atomic
def staff_deactivate(*, actor, staff: Staff, via: str = "") -> Staff:
    """The account can no longer log in; its records and history stay."""
    if staff.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    return staff_update(actor=actor, staff=staff, is_active=False, via=via)


@transaction.atomic
def staff_unlock(*, actor, staff: Staff, request=None, via: str = "") -> int:
    """Lift the login lock of every address the staff member was recently locked out from.

    Locks are kept per (username, address) by the login throttle (see adapters.py); the
    addresses come from the lockout and failed-login entries of the audit trail.
    """
    from datetime import timedelta

    from allauth.core import ratelimit
    from django.utils import timezone

    from audit.models import AuditEntry

    _require_admin(actor)
    staff = _lock_staff(staff)
    since = timezone.now() - timedelta(days=1)
    addresses = set(
        AuditEntry.objects.filter(
            action__in=[Action.LOCKOUT, Action.LOGIN_FAILED],
            object_type=Staff._meta.label_lower,
            object_id=str(staff.pk),
            created_at__gte=since,
        ).values_list("client_address", flat=True)
    )
    for address in addresses:
        key = f"{staff.username.lower()}|{address or '-'}"
        ratelimit.clear(request, action="login_failed", key=key)
    _staff_record(actor, staff, [], "unlock", via)
    return len(addresses)


@transaction.atomic
def staff_send_password_reset(*, actor, staff: Staff, request, via: str = "") -> None:
    """E-mail the staff member a link to choose a new password (allauth's reset flow)."""
    from allauth.account.internal.flows.password_reset import request_password_reset
    from django.contrib.auth.tokens import default_token_generator

    _require_admin(actor)
    staff = _lock_staff(staff)
    if not staff.email:
        raise ValidationError({"email": _("This staff member has no e-mail address.")})
    if not staff.is_active:
        raise ValidationError(_("This account is deactivated."))
    from allauth.core.context import request_context

    def send() -> None:
        # Only this account gets the link, even when a colleague shares the address; the
        # link's host comes from the request (allauth reads it from its request context).
        with request_context(request):
            request_password_reset(request, staff.email, [staff], default_token_generator)

    transaction.on_commit(send)
    _staff_record(actor, staff, [], "password_reset_sent", via)


@transaction.atomic
def next_in_sequence(key: str) -> int:
    """The next number of the named sequence; concurrent callers never get the same number."""
    Counter.objects.bulk_create([Counter(key=key, value=0)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(key=key)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value
