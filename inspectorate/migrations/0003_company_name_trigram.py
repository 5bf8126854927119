"""Company search by part of a name at national scale: a trigram index (PostgreSQL only).

``name__icontains`` is ``UPPER(name::text) LIKE UPPER('%…%')`` on PostgreSQL, which no B-tree
can serve; a GIN trigram index on that same expression can. NIB search (``nib LIKE '…%'``)
needs a pattern-ops B-tree since the database collation is not C. SQLite (the demo) gets
neither and keeps working: the operations do nothing there, and the model state is unchanged.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS company_name_upper_trgm ON inspectorate_company "
    "USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS company_nib_pattern ON inspectorate_company (nib varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS company_nib_pattern",
    "DROP INDEX IF EXISTS company_name_upper_trgm",
]


def _run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("inspectorate", "0002_counter")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
