"""bench [--requests N] [--warmup N] [--fast] [--no-pdf] [--batch celery|inprocess|skip] [--batch-limit N] [--only TEXT]
bench --growth DATABASE_URL [--requests N] [--warmup N] [--only TEXT]
bench --bpjs [--bpjs-rows N]   (the BPJS participation import, timed: bench/bpjs.py)

``--only`` (repeatable) keeps the page and PDF rows whose label contains the text
(case-insensitive), e.g. ``--only "national dashboard" --only "quota PDF" --batch skip``.

Prints, for each key page and API call, fresh (cache cleared before each request) and cached:
median and p95 server time, queries, time in SQL, page/SQL and whether the cache was hit; then
the PDF build times and the month's batch with two Celery worker processes, each beside its
budget (see docs/performance.md). The fresh runs clear the default cache: point
``REDIS_CACHE_URL`` at a database of its own.

``--growth URL`` runs the pages on the current database, then on URL's (one tenth of the
national size, then the full size), and prints how time, SQL and queries grow.
"""

from django.core.management.base import BaseCommand, CommandError

from bench import run


class Command(BaseCommand):
    help = "Benchmark the key pages, PDFs and the monthly batch against the current database."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
        parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
        parser.add_argument("--fast", action="store_true", help="3 requests, 1 warm-up, batch of 2 in-process")
        parser.add_argument("--no-pdf", action="store_true", help="skip the single PDF builds")
        parser.add_argument("--batch", choices=["celery", "inprocess", "skip"], default="celery")
        parser.add_argument("--batch-limit", type=int, default=None, help="only the first N reports")
        parser.add_argument(
            "--only", action="append", default=[], metavar="TEXT", help="only rows whose label contains TEXT"
        )
        parser.add_argument("--batch-timeout", type=float, default=30 * 60, help="seconds")
        parser.add_argument(
            "--growth", metavar="DATABASE_URL", default="", help="pages here, then on this bigger data set"
        )
        parser.add_argument("--bpjs", action="store_true", help="only the timed BPJS participation import")
        parser.add_argument("--bpjs-rows", type=int, default=100_000, help="lines of the BPJS import (--bpjs)")

    def handle(self, *args, **options):
        if options["fast"]:
            options.update(requests=3, warmup=1, batch="inprocess", batch_limit=options["batch_limit"] or 2)
        if options["requests"] < 1:
            raise CommandError("--requests must be at least 1")
        common = {"requests": options["requests"], "warmup": options["warmup"], "out": self.stdout.write}
        if options["bpjs"]:
            from bench import bpjs

            bpjs.run(rows=options["bpjs_rows"], out=self.stdout.write)
            return
        try:
            if options["growth"]:
                run.growth(other_url=options["growth"], only=options["only"], **common)
                return
            rows = run.run(
                pdfs=not options["no_pdf"],
                batch=options["batch"],
                batch_limit=options["batch_limit"],
                batch_timeout=options["batch_timeout"],
                only=options["only"],
                **common,
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        over = [row.label for row in rows if row.over]
        self.stdout.write("")
        self.stdout.write(f"{len(rows)} figures, {len(over)} over budget" + (": " + "; ".join(over) if over else ""))
