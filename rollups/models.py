"""Per-office, per-local-month counts kept up to date by the services that change complaints and visits.

The figures of DESIGN.md §3 (reporting.figures) read these few thousand rows instead of scanning
hundreds of thousands of complaints and visits. Each row is a count of records sharing a key; the
services add a record's new keys and take away its old ones in the same transaction as the change
(rollups.services), and ``manage.py rebuild_rollups`` recomputes everything from the base tables.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspectorate.models import Office, Staff

# The resolved month of a complaint that is not resolved: after every period, so "resolved by the
# end of the period" (resolved_month < end) never counts it.
NOT_RESOLVED = date(9999, 12, 1)


class Dimension(models.TextChoices):
    ALL = "all", _("all complaints")
    CATEGORY = "category", _("category")
    CHANNEL = "channel", _("channel")


class State(models.TextChoices):
    OPEN = "open", _("open")
    REJECTED = "rejected", _("rejected")
    REFERRED = "referred", _("referred")
    RESOLVED = "resolved", _("resolved")


class ComplaintMonth(models.Model):
    """Complaints of an office received in a local month, by their state and the month they were resolved in.

    ``dimension`` says what ``key`` is: ``all`` (key empty: each complaint once), ``category``
    (a complaint with two categories is in two rows) or ``channel``. Keeping the resolved month
    (not just "resolved") makes the rate exact for any period: resolved by the end of the period
    is ``state = resolved and resolved_month < end``.
    """

    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    received_month = models.DateField()
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    resolved_month = models.DateField(default=NOT_RESOLVED)
    complaints = models.IntegerField(default=0)
    amount_claimed = models.DecimalField(max_digits=20, decimal_places=0, default=0)
    amount_recovered = models.DecimalField(max_digits=20, decimal_places=0, default=0)

    class Meta:
        verbose_name = _("complaint month")
        verbose_name_plural = _("complaint months")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "received_month", "office", "key", "state", "resolved_month"],
                name="complaintmonth_key",
            )
        ]
        indexes = [
            # A period of many offices (the national year to date: ~46,000 rows at full size) read by
            # an index-only scan on the months instead of a scan of every rollup row.
            models.Index(
                fields=["received_month", "office"],
                include=[
                    "dimension",
                    "key",
                    "state",
                    "resolved_month",
                    "complaints",
                    "amount_claimed",
                    "amount_recovered",
                ],
                name="complaintmonth_period",
            )
        ]

    def __str__(self):
        return (
            f"{self.office_id} {self.received_month:%Y-%m} {self.dimension}:{self.key} {self.state} {self.complaints}"
        )


class VisitMonth(models.Model):
    """Counted visits (reported or closed) of an office in a local month, by kind.

    With ``inspector``: the visits that inspector led or was on the team of (once per visit);
    without: the office's distinct visits.
    """

    month = models.DateField()
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    inspector = models.ForeignKey(Staff, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20)
    visits = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("visit month")
        verbose_name_plural = _("visit months")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "inspector", "office", "kind"],
                condition=Q(inspector__isnull=False),
                name="visitmonth_inspector_key",
            ),
            models.UniqueConstraint(
                fields=["month", "office", "kind"], condition=Q(inspector__isnull=True), name="visitmonth_office_key"
            ),
        ]
        indexes = [
            # The quota of a month (or of the 12 months of its trend) for many inspectors: the
            # country's month is ~3,750 rows spread over ~2,250 table pages; read from the index
            # alone instead (docs/performance.md §11).
            models.Index(
                fields=["month", "inspector"],
                include=["kind", "visits"],
                condition=Q(inspector__isnull=False),
                name="visitmonth_inspector_month",
            )
        ]

    def __str__(self):
        return f"{self.office_id} {self.month:%Y-%m} {self.inspector_id or '-'} {self.kind} {self.visits}"
