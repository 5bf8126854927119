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

from inspectorate.models import District, Office, Staff

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


# The values of a complaint rollup row, in the order the services and the rebuild keep them.
COMPLAINT_VALUES = ("complaints", "amount_claimed", "amount_recovered")


class ComplaintCounts(models.Model):
    """What a complaint rollup row counts: complaints of an office sharing a dimension's key and a state."""

    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    complaints = models.IntegerField(default=0)
    amount_claimed = models.DecimalField(max_digits=20, decimal_places=0, default=0)
    amount_recovered = models.DecimalField(max_digits=20, decimal_places=0, default=0)

    class Meta:
        abstract = True


class ComplaintMonth(ComplaintCounts):
    """Complaints of an office received in a local month, by their state and the month they were resolved in.

    ``dimension`` says what ``key`` is: ``all`` (key empty: each complaint once), ``category``
    (a complaint with two categories is in two rows) or ``channel``. Keeping the resolved month
    (not just "resolved") makes the rate exact for any period: resolved by the end of the period
    is ``state = resolved and resolved_month < end``.
    """

    received_month = models.DateField()
    resolved_month = models.DateField(default=NOT_RESOLVED)

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
            ),
            # The same for each complaint once (dimension "all", a sixth of the rows): the trends and the
            # offices' rows of many months read 7,300 entries instead of 46,000 (docs/performance.md §15).
            models.Index(
                fields=["received_month", "office"],
                include=["state", "resolved_month", "complaints", "amount_claimed", "amount_recovered"],
                condition=Q(dimension="all"),
                name="complaintmonth_period_all",
            ),
            # A year to date read from the year rows takes off the complaints resolved in or after the
            # period's end month: for the current period none, found without reading the year's months.
            models.Index(
                fields=["resolved_month", "received_month"],
                include=["office", "dimension", "key", "state", "complaints"],
                condition=Q(state="resolved"),
                name="complaintmonth_resolved_later",
            ),
        ]

    def __str__(self):
        return (
            f"{self.office_id} {self.received_month:%Y-%m} {self.dimension}:{self.key} {self.state} {self.complaints}"
        )


class ComplaintYear(ComplaintCounts):
    """The month rows of a local year summed over its months, without the resolved month.

    A year to date of many offices (the national dashboard's: ~46,000 month rows at full size)
    reads these few thousand rows instead, then takes off the months after the period's end and
    the complaints resolved after it (reporting.figures.rollups). Kept by the same services in the
    same transaction as the month rows (rollups.services), from the same differences
    (:func:`complaint_years`), and checked against the base tables every night.
    """

    received_year = models.DateField(help_text="1 January of the local year the complaints were received in.")

    class Meta:
        verbose_name = _("complaint year")
        verbose_name_plural = _("complaint years")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "received_year", "office", "key", "state"], name="complaintyear_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["received_year", "office"],
                include=["dimension", "key", "state", "complaints", "amount_claimed", "amount_recovered"],
                name="complaintyear_period",
            )
        ]

    def __str__(self):
        return f"{self.office_id} {self.received_year:%Y} {self.dimension}:{self.key} {self.state} {self.complaints}"


def complaint_years(months: dict[tuple, list]) -> dict[tuple, list]:
    """Month rows ``{(dimension, received_month, office_id, key, state, resolved_month): values}`` summed by year.

    Used for the counts (rollups.rebuild) and for the differences (rollups.services) alike; keys
    whose values sum to nothing are left out (a complaint resolved in May instead of June).
    """
    years: dict[tuple, list] = {}
    for (dimension, received, office_id, key, state, _resolved), values in months.items():
        year_key = (dimension, received.replace(month=1, day=1), office_id, key, state)
        current = years.get(year_key)
        years[year_key] = list(values) if current is None else [a + b for a, b in zip(current, values, strict=True)]
    return {key: values for key, values in years.items() if any(values)}


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


class DistrictWorkforce(models.Model):
    """The companies of a district and their workers, for the accident rates' hours of many offices.

    Kept by a PostgreSQL trigger on the companies table (``rollups.workforce``): a company's
    workforce and district are written by the company services, the registry import, the
    administration and bulk loads alike, and the sums involve no time zone, so the database keeps
    them on every write. Elsewhere (the demo's SQLite) the figures sum the companies directly and
    this table stays empty.
    """

    district = models.OneToOneField(District, on_delete=models.CASCADE, primary_key=True, related_name="+")
    companies = models.IntegerField(default=0)
    staffed = models.IntegerField(default=0, help_text="Companies with at least one worker.")
    workers = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("district workforce")
        verbose_name_plural = _("district workforces")

    def __str__(self):
        return f"{self.district_id}: {self.companies} companies, {self.workers} workers"
