"""Tamper evidence: every audit entry carries a hash chained to the previous entry's.

On PostgreSQL a BEFORE INSERT trigger gives each new entry the next place in the chain
(``chain_seq``), the previous entry's hash (``prev_hash``) and the SHA-256 of its own columns
together with that hash (``entry_hash``). A transaction-level advisory lock makes inserts take
their places one after the other, so the chain never forks; the unique constraint on
``chain_seq`` turns any attempt to fork it into an error. ``manage.py verify_audit`` walks the
chain and recomputes every hash with ``audit_entry_digest``.

The digest is the SHA-256 of a JSON array (jsonb's text form: one spelling per value) of the
previous hash, the place, the id, the UTC time to the microsecond and every other column, so
editing any column, deleting an entry or moving one breaks the chain from there on.

Existing entries are chained in the order of their ids; their UPDATE guard is lifted for
that one statement only (the migration runs as the tables' owner).

Other databases (SQLite for the demo) keep empty chain columns: only PostgreSQL keeps the chain.
"""

from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION audit_entry_digest(prev text, e audit_auditentry) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        prev,
        e.chain_seq,
        e.id,
        to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.actor_id,
        e.actor_username,
        e.actor_role,
        e.actor_office_id,
        e.object_type,
        e.object_id,
        e.action,
        e.outcome,
        e.changed_fields,
        e.request_id,
        host(e.client_address),
        e.extra
    )::text, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit_entry_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last_seq bigint;
    last_hash text;
BEGIN
    -- One inserter at a time until its transaction ends: the next one must see this entry.
    PERFORM pg_advisory_xact_lock(hashtext('audit_auditentry chain'));
    SELECT chain_seq, entry_hash INTO last_seq, last_hash
        FROM audit_auditentry WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
    NEW.chain_seq := coalesce(last_seq, 0) + 1;
    NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
    NEW.entry_hash := audit_entry_digest(NEW.prev_hash, NEW);
    RETURN NEW;
END;
$$;

ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete;
DO $$
DECLARE
    e audit_auditentry;
    seq bigint := 0;
    last_hash text := repeat('0', 64);
BEGIN
    FOR e IN SELECT * FROM audit_auditentry ORDER BY id LOOP
        seq := seq + 1;
        e.chain_seq := seq;
        UPDATE audit_auditentry
            SET chain_seq = seq, prev_hash = last_hash, entry_hash = audit_entry_digest(last_hash, e)
            WHERE id = e.id
            RETURNING entry_hash INTO last_hash;
    END LOOP;
END;
$$;
ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_delete;

CREATE TRIGGER audit_entry_chain
    BEFORE INSERT ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_entry_chain ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_chain();
DROP FUNCTION IF EXISTS audit_entry_digest(text, audit_auditentry);
"""


def _run(schema_editor, sql: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_action_delete")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="chain_seq",
            field=models.BigIntegerField(blank=True, editable=False, null=True, verbose_name="chain position"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="previous hash"),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(fields=("chain_seq",), name="audit_entry_chain_seq_unique"),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
