"""Start the legal clocks of open notices and complaints that have none (notices counted as issued)."""

from django.core.management.base import BaseCommand

from deadlines.services import clocks_ensure
from inspectorate.models import Office


class Command(BaseCommand):
    help = "Give every open notice and complaint its legal clock (a notice keeps the deadline it was issued with)."

    def handle(self, *args, **options):
        total = 0
        for office_id in Office.objects.order_by("pk").values_list("pk", flat=True):
            total += clocks_ensure(office_id=office_id, legacy=True)
        self.stdout.write(f"{total} clocks started")
