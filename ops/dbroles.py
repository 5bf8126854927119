"""Least privilege in PostgreSQL: an owner role for migrations and an application role for the app.

- The **owner** (``MIGRATE_DATABASE_URL``) owns the database, its schema and every table; only
  it can alter tables or switch a trigger off. It is not a superuser, so it cannot set
  ``session_replication_role`` either.
- The **application** role (``DATABASE_URL``) may read and write rows, and on the audit
  table only SELECT and INSERT. It owns nothing, so it cannot ``ALTER TABLE`` (no new
  columns, no ``DISABLE TRIGGER``), cannot create tables in the schema and, not being a
  superuser, cannot set ``session_replication_role``.

``create_roles`` is run once by an administrator (``manage.py create_db_roles``);
``grant_app_role`` after every migrate (the ``post_migrate`` receiver below), as the owner.
"""

import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

APPEND_ONLY_TABLES = ("audit_auditentry",)
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _ident(name: str) -> str:
    if not ROLE_NAME.match(name):
        raise ValueError(f"Not a plain role or database name: {name!r} (lower-case letters, digits, _)")
    return f'"{name}"'


def _role_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    return cursor.fetchone() is not None


def _upsert_role(cursor, name: str, password: str | None) -> None:
    verb = "ALTER" if _role_exists(cursor, name) else "CREATE"
    attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
    if password:
        cursor.execute(f"{verb} ROLE {_ident(name)} {attributes} PASSWORD %s", [password])
    else:
        cursor.execute(f"{verb} ROLE {_ident(name)} {attributes}")


def create_roles(*, connection, owner: str, app: str, owner_password: str | None, app_password: str | None) -> None:
    """Create (or bring back in line) both roles and hand the current database to the owner.

    Needs a superuser (or a role with CREATEROLE that owns the database) on the database the
    application uses. Objects a superuser created earlier (a database migrated before this
    split) are handed to the owner too.
    """
    if owner == app:
        raise ValueError("The owner and the application role must differ.")
    with connection.cursor() as cursor:
        _upsert_role(cursor, owner, owner_password)
        _upsert_role(cursor, app, app_password)
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
        cursor.execute(f"ALTER DATABASE {_ident(database)} OWNER TO {_ident(owner)}")
        cursor.execute(f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC")
        cursor.execute(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {_ident(app)}")
        cursor.execute(f"ALTER SCHEMA public OWNER TO {_ident(owner)}")
        cursor.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        # Tables, sequences and views, and the functions that are not an extension's.
        cursor.execute(
            """
            SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                  WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                   quote_ident(c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
              AND pg_get_userbyid(c.relowner) <> %s
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
            UNION ALL
            SELECT 'FUNCTION', p.oid::regprocedure::text
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """,
            [owner, owner],
        )
        for kind, name in cursor.fetchall():
            cursor.execute(f"ALTER {kind} {name} OWNER TO {_ident(owner)}")
        _grant(cursor, owner=owner, app=app)


def _grant(cursor, *, owner: str, app: str) -> None:
    cursor.execute(f"GRANT USAGE ON SCHEMA public TO {_ident(app)}")
    cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {_ident(app)}")
    cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {_ident(app)}")
    cursor.execute(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {_ident(owner)} IN SCHEMA public"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {_ident(app)}"
    )
    cursor.execute(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {_ident(owner)} IN SCHEMA public"
        f" GRANT USAGE, SELECT ON SEQUENCES TO {_ident(app)}"
    )
    for table in APPEND_ONLY_TABLES:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
        if cursor.fetchone()[0]:
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {_ident(app)}")


def grant_app_role(*, connection, app: str) -> None:
    """Give the application role its rights on every table (run as the owner, after migrate)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        if owner == app:
            raise ValueError("Migrations must run as the owner role, not as the application role.")
        _grant(cursor, owner=owner, app=app)


def grant_after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: with DATABASE_APP_ROLE set, re-grant the application role its rights."""
    app = getattr(settings, "DATABASE_APP_ROLE", "")
    connection = connections[using]
    if app and connection.vendor == "postgresql":
        grant_app_role(connection=connection, app=app)
