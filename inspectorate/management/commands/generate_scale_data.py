"""generate_scale_data [--offices N] [--inspectors N] [--companies N] [--complaints N] [--visits N]
[--findings-per-visit F] [--seed N] [--small] [--append | --reset]

Builds a national-scale data set for benchmarks (see bench/generate.py for what is generated).
"""

import time
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from bench.generate import FULL, GENERATED_MODELS, SMALL, Generator
from bench.sink import Sink
from complaints.models import Complaint, ComplaintAttachment
from inspectorate.models import Company, Office, Staff


class Command(BaseCommand):
    help = "Generate a national-scale data set (COPY on PostgreSQL) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int)
        parser.add_argument("--inspectors", type=int)
        parser.add_argument("--companies", type=int)
        parser.add_argument("--complaints", type=int)
        parser.add_argument("--visits", type=int)
        parser.add_argument("--findings-per-visit", type=float, dest="findings_per_visit")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--small", action="store_true", help="a small preset for tests")
        parser.add_argument("--chunk", type=int, default=20_000, help="rows per COPY / bulk_create")
        parser.add_argument("--database", default="default")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--append", action="store_true", help="add to the data already there")
        group.add_argument("--reset", action="store_true", help="wipe the organisation and case data first")

    def handle(self, *args, **options):
        sizes = SMALL if options["small"] else FULL
        overrides = {
            name: options[name]
            for name in ("offices", "inspectors", "companies", "complaints", "visits", "findings_per_visit")
            if options[name] is not None
        }
        for name, value in overrides.items():
            if value < 0:
                raise CommandError(f"--{name.replace('_', '-')} must not be negative")
        sizes = replace(sizes, **overrides)
        if sizes.offices < 1 or sizes.inspectors < 1:
            raise CommandError("At least one office and one inspector are needed.")
        using = options["database"]
        populated = any(model.objects.using(using).exists() for model in (Office, Staff, Company, Complaint))
        if options["reset"]:
            self.wipe(using)
        elif populated and not options["append"]:
            raise CommandError(
                "The database already holds data: pass --append to add to it or --reset to wipe it first."
            )
        self.stdout.write(
            f"Generating {sizes.offices} offices, {sizes.inspectors} inspectors, {sizes.companies:,} companies, "
            f"{sizes.complaints:,} complaints, {sizes.visits:,} visits (seed {options['seed']}, "
            f"{connections[using].vendor})"
        )
        started = time.monotonic()
        sink = Sink(using=using, chunk=options["chunk"], stdout=self.stdout)
        Generator(sizes=sizes, seed=options["seed"], sink=sink, stdout=self.stdout).run()
        elapsed = time.monotonic() - started
        total = sum(sink.counts.values())
        self.stdout.write(self.style.SUCCESS(f"Done: {total:,} rows in {elapsed:.1f}s"))

    def wipe(self, using: str) -> None:
        from inspections.models import (
            Addendum,
            Attachment,
            ChangeRecord,
            FieldNote,
            Investigation,
            InvestigationStep,
        )
        from reporting.models import Report

        connection = connections[using]
        self.stdout.write("Wiping the organisation and case data…")
        # Children first; legal provisions and complaint categories (reference data) stay.
        extra = [
            Report,
            ComplaintAttachment,
            InvestigationStep,
            Investigation,
            Addendum,
            ChangeRecord,
            FieldNote,
            Attachment,
        ]
        order = extra + list(reversed(GENERATED_MODELS))
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in order)
            with connection.cursor() as cursor:
                # Deferred foreign-key checks of rows written in this transaction must run before TRUNCATE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # CASCADE reaches sessions' owners (tokens, allauth rows); the audit table has no FK.
                cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        else:
            # Foreign keys are deferred on SQLite: plain DELETEs in one transaction, no collector
            # (which would trip over the self-references of notices and complaints).
            with transaction.atomic(using=using):
                for model in order:
                    model.objects.using(using).all()._raw_delete(using)
