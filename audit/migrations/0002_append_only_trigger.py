"""On PostgreSQL the audit table refuses UPDATE, DELETE and TRUNCATE, whoever asks.

Other databases (SQLite for the demo) get no trigger: the application never updates or
deletes entries, but only PostgreSQL enforces it.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();

CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_no_update_delete ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def _run(schema_editor, sql: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # A plain cursor: no parameters, so the "%" of RAISE is not taken for a placeholder.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
