"""Query helpers every app may use, the same on PostgreSQL and on the demo's SQLite."""

from django.db import connections
from django.db.models import OuterRef, QuerySet, Subquery


def latest_per(queryset: QuerySet, key: str, ordering: tuple[str, ...]) -> QuerySet:
    """The first row of ``queryset`` per value of ``key`` in ``ordering`` (e.g. each company's newest snapshot).

    PostgreSQL answers it with ``DISTINCT ON``; other databases (SQLite, which ``make demo`` runs
    on) with a correlated subquery picking each key's first row's id. Same rows either way.
    """
    if connections[queryset.db].vendor == "postgresql":
        return queryset.order_by(key, *ordering).distinct(key)
    first = queryset.filter(**{key: OuterRef(key)}).order_by(*ordering).values("pk")[:1]
    return queryset.filter(pk=Subquery(first)).order_by(key)
