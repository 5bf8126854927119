"""Query helpers every app may use, the same on PostgreSQL and on the demo's SQLite."""

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, router, transaction
from django.db.models import (
    BooleanField,
    DateTimeField,
    Field,
    ForeignObject,
    JSONField,
    Lookup,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
)


def latest_per(queryset: QuerySet, key: str, ordering: tuple[str, ...]) -> QuerySet:
    """The first row of ``queryset`` per value of ``key`` in ``ordering`` (e.g. each company's newest snapshot).

    PostgreSQL answers it with ``DISTINCT ON``; other databases (SQLite, which ``make demo`` runs
    on) with a correlated subquery picking each key's first row's id. Same rows either way.
    """
    if connections[queryset.db].vendor == "postgresql":
        return queryset.order_by(key, *ordering).distinct(key)
    first = queryset.filter(**{key: OuterRef(key)}).order_by(*ordering).values("pk")[:1]
    return queryset.filter(pk=Subquery(first)).order_by(key)


def any_of(column: str, values, db_type: str, connection) -> tuple[str, tuple]:
    """SQL and parameters for ``column`` being one of ``values``.

    PostgreSQL: ``column = ANY(%s::type[])`` with the whole list as one parameter; other
    databases (the demo's SQLite): an ``IN`` list, or a condition that is never true for none.
    """
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::{db_type}[])", (values,)
    if not values:
        return "1 = 0", ()
    return f"{column} IN ({', '.join(['%s'] * len(values))})", tuple(values)


class AnyOf(Lookup):
    """``field__any=[1, 2, ...]``: the rows whose ``field`` is one of the values (:func:`any_of`).

    The same rows as ``__in``, which Django builds and checks value by value: the dashboards pass
    the country's 120 office ids to some twenty queries, about 0.3 ms of Python each (PostgreSQL
    turns an ``IN`` list into the same ``= ANY`` array). The values must be of the field's own
    type (ids, not instances).
    """

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = any_of(lhs, self.rhs, self.lhs.output_field.db_type(connection), connection)
        return sql, (*lhs_params, *params)


# Related fields take their lookups from ForeignObject down, not from Field.
Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)


@contextmanager
def serial_plan(using: str = "default") -> Iterator[None]:
    """Run the queries inside without PostgreSQL's parallel workers (elsewhere: as they are).

    For a query known to read few rows whose plan the planner still makes parallel on a wrong
    estimate: starting the workers costs 5-15 ms, more than the query (the dashboards' backlog,
    reporting/figures/resolution.py). ``SET LOCAL`` lasts to the end of its transaction, so the
    block is its own transaction; inside a caller's transaction it runs as it is rather than
    change the setting for the rest of that transaction.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def _copy_text(value) -> str:
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_encoder(field):
    """How one field's value is written in COPY's text format (``\\N`` is NULL)."""
    if isinstance(field, BooleanField):
        return lambda value: r"\N" if value is None else ("t" if value else "f")
    if isinstance(field, JSONField):
        return lambda value: r"\N" if value is None else _copy_text(json.dumps(value, cls=field.encoder))
    if isinstance(field, DateTimeField):
        return lambda value: r"\N" if value is None else value.isoformat()
    return lambda value: r"\N" if value is None else _copy_text(value)


def bulk_insert(model: type[Model], rows: list[dict], *, batch_size: int = 10000) -> int:
    """Insert many new rows of ``model``, each a dict of field values by attribute name (``company_id``).

    PostgreSQL: one ``COPY ... FROM STDIN`` straight from the dicts (no model instance, no SQL
    parameter per value, no ``RETURNING``), several times faster than ``bulk_create`` for tens of
    thousands of rows. A field a row leaves out gets its default. Other databases: ``bulk_create``.
    Only for models whose fields have no ``pre_save`` logic (``auto_now``).
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=batch_size)
        return len(rows)
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    if any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields):
        raise ValueError(f"{model.__name__} has auto_now fields: use bulk_create")
    columns = [(f.attname, _copy_encoder(f), f) for f in fields]
    buffer = io.StringIO()
    for row in rows:
        buffer.write(
            "\t".join([encode(row[name] if name in row else field.get_default()) for name, encode, field in columns])
        )
        buffer.write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, buffer)
    return len(rows)
