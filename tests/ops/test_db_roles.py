"""Least privilege on a real PostgreSQL: a fresh database migrated by the owner role, then the
application role tried at everything it must not do (and at the work it must still do).

Roles are cluster-wide, so each run uses its own names and drops them afterwards.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import errors

from tests.conftest import require_service

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


def _server():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        require_service("PostgreSQL (DATABASE_URL)")
    return db


def _url(user, password, host, port, name):
    return f"postgres://{user}:{password}@{host}:{port}/{name}"


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "inspectorate.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cluster():
    db = _server()
    suffix = uuid.uuid4().hex[:8]
    names = {"db": f"roles_{suffix}", "owner": f"t_owner_{suffix}", "app": f"t_app_{suffix}"}
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    admin = psycopg2.connect(dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=host, port=port)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{names["db"]}"')
    superuser_url = _url(db["USER"], db["PASSWORD"] or "", host, port, names["db"])
    names.update(
        host=host,
        port=port,
        owner_url=_url(names["owner"], "owner-pw", host, port, names["db"]),
        app_url=_url(names["app"], "app-pw", host, port, names["db"]),
    )
    try:
        made = _manage(
            "create_db_roles",
            "--owner",
            names["owner"],
            "--app",
            names["app"],
            env={"DATABASE_URL": superuser_url, "DB_OWNER_PASSWORD": "owner-pw", "DB_APP_PASSWORD": "app-pw"},
        )
        assert made.returncode == 0, made.stderr
        migrated = _manage(
            "migrate", "--noinput", env={"DATABASE_URL": names["app_url"], "MIGRATE_DATABASE_URL": names["owner_url"]}
        )
        assert migrated.returncode == 0, migrated.stderr
        yield names
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{names["db"]}" WITH (FORCE)')
            cursor.execute(f'DROP ROLE IF EXISTS "{names["owner"]}"')
            cursor.execute(f'DROP ROLE IF EXISTS "{names["app"]}"')
        admin.close()


def _connect(cluster, role):
    conn = psycopg2.connect(
        dbname=cluster["db"], user=cluster[role], password=f"{role}-pw", host=cluster["host"], port=cluster["port"]
    )
    conn.autocommit = True
    return conn


@pytest.fixture
def app_conn(cluster):
    conn = _connect(cluster, "app")
    yield conn
    conn.close()


@pytest.fixture
def owner_conn(cluster):
    conn = _connect(cluster, "owner")
    yield conn
    conn.close()


def _insert_entry(conn, object_id="1") -> int:
    with conn.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (created_at, actor_username, actor_role, object_type, object_id, action,"
            " outcome, changed_fields, request_id, extra)"
            " VALUES (now(), 'alice', 'inspector', 'complaints.complaint', %s, 'update', 'success', '[]', '', '{}')"
            " RETURNING id",
            [object_id],
        )
        return cursor.fetchone()[0]


def test_it_migrates_as_the_owner_and_the_owner_owns_every_table(cluster, owner_conn):
    with owner_conn.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE tableowner = %s) FROM pg_tables WHERE schemaname = 'public'",
            [cluster["owner"]],
        )
        total, owned = cursor.fetchone()
    assert total > 20 and owned == total


def test_it_lets_the_app_role_write_rows_and_append_to_the_audit_trail(app_conn):
    entry_id = _insert_entry(app_conn)
    with app_conn.cursor() as cursor:
        cursor.execute("SELECT chain_seq, length(entry_hash) FROM audit_auditentry WHERE id = %s", [entry_id])
        seq, hash_length = cursor.fetchone()
        assert seq >= 1 and hash_length == 64
        cursor.execute("INSERT INTO django_session VALUES ('k1', 'data', now()) ")
        cursor.execute("UPDATE django_session SET session_data = 'other' WHERE session_key = 'k1'")
        cursor.execute("DELETE FROM django_session WHERE session_key = 'k1'")
        assert cursor.rowcount == 1


@pytest.mark.parametrize(
    "statement, error",
    [
        ("UPDATE audit_auditentry SET outcome = 'failure'", errors.InsufficientPrivilege),
        ("DELETE FROM audit_auditentry", errors.InsufficientPrivilege),
        ("TRUNCATE audit_auditentry", errors.InsufficientPrivilege),
        ("SET session_replication_role = replica", errors.InsufficientPrivilege),
        ("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete", errors.InsufficientPrivilege),
        ("ALTER TABLE audit_auditentry DISABLE TRIGGER ALL", errors.InsufficientPrivilege),
        ("ALTER TABLE complaints_complaint ADD COLUMN smuggled integer", errors.InsufficientPrivilege),
        ("DROP TABLE complaints_complaint", errors.InsufficientPrivilege),
        ("CREATE TABLE smuggled (x integer)", errors.InsufficientPrivilege),
        ("DROP TRIGGER audit_entry_chain ON audit_auditentry", errors.InsufficientPrivilege),
    ],
)
def test_it_refuses_the_app_role(app_conn, statement, error):
    _insert_entry(app_conn)
    with pytest.raises(error), app_conn.cursor() as cursor:
        cursor.execute(statement)
    with app_conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditentry WHERE outcome = 'failure'")
        assert cursor.fetchone() == (0,)


def test_the_owner_cannot_set_session_replication_role_either(owner_conn):
    with pytest.raises(errors.InsufficientPrivilege), owner_conn.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")


def test_verify_audit_run_as_the_app_role_finds_a_row_the_owner_edited(cluster, app_conn, owner_conn):
    ok = _manage("verify_audit", env={"DATABASE_URL": cluster["app_url"]})
    assert ok.returncode == 0, ok.stderr
    assert "audit trail intact" in ok.stdout

    victim = _insert_entry(app_conn, object_id="victim")
    _insert_entry(app_conn, object_id="after")
    with owner_conn.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete")
        cursor.execute("UPDATE audit_auditentry SET actor_username = 'nobody' WHERE id = %s", [victim])
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_delete")

    tampered = _manage("verify_audit", env={"DATABASE_URL": cluster["app_url"]})
    assert tampered.returncode == 1
    assert f"entry {victim} at place" in tampered.stderr and "was changed" in tampered.stderr
