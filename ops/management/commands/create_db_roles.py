"""manage.py create_db_roles: the owner and application roles of least privilege (ops/dbroles.py)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ops import dbroles


class Command(BaseCommand):
    help = (
        "Create the database owner role (runs migrations) and the application role (runs the app: "
        "rows only, the audit trail SELECT and INSERT only), hand the database to the owner and grant "
        "the application role its rights. Run once as a PostgreSQL superuser against the application's "
        "database; passwords come from the environment variables named by the options."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="inspectorate_owner", help="The owner role's name.")
        parser.add_argument("--app", default="inspectorate_app", help="The application role's name.")
        parser.add_argument("--owner-password-env", default="DB_OWNER_PASSWORD", help="Variable with its password.")
        parser.add_argument("--app-password-env", default="DB_APP_PASSWORD", help="Variable with its password.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only.")
        try:
            dbroles.create_roles(
                connection=connection,
                owner=options["owner"],
                app=options["app"],
                owner_password=os.environ.get(options["owner_password_env"]) or None,
                app_password=os.environ.get(options["app_password_env"]) or None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"roles ready: owner {options['owner']} (MIGRATE_DATABASE_URL), application {options['app']} (DATABASE_URL)"
        )
