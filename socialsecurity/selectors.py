"""Reads of the socialsecurity pages: scoped through access.py, a fixed number of queries."""

from django.db.models import Max, Prefetch, QuerySet

from inspectorate import access
from inspectorate.models import Company

from .models import BpjsImport, Flag, Sanction


def targeting_list(*, user, kind: str = "") -> QuerySet[Company]:
    """Flagged companies the user may see, by size of the gap (workers not covered), largest first."""
    flags = Flag.objects.all()
    companies = access.restrict(Company.objects.select_related("district"), user).filter(bpjs_flags__isnull=False)
    if kind:
        companies = companies.filter(bpjs_flags__kind=kind)
        flags = flags.filter(kind=kind)
    return (
        companies.annotate(gap=Max("bpjs_flags__gap"))
        .prefetch_related(Prefetch("bpjs_flags", queryset=flags.order_by("-gap", "kind"), to_attr="flags"))
        .order_by("-gap", "name", "pk")
    )


def import_list(*, user) -> QuerySet[BpjsImport]:
    return access.restrict(BpjsImport.objects.select_related("office", "uploaded_by"), user)


def sanction_list(*, user) -> QuerySet[Sanction]:
    return access.restrict(Sanction.objects.select_related("company", "office"), user)
