"""Reads of accidents for other apps' pages, scoped through access.py."""

from django.db.models import Count, Q, QuerySet

from inspectorate import access
from inspectorate.models import Company
from inspectorate.prepared import aggregated

from .models import Accident


def company_accident_count(*, user, company: Company) -> int:
    """How many accidents of ``company`` the user may see (one query, built once: access.rows_for_user)."""
    rows = access.rows_for_user(Accident, _company_accidents, user, as_of=(company.pk,))
    return rows[0]["n"] if rows else 0


def _company_accidents(of_company: tuple[int]) -> QuerySet[Accident]:
    return aggregated(Accident.objects.filter(company_id=of_company[0]), n=Count("*"))


def list_rows() -> QuerySet[Accident]:
    """The accident list's rows, newest first, each with its injured and its dead counted: before
    the user's scope (``access.restrict``, or ``PreparedRows`` for the list as it opens)."""
    return (
        Accident.objects.select_related("office", "company")
        .annotate(injured_count=Count("injured"), fatal_count=Count("injured", filter=Q(injured__fatal=True)))
        .order_by("-occurred_at", "-pk")
    )


def list_count() -> QuerySet[Accident]:
    """What the list as it opens counts (its rows, one per accident)."""
    return Accident.objects.all()
