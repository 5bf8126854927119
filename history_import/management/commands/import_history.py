"""manage.py import_history FILE --office CODE --by USERNAME — bring an office's past complaints and visits in."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from history_import import services
from history_import.models import HistoryImport, RecordKind
from history_import.reading import COMPLAINT_COLUMNS, VISIT_COLUMNS
from inspectorate.models import Office, Staff


class Command(BaseCommand):
    help = (
        "Import an office's history from CSV (one kind per file) or XLSX (sheets “complaints” and “visits”). "
        f"Complaint columns: {', '.join(COMPLAINT_COLUMNS)}. Visit columns: {', '.join(VISIT_COLUMNS)}. "
        "Bad lines are reported and left out; a second run of the same file changes nothing. "
        "See docs/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--office", help="the office's code")
        parser.add_argument("--by", dest="username", help="the administrator or office head importing")
        parser.add_argument("--kind", choices=RecordKind.values, help="a CSV file's kind (default: from its header)")
        parser.add_argument("--check", action="store_true", help="check every line and import nothing")
        parser.add_argument("--rollback", type=int, metavar="IMPORT_ID", help="remove everything one import created")
        parser.add_argument("--list", action="store_true", help="list the office's imports")

    def _actor(self, username: str | None) -> Staff:
        if not username:
            raise CommandError(_("Name the administrator or office head importing with --by USERNAME."))
        try:
            return Staff.objects.get(username=username, is_active=True)
        except Staff.DoesNotExist as exc:
            raise CommandError(_("No active staff member “%(name)s”.") % {"name": username}) from exc

    def handle(self, *args, file, office, username, kind, check, rollback, **options):
        actor = self._actor(username)
        if rollback is not None:
            return self._rollback(actor, rollback)
        if not office:
            raise CommandError(_("Name the office with --office CODE."))
        try:
            target = Office.objects.get(code=office)
        except Office.DoesNotExist as exc:
            raise CommandError(_("No office with code “%(code)s”.") % {"code": office}) from exc
        if options["list"]:
            for batch in HistoryImport.objects.filter(office=target).select_related("imported_by"):
                self.stdout.write(
                    f"#{batch.pk}\t{batch.imported_at:%Y-%m-%d %H:%M} UTC\t{batch.get_status_display()}\t"
                    f"{batch.complaints_created}+{batch.visits_created}\t{batch.original_name}"
                )
            return
        if file is None or not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            report = services.history_import_run(
                actor=actor, office=target, data=file.read_bytes(), name=file.name, kind=kind, dry_run=check
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        for sheet, line, reason in report.errors:
            self.stderr.write(
                _("%(sheet)s line %(line)d: %(reason)s") % {"sheet": sheet, "line": line, "reason": reason}
            )
        summary = _(
            "%(complaints)d complaints and %(visits)d visits imported, %(unchanged)d already imported, "
            "%(bad)d bad lines"
        ) % {
            "complaints": report.complaints_created,
            "visits": report.visits_created,
            "unchanged": report.unchanged,
            "bad": len(report.errors),
        }
        if check:
            summary = _("Check only, nothing imported: %(summary)s") % {"summary": summary}
        elif report.batch is not None:
            summary = _("Import #%(id)d: %(summary)s") % {"id": report.batch.pk, "summary": summary}
        self.stdout.write(self.style.SUCCESS(summary) if not report.errors else self.style.WARNING(summary))
        if report.errors and not (report.created_total or report.unchanged):
            raise CommandError(_("Nothing imported."))

    def _rollback(self, actor: Staff, batch_id: int) -> None:
        batch = HistoryImport.objects.filter(pk=batch_id).first()
        if batch is None:
            raise CommandError(_("No import #%(id)d.") % {"id": batch_id})
        try:
            services.history_import_rollback(actor=actor, batch=batch)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except Http404 as exc:  # out of the actor's scope: like a missing one
            raise CommandError(_("No import #%(id)d.") % {"id": batch_id}) from exc
        self.stdout.write(self.style.SUCCESS(_("Import #%(id)d rolled back.") % {"id": batch_id}))
