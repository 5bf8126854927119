"""The companies' workforce per district (``DistrictWorkforce``), kept by a PostgreSQL trigger.

The accident rates of many offices need every company's workers (their hours are estimated from
them): summing the country's 750,000 companies took 283 ms of each national dashboard. The sums
are kept instead by an ``AFTER INSERT OR UPDATE OF district_id, workers_total OR DELETE`` row
trigger on ``inspectorate_company``: it takes a company's old row out of its district's sums and
adds its new row, in the writing transaction, whatever wrote it (services, imports, the admin, a
COPY). Unlike the complaint and visit rollups (rollups.services), no time zone is involved, so
the database can do it alone. A ``TRUNCATE`` of the companies (the scale generator's reset)
cascades to the table through its district key only when districts go too; the generator
truncates this table with the rest, and ``rebuild_rollups`` and the nightly check
(rollups.rebuild) compare it with the companies themselves.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import connections
from django.db.models import Count, Q, Sum

INSTALL = """
CREATE OR REPLACE FUNCTION rollups_district_workforce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.district_id IS NOT NULL THEN
        UPDATE rollups_districtworkforce
           SET companies = companies - 1,
               staffed = staffed - (OLD.workers_total > 0)::int,
               workers = workers - OLD.workers_total
         WHERE district_id = OLD.district_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.district_id IS NOT NULL THEN
        INSERT INTO rollups_districtworkforce AS w (district_id, companies, staffed, workers)
        VALUES (NEW.district_id, 1, (NEW.workers_total > 0)::int, NEW.workers_total)
        ON CONFLICT (district_id) DO UPDATE
           SET companies = w.companies + 1,
               staffed = w.staffed + EXCLUDED.staffed,
               workers = w.workers + EXCLUDED.workers;
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS rollups_district_workforce ON inspectorate_company;
CREATE TRIGGER rollups_district_workforce
    AFTER INSERT OR UPDATE OF district_id, workers_total OR DELETE ON inspectorate_company
    FOR EACH ROW EXECUTE FUNCTION rollups_district_workforce();
"""

UNINSTALL = """
DROP TRIGGER IF EXISTS rollups_district_workforce ON inspectorate_company;
DROP FUNCTION IF EXISTS rollups_district_workforce();
"""


def workforce_kept(using: str = "default") -> bool:
    """Whether the database keeps the table (PostgreSQL); elsewhere the figures sum the companies."""
    return connections[using].vendor == "postgresql"


def computed_workforce(apps=global_apps, using: str = "default") -> dict[int, list]:
    """``{district_id: [companies, staffed, workers]}`` summed from the companies (one grouped query)."""
    Company = apps.get_model("inspectorate", "Company")
    rows = (
        Company.objects.using(using)
        .filter(district__isnull=False)
        .order_by()
        .values("district_id")
        .annotate(n=Count("pk"), staffed=Count("pk", filter=Q(workers_total__gt=0)), workers=Sum("workers_total"))
    )
    return {row["district_id"]: [row["n"], row["staffed"], row["workers"] or 0] for row in rows}


def stored_workforce(apps=global_apps, using: str = "default") -> dict[int, list]:
    model = apps.get_model("rollups", "DistrictWorkforce")
    rows = model.objects.using(using).exclude(companies=0, staffed=0, workers=0)
    return {
        district_id: list(values)
        for district_id, *values in rows.values_list("district_id", "companies", "staffed", "workers")
    }


def install(apps, schema_editor) -> None:
    """Migration step: the trigger and the first sums (PostgreSQL only)."""
    from .rebuild import rebuild_workforce  # rebuild imports this module

    using = schema_editor.connection.alias
    if workforce_kept(using):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(INSTALL)
        rebuild_workforce(apps, using)


def uninstall(apps, schema_editor) -> None:
    if workforce_kept(schema_editor.connection.alias):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(UNINSTALL)
