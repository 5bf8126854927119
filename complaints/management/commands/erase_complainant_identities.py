"""Erase complainant identities past COMPLAINANT_RETENTION_DAYS (also run daily by Celery beat)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from complaints import services


class Command(BaseCommand):
    help = "Erase the complainant identity and evidence files of complaints closed longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the complaints due; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        complaints = services.complaints_erase_expired_identities(dry_run=dry_run)
        for complaint in complaints:
            self.stdout.write(complaint.reference)
        verb = "due for erasure" if dry_run else "erased"
        days = settings.COMPLAINANT_RETENTION_DAYS
        self.stdout.write(f"{len(complaints)} complaint(s) {verb} (retention {days} days).")
