#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from urllib.parse import unquote, urlsplit

# Commands that change the schema run as the database's owner role when MIGRATE_DATABASE_URL
# is set; the application itself connects as the role of DATABASE_URL, which owns nothing
# (ops/dbroles.py). The migration then grants that role its rights on every table.
OWNER_COMMANDS = {"migrate"}


def use_owner_role(argv: list[str]) -> None:
    owner_url = os.environ.get("MIGRATE_DATABASE_URL", "")
    if len(argv) < 2 or argv[1] not in OWNER_COMMANDS or not owner_url:
        return
    app_url = os.environ.get("DATABASE_URL", "")
    if app_url and not os.environ.get("DATABASE_APP_ROLE"):
        os.environ["DATABASE_APP_ROLE"] = unquote(urlsplit(app_url).username or "")
    os.environ["DATABASE_URL"] = owner_url


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings.dev")
    use_owner_role(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
