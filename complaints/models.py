"""Worker complaints (pengaduan) and their append-only history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspectorate.choices import ChoiceLabels, NormCategory
from inspectorate.models import Company, District, Office

from .choices import (
    OPEN_STATUSES,
    RESOLVED_STATUSES,
    Channel,
    EventKind,
    MessageDirection,
    Outcome,
    Status,
    UpdateEmailState,
)


class Category(ChoiceLabels, models.Model):
    """A norm cluster a complaint can be filed under."""

    code = models.CharField(_("code"), max_length=40, unique=True, choices=NormCategory.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    # What a choice label reads (see inspectorate.models.Staff.LABEL_FIELDS).
    LABEL_FIELDS = ("id", "code")

    def __str__(self) -> str:
        return str(self.get_code_display())


class CompanyNameField(models.CharField):
    """The complaint's company name, worked out whenever the row is written (a save, ``bulk_create``).

    The registry's name of its company, or the name as reported for a company not in the registry.
    """

    def pre_save(self, model_instance, add):
        company = model_instance.company if model_instance.company_id else None
        value = company.name if company is not None else model_instance.reported_company_name
        setattr(model_instance, self.attname, value)
        return value


class Complaint(ChoiceLabels, models.Model):
    """A complaint by a worker (or a group of workers) about an employer."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    # Only a hash of the complainant's tracking code is stored; the code itself is shown once.
    tracking_code_hash = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received_at = models.DateTimeField(_("received at"), db_index=True)

    # Sealed complainant identity (DESIGN.md §5): shown only to the assigned inspector, the office
    # head and admins; every read is audited; never in anything the employer receives.
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant name"), max_length=200, blank=True)
    # Free-text contact of complaints recorded before the separate phone and e-mail fields.
    complainant_contact = models.CharField(_("complainant contact"), max_length=200, blank=True)
    # International form (+62…), normalised by complaints/contact.py.
    complainant_phone = models.CharField(_("complainant phone"), max_length=20, blank=True)
    complainant_email = models.EmailField(_("complainant e-mail"), max_length=254, blank=True)
    complainant_id_number = models.CharField(_("complainant identity number (NIK)"), max_length=32, blank=True)

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints", verbose_name=_("company")
    )
    reported_company_name = models.CharField(_("company name as reported"), max_length=255, blank=True)
    # The name the complaint is shown and searched by: the registry's name of its company, or the
    # name as reported. Written with every save of the row (CompanyNameField); on PostgreSQL the
    # key (company, company_name) → the company's (id, name) refuses any other name and carries a
    # renaming over (migration 0011): the work queue searches complaints without their companies.
    company_name = CompanyNameField(_("company"), max_length=255, editable=False, default="")
    reported_company_address = models.CharField(_("company address as reported"), max_length=300, blank=True)
    # The district named by the complainant; for an unregistered company it decides the office.
    reported_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district as reported"),
    )
    categories = models.ManyToManyField(Category, related_name="complaints", verbose_name=_("categories"))
    description = models.TextField(_("description"))
    workers_affected = models.PositiveIntegerField(_("workers affected"), default=1)
    amount_claimed = models.DecimalField(
        _("amount claimed (IDR)"), max_digits=15, decimal_places=0, null=True, blank=True
    )

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("office"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assigned inspector"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField(_("status changed at"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    amount_recovered = models.DecimalField(
        _("amount recovered (IDR)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # The local months (first day) of received_at and resolved_at in the office's zone, set when
    # they are written (rollups.services): the figures filter on plain indexed ranges.
    received_month = models.DateField(_("month received"), null=True, blank=True, editable=False)
    resolved_month = models.DateField(_("month resolved"), null=True, blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The complainant asked (through the link in an update e-mail) to be told of news no more.
    # (A database default too: bulk writers such as the bench generator's COPY leave it out.)
    complainant_updates_off = models.BooleanField(
        _("no update e-mails to the complainant"), default=False, db_default=False
    )
    # One-time token of the public form: a second POST of the same form finds this complaint.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_office_path = "office"

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["office", "status"], name="complaint_office_status"),
            models.Index(fields=["office", "received_at"], name="complaint_office_received"),
            models.Index(fields=["office", "received_month"], name="complaint_office_month"),
            # Resolved after the end of a period: the backlog of a past month.
            models.Index(fields=["resolved_month", "office"], name="complaint_resolved_month"),
            # "Resolved after now": an empty range in production, read for every figure of a period.
            models.Index(fields=["resolved_at"], name="complaint_resolved_at"),
            models.Index(fields=["assigned_to", "status"], name="complaint_assignee_status"),
            # The dashboards' cache fingerprint: the newest change of each office.
            models.Index(fields=["office", "updated_at"], name="complaint_office_updated"),
            # Open complaints are a small part of all of them: the work queue's open/overdue filters.
            models.Index(
                fields=["office", "due_date"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="complaint_open_office_due",
            ),
            # The work queue's finished part, in its order (selectors.complaint_queue_parts): counted
            # from the index alone and a page read without sorting every complaint of the office.
            models.Index(
                fields=["office", "due_date", "-received_at", "-id"],
                condition=~Q(status__in=sorted(OPEN_STATUSES)),
                name="complaint_finished_office_due",
            ),
            # The backlog's open part (reporting.figures.backlog): age bands and overdue counted by an
            # index-only scan, without fetching each open complaint's row from the table.
            models.Index(
                fields=["office", "received_at"],
                include=["due_date", "received_month", "id"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="complaint_backlog_open",
            ),
            # The backlog's "resolved after the period" part: a resolved complaint without its moment
            # (none in practice) is still open; without this index that test read every open,
            # rejected and referred complaint through the index of resolved_at.
            models.Index(
                fields=["office"],
                condition=Q(status__in=sorted(RESOLVED_STATUSES), resolved_at__isnull=True),
                name="complaint_resolved_untimed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | ~Q(reported_company_name=""),
                name="complaint_has_company_or_name",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.RESOLVED, Status.CLOSED]) | Q(outcome=""),
                name="complaint_outcome_only_when_done",
            ),
            models.CheckConstraint(condition=Q(workers_affected__gte=1), name="complaint_workers_affected_positive"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is not None and {"company", "reported_company_name"} & set(fields):
            kwargs["update_fields"] = {*fields, "company_name"}  # the name follows its company
        super().save(**kwargs)

    @property
    def is_overdue(self) -> bool:
        """Overdue today in the office's time zone (complaints/definitions.py). Needs ``office`` loaded."""
        from .definitions import is_overdue

        return is_overdue(due_date=self.due_date, status=self.status, day=timezone.localdate(timezone=self.office.zone))


class ComplaintEvent(ChoiceLabels, models.Model):
    """One entry of a complaint's history: a status change, an assignment or a note. Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), db_index=True)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class SealedFile(models.Model):
    """What every complainant's file keeps: a neutral name, its checked type and size (abstract)."""

    # A neutral display name: the original file name could identify the complainant.
    name = models.CharField(_("name"), max_length=100)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class ComplaintAttachment(SealedFile):
    """A file given with a complaint (evidence, a scanned letter), checked and cleaned on upload."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="complaints/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_office_path = "complaint__office"

    class Meta(SealedFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class ComplaintMessage(models.Model):
    """One message between the office and the complainant. Sealed like the identity (DESIGN.md §5)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="messages")
    direction = models.CharField(_("direction"), max_length=20, choices=MessageDirection.choices)
    # The staff member who wrote to the complainant; empty for the complainant's own messages.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    # The "there is news" e-mail to the complainant (office messages only): recorded first, sent
    # once (claimed with a conditional UPDATE), retried by the minute's sweep.
    email_state = models.CharField(
        _("update e-mail"), max_length=10, choices=UpdateEmailState.choices, default=UpdateEmailState.SKIPPED
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_dispatched_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    scope_office_path = "complaint__office"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complainant message")
        verbose_name_plural = _("complainant messages")
        indexes = [
            models.Index(
                fields=["email_state", "created_at"],
                condition=Q(email_state__in=["pending", "sending"]),
                name="complaint_message_outbox",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction=MessageDirection.TO_COMPLAINANT, author__isnull=False)
                | Q(direction=MessageDirection.FROM_COMPLAINANT, author__isnull=True),
                name="complaint_message_author_matches_direction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.direction} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def from_complainant(self) -> bool:
        return self.direction == MessageDirection.FROM_COMPLAINANT


class ComplaintMessageAttachment(SealedFile):
    """A file the complainant sent with a message (same checks as intake). Sealed like the message."""

    message = models.ForeignKey(ComplaintMessage, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="complaint-messages/%Y/%m/")

    scope_office_path = "message__complaint__office"

    class Meta(SealedFile.Meta):
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")
