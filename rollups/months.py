"""The local month of a record, fixed when it is written (the time zone of its office).

``Complaint.received_month`` / ``resolved_month`` and ``Inspection.visit_month`` hold the first
day of the local month of ``received_at`` / ``resolved_at`` / ``visited_at``, so the figures
filter on plain indexed ranges instead of one condition per time zone.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.apps import apps as global_apps
from django.db import connections

COMPLAINT_MONTHS = (("received_at", "received_month"), ("resolved_at", "resolved_month"))
VISIT_MONTHS = (("visited_at", "visit_month"),)


def local_month(at: datetime | None, zone: str) -> date | None:
    return at.astimezone(ZoneInfo(zone)).date().replace(day=1) if at is not None else None


def stamp_rows(model, pks, pairs) -> None:
    """Set the month columns of ``model``'s rows ``pks`` from their timestamps (only the ones that differ)."""
    fields = [f for pair in pairs for f in pair]
    rows = model.objects.filter(pk__in=list(pks)).values_list("pk", "office__time_zone", *fields)
    for pk, zone, *values in rows:
        changes = {}
        for i, (_source, target) in enumerate(pairs):
            month = local_month(values[2 * i], zone)
            if month != values[2 * i + 1]:
                changes[target] = month
        if changes:
            model.objects.filter(pk=pk).update(**changes)


def stamp_all(apps=global_apps, using: str = "default") -> None:
    """Fill every month column of complaints and visits (the migration, the generator, the demo).

    One UPDATE per column on PostgreSQL (``AT TIME ZONE`` of the office's zone); elsewhere, row by
    row in Python, office by office.
    """
    targets = [
        (apps.get_model("complaints", "Complaint"), COMPLAINT_MONTHS),
        (apps.get_model("inspections", "Inspection"), VISIT_MONTHS),
    ]
    connection = connections[using]
    Office = apps.get_model("inspectorate", "Office")
    for model, pairs in targets:
        table = model._meta.db_table
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                sets = ", ".join(
                    f"{target} = date_trunc('month', t.{source} AT TIME ZONE o.time_zone)::date"
                    for source, target in pairs
                )
                cursor.execute(
                    f"UPDATE {table} t SET {sets} FROM {Office._meta.db_table} o WHERE o.id = t.office_id"  # noqa: S608  # nosec B608 - names only
                )
            continue
        for office_id, zone in Office.objects.using(using).values_list("pk", "time_zone"):
            rows = model.objects.using(using).filter(office_id=office_id).only("pk", *(s for s, _ in pairs))
            changed = []
            for row in rows.iterator(chunk_size=2000):
                for source, target in pairs:
                    setattr(row, target, local_month(getattr(row, source), zone))
                changed.append(row)
            model.objects.using(using).bulk_update(changed, [t for _, t in pairs], batch_size=1000)
