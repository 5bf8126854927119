"""manage.py verify_audit: recompute the audit trail's hash chain and say where it breaks."""

from django.core.management.base import BaseCommand, CommandError

from audit.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain and recompute every entry's hash. Exits non-zero and "
        "names the entries when one was changed, deleted, moved or written outside the chain. "
        "Prints the head (place:hash); record it elsewhere and pass it back with --expect-head "
        "to also catch the newest entries being deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--expect-head", default="", help="A head printed by an earlier run (place:hash).")

    def handle(self, *args, expect_head: str = "", **options):
        try:
            report = verify_chain(expect_head=expect_head)
        except (RuntimeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for problem in report.problems:
            self.stderr.write(problem)
        if report.more_problems:
            self.stderr.write(f"... and {report.more_problems} more")
        if not report.ok:
            raise CommandError(f"audit trail tampered with: {len(report.problems) + report.more_problems} problem(s)")
        self.stdout.write(f"audit trail intact: {report.checked} entries, head {report.head}")
