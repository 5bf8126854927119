"""generate_reports --month YYYY-MM [--office CODE] [--region CODE] [--national] [--kind K] [--sync] [--rebuild]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspectorate.models import Office, Region
from reporting import services
from reporting.choices import MONTHLY_KINDS, ReportKind, ReportStatus
from reporting.forms import parse_month


class Command(BaseCommand):
    help = "Request (or with --sync, build here and now) the monthly reports of a month."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--office", action="append", default=[], help="office code (repeatable)")
        parser.add_argument("--region", action="append", default=[], help="region code (repeatable)")
        parser.add_argument("--national", action="store_true", help="the national reports")
        parser.add_argument(
            "--kind",
            choices=ReportKind.values,
            help="only this kind (default: both monthly kinds; the annual report only when named)",
        )
        parser.add_argument("--language", default=None, help="id or en (default: the site language)")
        parser.add_argument("--sync", action="store_true", help="build in this process and print the files")
        parser.add_argument("--rebuild", action="store_true", help="replace reports that are already built")

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"])
        except ValueError:
            raise CommandError("--month must look like 2024-05") from None
        scopes = []
        for code in options["office"]:
            office = Office.objects.filter(code=code).first()
            if office is None:
                raise CommandError(f"No office with code {code!r}")
            scopes.append({"office": office})
        for code in options["region"]:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"No region with code {code!r}")
            scopes.append({"region": region})
        if options["national"]:
            scopes.append({})
        if not scopes:
            scopes = [{"office": office} for office in Office.objects.order_by("code")]
        kinds = [options["kind"]] if options["kind"] else MONTHLY_KINDS
        failed = False
        for scope in scopes:
            for kind in kinds:
                try:
                    report = services.report_request(
                        kind=kind,
                        month=month,
                        language=options["language"],
                        rebuild=options["rebuild"],
                        enqueue=not options["sync"],
                        **scope,
                    )
                except ValidationError as exc:
                    raise CommandError("; ".join(exc.messages)) from exc
                if options["sync"] and report.status == ReportStatus.QUEUED:
                    services.report_build(report_id=report.pk)
                report.refresh_from_db()
                if report.status == ReportStatus.DONE and options["sync"]:
                    self.stdout.write(report.file.name)
                elif report.status == ReportStatus.FAILED:
                    failed = True
                    self.stderr.write(f"{report}: failed: {report.error}")
                else:
                    self.stdout.write(f"{report}: {report.get_status_display()}")
        if failed:
            raise CommandError("Some reports failed.")
