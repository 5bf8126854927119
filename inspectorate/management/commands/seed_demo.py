"""manage.py seed_demo — demo offices, staff of every role, companies, then each app's demo data."""

import importlib
import random

from django.core.management.base import BaseCommand
from django.utils import timezone

from inspectorate import demo

# Apps that add demo data of their own, in this order (later ones build on earlier ones).
APP_DEMOS = [
    "complaints.demo",
    "inspections.demo",
    "deadlines.demo",
    "rollups.demo",
    "reporting.demo",
    "targeting.demo",
]

LOGINS = [
    ("admin", "administrator"),
    ("pejabat.nasional", "official, national"),
    ("pejabat.jabar", "official, Jawa Barat"),
    ("pejabat.kalsel", "official, Kalimantan Selatan"),
    ("jb2.kepala", "office head, UPTD Wilayah II Jawa Barat"),
    ("jb2.pengawas01", "inspector (PPNS), UPTD Wilayah II Jawa Barat"),
    ("ks1.kepala", "office head, UPTD Wilayah I Kalimantan Selatan"),
    ("ks1.pengawas03", "inspector, UPTD Wilayah I Kalimantan Selatan"),
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again adds nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args, seed: int, **options):
        rng = random.Random(seed)  # nosec B311 (reproducible demo data, nothing secret)
        now = timezone.now()
        result = demo.seed(rng=rng)
        self.stdout.write("Organisation: " + ("created" if result["created"] else "already there"))
        for module_name in APP_DEMOS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if not module_name.startswith(exc.name or "\0"):
                    raise  # a real import error inside the app, not an app without demo data
                continue
            module.seed(rng=rng, now=now, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {demo.DEMO_PASSWORD}):"))
        for username, what in LOGINS:
            self.stdout.write(f"  {username:<20} {what}")
        self.stdout.write("Open http://127.0.0.1:8000 and log in.")
