"""manage.py import_companies FILE.csv — upsert the company registry by NIB."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inspectorate.imports import COLUMNS, company_import


class Command(BaseCommand):
    help = f"Import companies from a UTF-8 CSV with the columns: {', '.join(COLUMNS)}. Upserts by NIB."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})

        def progress(done: int, total: int) -> None:
            self.stdout.write(_("… %(done)d of about %(total)d rows read") % {"done": done, "total": total})

        result = company_import(file.read_bytes(), progress=progress)
        for line, reason in result.errors:
            self.stderr.write(_("line %(line)d: %(reason)s") % {"line": line, "reason": reason})
        summary = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(bad)d bad lines") % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "bad": len(result.errors),
        }
        self.stdout.write(self.style.SUCCESS(summary) if result.ok else self.style.WARNING(summary))
        if result.errors and not (result.created or result.updated or result.unchanged):
            raise CommandError(_("Nothing imported."))
