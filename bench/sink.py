"""Where generated rows go: PostgreSQL COPY from an in-memory CSV buffer, or bulk_create elsewhere."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connections, models

NULL = "\\N"


class Sink:
    """Writes tuples of column values (``None`` = NULL) into a model's table, chunk by chunk."""

    def __init__(self, *, using: str = "default", chunk: int = 20_000, stdout=None):
        self.using = using
        self.connection = connections[using]
        self.chunk = chunk
        self.stdout = stdout
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    @property
    def copy(self) -> bool:
        return self.connection.vendor == "postgresql"

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> None:
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= self.chunk:
                self._flush(model, columns, batch)
                batch = []
        if batch:
            self._flush(model, columns, batch)

    def _flush(self, model, columns, batch) -> None:
        if self.copy:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerows([NULL if v is None else v for v in row] for row in batch)
            buffer.seek(0)
            table = self.connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(self.connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
            with self.connection.cursor() as cursor:
                cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
        else:
            model.objects.using(self.using).bulk_create(
                [model(**dict(zip(columns, row, strict=True))) for row in batch], batch_size=500
            )
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(batch)
        if self.stdout is not None:
            elapsed = time.monotonic() - self.started
            total = sum(self.counts.values())
            self.stdout.write(
                f"  {label:<32} {self.counts[label]:>10,} rows | total {total:>11,} in {elapsed:7.1f}s "
                f"({total / max(elapsed, 1e-6):>9,.0f} rows/s)"
            )

    def reset_sequences(self, model_list: Sequence[type[models.Model]]) -> None:
        """After COPY with explicit ids the sequences still start at 1: move them past the max id."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(model_list))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
