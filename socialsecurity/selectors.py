"""Reads of the socialsecurity pages: scoped through access.py, a fixed number of queries."""

from django.core.paginator import Page, Paginator
from django.db.models import Max, Prefetch, QuerySet

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company, District, Region
from inspectorate.pagination import PreparedRows
from reporting.figures import socialsecurity as figures

from .models import BpjsImport, Flag, Participation, Sanction

SNAPSHOTS_PER_PAGE = 10


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


def coverage_for(*, user, year: int, region_id=None) -> tuple[figures.Coverage, Region | None]:
    """The coverage the user may read: an office's own districts, an official's region (all for a national
    official or an admin); a region outside that scope is a 404."""
    districts = access.restrict(District.objects.all(), user)
    if user.role in (Role.INSPECTOR, Role.OFFICE_HEAD):
        districts = districts.filter(office_id=user.office_id)
    region = access.get_for_user(Region.objects.all(), user, pk=region_id) if region_id else None
    return figures.coverage(year=year, region=region, districts=districts), region


def company_bpjs(*, user, company: Company, page=None) -> tuple[list[Flag], Page]:
    """The company page's BPJS panel: its flags (largest gap first) and its participation snapshots,
    newest first, a page of ``SNAPSHOTS_PER_PAGE`` (three queries, however many snapshots)."""
    # Each query built once per shape (access.rows_for_user, PreparedRows), the company's id its value.
    of_company = (company.pk,)
    flags = access.rows_for_user(Flag, _company_flags, user, as_of=of_company)
    snapshots = PreparedRows(
        Participation, _company_snapshots, _company_snapshots, user, as_of=of_company, count_as_of=True
    )
    return flags, Paginator(snapshots, SNAPSHOTS_PER_PAGE).get_page(page)


def _company_flags(of_company: tuple[int]) -> QuerySet[Flag]:
    return Flag.objects.filter(company_id=of_company[0]).order_by("-gap", "kind")


def _company_snapshots(of_company: tuple[int]) -> QuerySet[Participation]:
    return Participation.objects.filter(company_id=of_company[0]).order_by("-as_of", "-id")
