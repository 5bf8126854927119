"""The organisation: regions, districts, offices, staff and the companies they inspect."""

from functools import cached_property
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import TIME_ZONE_CHOICES, ChoiceLabels, ImportStatus, Role, Sex
from .nip import validate_nip

MAPS_SEARCH = "https://www.google.com/maps/search/?"


class Region(models.Model):
    """A province (provinsi), identified by its statistics-office code."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    # What a choice label reads (see Staff.LABEL_FIELDS).
    LABEL_FIELDS = ("id", "name")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A regional inspection unit (UPTD) that serves a set of districts."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="offices", verbose_name=_("region"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Asia/Jakarta")
    monthly_quota = models.PositiveSmallIntegerField(
        _("monthly inspections per inspector"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    complaint_due_days = models.PositiveSmallIntegerField(
        _("days to resolve a complaint"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(condition=Q(monthly_quota__gte=1), name="office_quota_positive"),
            models.CheckConstraint(condition=Q(complaint_due_days__gte=1), name="office_due_days_positive"),
        ]

    # What a choice label reads: __str__ and filters.office_choice_label (see Staff.LABEL_FIELDS).
    LABEL_FIELDS = ("id", "code", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class District(models.Model):
    """A regency or city (kabupaten / kota); the office serving it is responsible for its companies."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region"))
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="districts",
        verbose_name=_("serving office"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    # What a choice label reads (see Staff.LABEL_FIELDS).
    LABEL_FIELDS = ("id", "name")

    def __str__(self) -> str:
        return self.name


class StaffManager(UserManager):
    """``createsuperuser`` makes an administrator: role admin, no office (see staff_office_role_has_office)."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        extra_fields.setdefault("office", None)
        return super().create_superuser(username, email, password, **extra_fields)


class Staff(ChoiceLabels, AbstractUser):
    """A staff account: an inspector, office head, official or administrator."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.INSPECTOR)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("office")
    )
    # Officials read one region, or every region when this is empty.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("region (officials; empty = national)"),
    )
    is_investigator = models.BooleanField(_("PPNS investigator"), default=False)
    # For the staff table of the annual report (ILO C81 art. 21 (b)); ``date_joined`` is when service began.
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    service_ended_on = models.DateField(
        _("service ended on"),
        null=True,
        blank=True,
        help_text=_("The last day in the inspection service (moved, retired); empty while in service."),
    )
    nip = models.CharField(
        _("employee number (NIP)"),
        max_length=18,
        blank=True,
        validators=[validate_nip],
    )

    objects = StaffManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=[Role.INSPECTOR, Role.OFFICE_HEAD]) | Q(office__isnull=False),
                name="staff_office_role_has_office",
            ),
            models.UniqueConstraint(fields=["nip"], condition=~Q(nip=""), name="staff_nip_unique"),
        ]

    # What __str__ reads: a list of staff to choose from loads these columns and no more (a select
    # rendered by inspectorate.widgets reads only these when its label is str() or marked so).
    LABEL_FIELDS = ("id", "first_name", "last_name", "username")
    # The order of a list of staff to choose from: by name, as people look for each other.
    NAME_ORDER = ("first_name", "last_name", "username")

    @staticmethod
    def name_of(first_name: str, last_name: str, username: str) -> str:
        """How a staff member is named: the full name (as ``get_full_name``), else the username.
        ``str()`` of an instance, and of a row of ``LABEL_FIELDS`` read without one."""
        return f"{first_name} {last_name}".strip() or username

    def __str__(self) -> str:
        return self.name_of(self.first_name, self.last_name, self.username)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_office_staff(self) -> bool:
        return self.role in (Role.INSPECTOR, Role.OFFICE_HEAD)

    @property
    def is_office_head(self) -> bool:
        return self.role == Role.OFFICE_HEAD

    @property
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR

    @property
    def is_official(self) -> bool:
        return self.role == Role.OFFICIAL


class Company(models.Model):
    """An employer (perusahaan) registered with the inspectorate."""

    name = models.CharField(_("name"), max_length=255, db_index=True)
    nib = models.CharField(
        _("business registration number (NIB)"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("An NIB has 13 digits."))],
    )
    kbli = models.CharField(
        _("sector (KBLI)"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{2,5}$", _("A KBLI code has 2 to 5 digits."))],
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="companies", verbose_name=_("district")
    )
    workers_total = models.PositiveIntegerField(_("workers"), default=0)
    workers_female = models.PositiveIntegerField(_("female workers"), default=0)
    workers_foreign = models.PositiveIntegerField(_("foreign workers (TKA)"), default=0)
    bpjs_registered = models.BooleanField(_("registered with BPJS Ketenagakerjaan"), default=False)
    bpjs_participants = models.PositiveIntegerField(_("BPJS participants"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The office that may see a company is the one serving its district (see access.py).
    scope_office_path = "district__office"

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(fields=["nib"], condition=~Q(nib=""), name="company_nib_unique"),
            # The target of the complaints' (company, company_name) key (complaints migration 0011):
            # a complaint shows its company's name, and a renaming reaches it.
            models.UniqueConstraint(fields=["id", "name"], name="company_id_name"),
            models.CheckConstraint(condition=Q(workers_female__lte=F("workers_total")), name="company_female_le_total"),
            models.CheckConstraint(
                condition=Q(workers_foreign__lte=F("workers_total")), name="company_foreign_le_total"
            ),
            models.CheckConstraint(
                condition=Q(bpjs_registered=True) | Q(bpjs_participants=0),
                name="company_bpjs_participants_need_registration",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def maps_url(self) -> str:
        """A Google Maps search for the address and district, for the drive to a visit; "" without an address."""
        if not self.address.strip():
            return ""
        place = f"{self.address}, {self.district.name}" if self.district_id else self.address
        return MAPS_SEARCH + urlencode({"api": 1, "query": place})

    @cached_property
    def office(self) -> Office | None:
        return self.district.office


class Counter(models.Model):
    """A named counter for human-readable numbers (complaint references, notice numbers)."""

    key = models.CharField(max_length=100, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


def import_path(instance: "CompanyImport", filename: str) -> str:
    # A random name: the uploaded name is kept only as data, never as a path.
    import uuid

    return f"imports/companies/{uuid.uuid4().hex}.csv"


class CompanyImport(models.Model):
    """A company CSV uploaded in the browser: recorded first, imported by a task, its report kept."""

    file = models.FileField(_("file"), upload_to=import_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey("Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    # [[line, reason], ...] for every line that was not imported.
    errors = models.JSONField(_("bad lines"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("company import")
        verbose_name_plural = _("company imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return min(99, round(100 * self.rows_read / self.rows_total)) if self.rows_total else 0
