from django.core.management.base import BaseCommand

from rollups.months import stamp_all
from rollups.rebuild import drift, rebuild


class Command(BaseCommand):
    help = "Recompute the month columns and the figures' rollups from the complaints and visits."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report the rows that differ; change nothing.")

    def handle(self, *args, check: bool = False, **options):
        if check:
            found = drift()
            for table, rows in found.items():
                for key, kept, actual in rows:
                    self.stdout.write(f"{table}: {key} kept {kept}, actual {actual}")
            self.stdout.write(f"{sum(len(r) for r in found.values())} rows differ.")
            return
        stamp_all()
        complaints, visits = rebuild()
        self.stdout.write(f"Rebuilt {complaints} complaint rows and {visits} visit rows.")
