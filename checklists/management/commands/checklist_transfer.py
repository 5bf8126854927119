"""Export a checklist template version to JSON, or import one as a new draft."""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspectorate.models import Staff

from ...models import TemplateVersion
from ...transfer import version_export, version_import


class Command(BaseCommand):
    help = (
        "Export a template version (export CODE NUMBER) or import a JSON file as a new draft (import FILE --as USER)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("args", nargs="+")
        parser.add_argument("--as", dest="username", help="the administrator doing the import")

    def handle(self, action, *args, username=None, **options):
        if action == "export":
            if len(args) != 2:
                raise CommandError("export CODE NUMBER")
            version = TemplateVersion.objects.filter(template__code=args[0], number=args[1]).first()
            if version is None:
                raise CommandError("No such version.")
            json.dump(version_export(version), sys.stdout, ensure_ascii=False, indent=2)
            return
        actor = Staff.objects.filter(username=username).first()
        if actor is None:
            raise CommandError("Name the administrator with --as.")
        with open(args[0], encoding="utf-8") as handle:
            data = json.load(handle)
        try:
            version = version_import(actor=actor, data=data)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Imported as draft {version}.")
