"""The rollups recomputed from the base tables, and the check that the kept ones still match.

Computed with grouped queries (not with the per-record code of rollups.services), so comparing
the two is a real check of the incremental bookkeeping.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from decimal import Decimal

from django.apps import apps as global_apps
from django.db import connections, transaction
from django.db.models import Case, Count, DateField, F, Q, Sum, Value, When

from complaints.choices import RESOLVED_STATUSES, Status

from .models import COMPLAINT_VALUES, NOT_RESOLVED, Dimension, State, complaint_years
from .workforce import computed_workforce, stored_workforce, workforce_kept

logger = logging.getLogger(__name__)


def _state_expression(prefix: str = ""):
    return Case(
        When(Q(**{f"{prefix}status__in": sorted(RESOLVED_STATUSES)}), then=Value(State.RESOLVED.value)),
        When(Q(**{f"{prefix}status": Status.REJECTED}), then=Value(State.REJECTED.value)),
        When(Q(**{f"{prefix}status": Status.REFERRED}), then=Value(State.REFERRED.value)),
        default=Value(State.OPEN.value),
    )


def _resolved_month_expression(prefix: str = ""):
    return Case(
        When(
            Q(**{f"{prefix}status__in": sorted(RESOLVED_STATUSES), f"{prefix}resolved_month__isnull": False}),
            then=F(f"{prefix}resolved_month"),
        ),
        default=Value(NOT_RESOLVED),
        output_field=DateField(),
    )


def computed_complaint_months(apps=global_apps, using: str = "default") -> dict[tuple, list]:
    """``{(dimension, received_month, office_id, key, state, resolved_month): [n, claimed, recovered]}``."""
    Complaint = apps.get_model("complaints", "Complaint")
    through = Complaint.categories.through
    result: dict[tuple, list] = {}
    stamped = Complaint.objects.using(using).filter(received_month__isnull=False).order_by()
    sums = {"n": Count("id"), "claimed": Sum("amount_claimed"), "recovered": Sum("amount_recovered")}
    base = stamped.annotate(state=_state_expression(), resolved=_resolved_month_expression())
    for dimension, key_field in ((Dimension.ALL, None), (Dimension.CHANNEL, "channel")):
        fields = ["received_month", "office_id", "state", "resolved"] + ([key_field] if key_field else [])
        for row in base.values(*fields).annotate(**sums):
            key = (dimension.value, row["received_month"], row["office_id"], row[key_field] if key_field else "")
            result[(*key, row["state"], row["resolved"])] = [
                row["n"],
                row["claimed"] or Decimal(0),
                row["recovered"] or Decimal(0),
            ]
    links = (
        through.objects.using(using)
        .filter(complaint__received_month__isnull=False)
        .order_by()
        .annotate(state=_state_expression("complaint__"), resolved=_resolved_month_expression("complaint__"))
        .values("complaint__received_month", "complaint__office_id", "category__code", "state", "resolved")
        .annotate(n=Count("id"), claimed=Sum("complaint__amount_claimed"), recovered=Sum("complaint__amount_recovered"))
    )
    for row in links:
        key = (
            Dimension.CATEGORY.value,
            row["complaint__received_month"],
            row["complaint__office_id"],
            row["category__code"],
            row["state"],
            row["resolved"],
        )
        result[key] = [row["n"], row["claimed"] or Decimal(0), row["recovered"] or Decimal(0)]
    return result


def computed_visit_months(apps=global_apps, using: str = "default") -> dict[tuple, list]:
    """``{(month, office_id, inspector_id or None, kind): [visits]}``."""
    Inspection = apps.get_model("inspections", "Inspection")
    through = Inspection.team.through
    counted = (
        Inspection.objects.using(using).filter(visit_month__isnull=False, status__in=["reported", "closed"]).order_by()
    )
    result: dict[tuple, list] = defaultdict(lambda: [0])
    for row in counted.values("visit_month", "office_id", "kind").annotate(n=Count("id")):
        result[(row["visit_month"], row["office_id"], None, row["kind"])][0] += row["n"]
    for row in counted.values("visit_month", "office_id", "kind", "lead_inspector_id").annotate(n=Count("id")):
        result[(row["visit_month"], row["office_id"], row["lead_inspector_id"], row["kind"])][0] += row["n"]
    team = (
        through.objects.using(using)
        .filter(inspection__in=counted.values("pk"))
        .exclude(inspection__lead_inspector_id=F("staff_id"))
        .order_by()
        .values("inspection__visit_month", "inspection__office_id", "staff_id", "inspection__kind")
        .annotate(n=Count("id"))
    )
    for row in team:
        key = (row["inspection__visit_month"], row["inspection__office_id"], row["staff_id"], row["inspection__kind"])
        result[key][0] += row["n"]
    return dict(result)


COMPLAINT_FIELDS = ("dimension", "received_month", "office_id", "key", "state", "resolved_month")
COMPLAINT_YEAR_FIELDS = ("dimension", "received_year", "office_id", "key", "state")
VISIT_FIELDS = ("month", "office_id", "inspector_id", "kind")


def stored_complaint_months(apps=global_apps, using: str = "default") -> dict[tuple, list]:
    model = apps.get_model("rollups", "ComplaintMonth")
    rows = model.objects.using(using).exclude(complaints=0, amount_claimed=0, amount_recovered=0)
    return {
        tuple(row[:6]): list(row[6:])
        for row in rows.values_list(*COMPLAINT_FIELDS, "complaints", "amount_claimed", "amount_recovered")
    }


def _optional_model(apps, name: str):
    """A rollup model, or None in the historical state of a migration older than its table (0001 rebuilds)."""
    try:
        return apps.get_model("rollups", name)
    except LookupError:
        return None


def stored_complaint_years(apps=global_apps, using: str = "default") -> dict[tuple, list]:
    model = apps.get_model("rollups", "ComplaintYear")
    rows = model.objects.using(using).exclude(complaints=0, amount_claimed=0, amount_recovered=0)
    return {
        tuple(row[:5]): list(row[5:])
        for row in rows.values_list(*COMPLAINT_YEAR_FIELDS, "complaints", "amount_claimed", "amount_recovered")
    }


def _replace(model, key_fields: tuple[str, ...], value_fields: tuple[str, ...], rows: dict, using: str) -> int:
    """Replace every row of the rollup ``model`` by ``rows`` (``{key: values}``); returns how many were written."""
    model.objects.using(using).all().delete()
    model.objects.using(using).bulk_create(
        [
            model(**dict(zip(key_fields, key, strict=True)), **dict(zip(value_fields, values, strict=True)))
            for key, values in rows.items()
        ],
        batch_size=2000,
    )
    return len(rows)


def write_complaint_years(months: dict[tuple, list], apps=global_apps, using: str = "default") -> int:
    """Replace the year rows by the sums of the month rows ``months``; returns the number of rows written."""
    model = _optional_model(apps, "ComplaintYear")
    if model is None:
        return 0
    return _replace(model, COMPLAINT_YEAR_FIELDS, COMPLAINT_VALUES, complaint_years(months), using)


def rebuild_workforce(apps=global_apps, using: str = "default") -> int:
    """Replace the district sums by those of the companies (PostgreSQL); returns the number of rows written."""
    model = _optional_model(apps, "DistrictWorkforce")
    if model is None or not workforce_kept(using):
        return 0
    rows = {(district_id,): values for district_id, values in computed_workforce(apps, using).items()}
    return _replace(model, ("district_id",), ("companies", "staffed", "workers"), rows, using)


def stored_visit_months(apps=global_apps, using: str = "default") -> dict[tuple, list]:
    model = apps.get_model("rollups", "VisitMonth")
    rows = model.objects.using(using).exclude(visits=0)
    return {tuple(row[:4]): list(row[4:]) for row in rows.values_list(*VISIT_FIELDS, "visits")}


def _lock_rollups(apps, using: str) -> None:
    """On PostgreSQL, hold off the services' rollup updates while the base tables are read.

    A service changing a record meanwhile waits at its rollup UPDATE (its own change not yet
    committed, so not read here) and applies its difference to the rebuilt rows afterwards.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    names = ("ComplaintMonth", "ComplaintYear", "VisitMonth", "DistrictWorkforce")
    models = [_optional_model(apps, name) for name in names]
    tables = [model._meta.db_table for model in models if model is not None]
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")


def _read_one_snapshot(connection) -> None:
    """Read the base tables and the rollups in one snapshot (REPEATABLE READ), locking nothing.

    The services change a record and its rollups in one transaction, and the workforce trigger
    runs in the company's: a snapshot sees such a change whole or not at all, so it tells real
    drift from a change made meanwhile without holding anyone's writes. The check takes some
    twenty seconds at national size (docs/performance.md §36); under ``_lock_rollups`` every
    complaint filed, visit reported and company edited in that time waited for it. It must be
    the transaction's first statement: a check inside a caller's transaction locks instead.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def rebuild(apps=global_apps, using: str = "default") -> tuple[int, int]:
    """Replace every rollup row by the counts of the base tables; returns the numbers of rows written."""
    ComplaintMonth = apps.get_model("rollups", "ComplaintMonth")
    VisitMonth = apps.get_model("rollups", "VisitMonth")
    with transaction.atomic(using=using):
        _lock_rollups(apps, using)
        complaints = computed_complaint_months(apps, using)
        visits = computed_visit_months(apps, using)
        _replace(ComplaintMonth, COMPLAINT_FIELDS, COMPLAINT_VALUES, complaints, using)
        write_complaint_years(complaints, apps, using)
        _replace(VisitMonth, VISIT_FIELDS, ("visits",), visits, using)
        rebuild_workforce(apps, using)
    return len(complaints), len(visits)


def _differences(stored: dict, computed: dict) -> list[tuple]:
    return sorted(
        (
            (key, stored.get(key), computed.get(key))
            for key in set(stored) | set(computed)
            if stored.get(key) != computed.get(key)
        ),
        key=repr,
    )


def drift(using: str = "default") -> dict[str, list[tuple]]:
    """The rollup rows that differ from the base tables: ``{"complaints": [(key, kept, actual)], ...}``.

    Tables: ``complaints`` (the month rows), ``complaint years``, ``visits`` and ``workforce`` (the
    companies' sums per district, kept by a trigger on PostgreSQL: rollups.workforce). Read in one
    snapshot on PostgreSQL, writers never waiting (``_read_one_snapshot``); within a caller's
    transaction, with the services' rollup updates held off meanwhile (``_lock_rollups``).
    """
    connection = connections[using]
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using):
        if snapshot:
            _read_one_snapshot(connection)
        else:
            _lock_rollups(global_apps, using)
        months = computed_complaint_months(using=using)
        return {
            "complaints": _differences(stored_complaint_months(using=using), months),
            "complaint years": _differences(stored_complaint_years(using=using), complaint_years(months)),
            "visits": _differences(stored_visit_months(using=using), computed_visit_months(using=using)),
            "workforce": _differences(stored_workforce(using=using), computed_workforce(using=using))
            if workforce_kept(using)
            else [],
        }


def check_and_repair(using: str = "default") -> int:
    """The nightly check: logs every drifted row and, if any, rebuilds. Returns the number of rows that drifted."""
    found = drift(using)
    count = sum(len(rows) for rows in found.values())
    for table, rows in found.items():
        for key, kept, actual in rows:
            logger.warning("Rollup drift in %s: %s kept %s, actual %s", table, key, kept, actual)
    if count:
        logger.warning("Rollups drifted on %d rows; rebuilding them from the base tables.", count)
        rebuild(using=using)
    return count
