"""Reads of complaints, already narrowed to what the user may see."""

import functools
from collections.abc import Callable

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspectorate import access
from inspectorate.choices import Role, choice_label
from inspectorate.filters import filtered_query
from inspectorate.models import Company, Staff
from inspectorate.pagination import PreparedRows
from inspectorate.periods import office_zones, zone_values, zone_values_q
from inspectorate.prepared import keep_prefetched, prepared
from inspectorate.widgets import LabelRows

from . import definitions, tracking
from .choices import OPEN_STATUSES, PUBLIC_STATUS_TEXT, Status
from .models import Category, Complaint, ComplaintAttachment, ComplaintEvent
from .queue_html import ROW_FIELDS


def with_overdue(queryset: QuerySet[Complaint], zones: list[str] | None = None) -> QuerySet[Complaint]:
    """Annotate ``overdue`` (complaints/definitions.py) as of today in each office's time zone;
    ``zones``: the zones of the offices the complaints can be in (by default every office's)."""
    names = zone_names(zones)
    return with_overdue_on(queryset, names, todays(names))


def zone_names(zones: list[str] | None) -> tuple[str, ...]:
    """``zones`` as :func:`with_overdue_on` takes them: sorted, each once; None is every office's."""
    return tuple(sorted(set(office_zones() if zones is None else zones)))


def todays(zones: tuple[str, ...]) -> tuple:
    """Today in each of ``zones``, one after the other: the days :func:`with_overdue_on` takes."""
    return zone_values(zones, lambda zone: (timezone.localdate(timezone=zone),))


def with_overdue_on(queryset: QuerySet[Complaint], zones: tuple[str, ...], days: tuple) -> QuerySet[Complaint]:
    """Annotate ``overdue`` on ``days``, one for each of ``zones`` (:func:`todays`): the day is a
    value a prepared query takes, where :func:`with_overdue` reads the clock."""
    overdue = zone_values_q(zones, days, definitions.overdue_q)
    return queryset.annotate(
        overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def complaint_list(*, user) -> QuerySet[Complaint]:
    # The rows show the company's name from the complaint's own column (Complaint.company_name).
    queryset = Complaint.objects.select_related("office", "assigned_to").prefetch_related("categories")
    return with_overdue(access.restrict(queryset, user), zones=_scope_zones(user))


def _scope_zones(user) -> list[str] | None:
    """The zone of the one office whose complaints are all the user sees (an office's staff), else None.

    Their "overdue" is then one office's day, not an OR over every zone in use: no query for the
    zones, and a third of the SQL to build and compile in the work queue's count, rows and order.
    """
    office_id = access.scope_office_id(Complaint, user)
    return [user.office.time_zone] if office_id is not None and office_id == user.office_id else None


def my_complaints(*, user) -> QuerySet[Complaint]:
    return complaint_list(user=user).filter(assigned_to=user)


@prepared("complaint_ids")
def _category_codes(*, complaint_ids: list[int]):
    return (
        Complaint.categories.through.objects.filter(complaint_id__any=complaint_ids)
        .order_by("complaint_id", "category__position", "category__code")  # Category's own order
        .values_list("complaint_id", "category__code")
    )


def complaint_category_names(*, complaint_ids: list[int]) -> dict[int, list[str]]:
    """Each complaint's categories as ``str(category)`` names them, in Category's order (the work queue's rows).

    One prepared query of the links' codes, where Django's prefetch built a category and a
    queryset per complaint (about 1 ms of Python a page, docs/performance.md §24).
    """
    if not complaint_ids:
        return {}
    field = Category._meta.get_field("code")
    names: dict[int, list[str]] = {}
    for complaint_id, code in _category_codes(complaint_ids=complaint_ids):
        names.setdefault(complaint_id, []).append(choice_label(field, code))
    return names


def complaint_detail_queryset() -> QuerySet[Complaint]:
    """The complaint of its page (``access.get_prepared_for_user``); its categories are read by
    :func:`with_categories`, its history and attachments by :func:`complaint_events` and
    :func:`complaint_attachments`."""
    return Complaint.objects.select_related(
        "office", "office__region", "company", "company__district", "reported_district", "assigned_to", "duplicate_of"
    )


@prepared("complaint_id")
def _categories(*, complaint_id: int):
    return Category.objects.filter(complaints=complaint_id)  # in Category's order


def with_categories(complaint: Complaint) -> Complaint:
    """The complaint with its categories read, as ``prefetch_related("categories")`` reads them:
    ``complaint.categories.all()`` then runs no query. By a prepared query, where Django's prefetch
    built and compiled its query on every request (about 0.35 ms of Python on the complaint page)."""
    keep_prefetched(complaint, "categories", _categories(complaint_id=complaint.pk))
    return complaint


@prepared("complaint_id")
def complaint_events(*, complaint_id: int):
    """The complaint's history, oldest first, with who acted and who was assigned (its page and the API)."""
    return ComplaintEvent.objects.filter(complaint_id=complaint_id).select_related("actor", "assignee")


@prepared("complaint_id")
def complaint_attachments(*, complaint_id: int):
    return ComplaintAttachment.objects.filter(complaint_id=complaint_id)


def possible_duplicates(*, complaint: Complaint) -> QuerySet[Complaint]:
    """Earlier open complaints against the same company with at least one category in common."""
    if complaint.company_id:
        same_company = Q(company_id=complaint.company_id)
    else:
        same_company = Q(company__isnull=True, reported_company_name__iexact=complaint.reported_company_name)
    shared = Complaint.categories.through.objects.filter(
        complaint_id=OuterRef("pk"), category_id__in=[c.pk for c in complaint.categories.all()]
    )
    return (
        Complaint.objects.filter(same_company, office_id=complaint.office_id, status__in=OPEN_STATUSES)
        .filter(Q(received_at__lt=complaint.received_at) | Q(received_at=complaint.received_at, pk__lt=complaint.pk))
        .filter(Exists(shared))
        .exclude(pk=complaint.pk)
        .select_related("company")
        .order_by("received_at")[:10]
    )


def assignable_inspectors(*, office_id: int) -> QuerySet[Staff]:
    """The office's active inspectors, each with ``open_caseload``: open complaints assigned to them."""
    open_cases = (
        Complaint.objects.filter(assigned_to=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Staff.objects.filter(office_id=office_id, role=Role.INSPECTOR, is_active=True)
        .annotate(open_caseload=Coalesce(Subquery(open_cases, output_field=IntegerField()), 0))
        .order_by(*Staff.NAME_ORDER)
    )


_INSPECTOR_OPTION_COLUMNS = (*Staff.LABEL_FIELDS, "open_caseload")


def assignable_inspector_options(*, office_id: int) -> LabelRows:
    """:func:`assignable_inspectors` as a select shows them (their names and caseload), by a prepared
    query: a page that only shows the assign and triage forms need not build that queryset (0.7 ms),
    nor an instance per inspector; each option is written once per row (inspectorate.widgets)."""
    return LabelRows(_INSPECTOR_OPTION_COLUMNS, _assignable_inspector_rows(office_id=office_id))


@prepared("office_id")
def _assignable_inspector_rows(*, office_id: int):
    return assignable_inspectors(office_id=office_id).values_list(*_INSPECTOR_OPTION_COLUMNS)


TRIAGE_STATUSES = (Status.RECEIVED, Status.SCREENED, Status.ASSIGNED)


def triage_office_id(user) -> int | None:
    """The office whose queue this user triages in bulk (the list page and the API): office heads only."""
    return user.office_id if user.role == Role.OFFICE_HEAD and user.office_id else None


def triage_queryset(user) -> QuerySet[Complaint]:
    """The complaints of that queue the user may screen and assign."""
    return access.restrict(Complaint.objects.all(), user, "change").filter(
        office_id=triage_office_id(user), status__in=TRIAGE_STATUSES
    )


QUEUE_ORDER = ("-overdue", "due_date", "-received_at", "-pk")


def complaint_queue_order(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Most urgent first: open before finished, overdue first, then the nearest due date."""
    return queryset.annotate(
        finished=Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("finished", *QUEUE_ORDER)


def complaint_queue_parts(queryset: QuerySet[Complaint]) -> tuple[QuerySet[Complaint], QuerySet[Complaint]]:
    """:func:`complaint_queue_order` in two parts, the open complaints and the finished ones.

    Read one after the other (``inspectorate.pagination.TwoPartPaginator``) they are the same rows
    in the same order; the open part alone is read through the open complaints' partial index.
    """
    # No finished complaint is overdue (definitions.overdue_q asks for an open status): without that
    # key their order needs no office time zone, and the sort comes before joining the companies.
    finished_order = [key for key in QUEUE_ORDER if key != "-overdue"]
    return queryset.filter(_IS_OPEN).order_by(*QUEUE_ORDER), queryset.exclude(_IS_OPEN).order_by(*finished_order)


_IS_OPEN = Q(status__in=sorted(OPEN_STATUSES))


def queue_as_it_opens(*, user) -> tuple[PreparedRows, PreparedRows]:
    """The work queue's two parts (:func:`complaint_queue_parts`) as it opens, no filter and no
    order asked for: counted and read by prepared queries, today in each zone their one value.

    The same rows as ``complaint_queue_parts(complaint_list(user=user))`` with the list's columns
    (``queue_html.ROW_FIELDS``); building and compiling those four queries took the queue 1-1.5 ms
    of Python per request (docs/performance.md §27).
    """
    zones = zone_names(_scope_zones(user))
    days = todays(zones)
    open_rows, finished_rows = (_queue_part(zones, part) for part in (0, 1))
    return (
        PreparedRows(Complaint, open_rows, _open_complaints, user, as_of=days),
        PreparedRows(Complaint, finished_rows, _finished_complaints, user, as_of=days),
    )


@functools.lru_cache(maxsize=64)
def _queue_part(zones: tuple[str, ...], part: int) -> Callable[[tuple], QuerySet[Complaint]]:
    # One function per zones and part, the same object each time: it is part of the query's shape.
    def rows_of(days: tuple) -> QuerySet[Complaint]:
        rows = Complaint.objects.select_related("office", "assigned_to").only(*ROW_FIELDS)
        return complaint_queue_parts(with_overdue_on(rows, zones, days))[part]

    return rows_of


def queue_filtered(
    *, user, filterset_class: type, given: tuple[tuple, tuple], ordered: bool
) -> tuple[PreparedRows, ...]:
    """The work queue narrowed by filters a prepared query applies (``given``:
    ``StyledFilterSet.prepared_given``), counted and read by prepared queries: the rows of
    ``filterset_class``'s ``qs`` over :func:`complaint_list`, with the list's columns. ``ordered``
    (an order was asked for, and is one of the filters): one list; else the two parts of
    :func:`complaint_queue_parts`.

    Building and compiling the count and the rows of a filtered queue took it about 1.5 ms of
    Python per request (docs/performance.md §29)."""
    shape, values = given
    zones = zone_names(_scope_zones(user))
    as_of = (*todays(zones), *values)
    parts = (None,) if ordered else (0, 1)
    return tuple(
        PreparedRows(Complaint, rows, rows, user, as_of=as_of, count_as_of=True)
        for rows in (_filtered_part(filterset_class, zones, shape, part) for part in parts)
    )


@functools.lru_cache(maxsize=256)
def _filtered_part(filterset_class: type, zones: tuple[str, ...], shape: tuple, part: int | None):
    # One function per filter set, zones, filters and part, the same object each time (the query's shape).
    def rows_of(days: tuple) -> QuerySet[Complaint]:
        rows = Complaint.objects.select_related("office", "assigned_to").only(*ROW_FIELDS)
        return with_overdue_on(rows, zones, days[: len(zones)])

    filtered = filtered_query(filterset_class, rows_of, shape, skip=len(zones))
    return filtered if part is None else lambda as_of: complaint_queue_parts(filtered(as_of))[part]


def _open_complaints() -> QuerySet[Complaint]:
    return Complaint.objects.filter(_IS_OPEN)


def _finished_complaints() -> QuerySet[Complaint]:
    return Complaint.objects.exclude(_IS_OPEN)


def complaint_by_tracking_code(*, code: str, reference: str | None = None) -> Complaint | None:
    """The complaint a typed tracking code (and, on the page, its reference) opens; None otherwise."""
    queryset = Complaint.objects.filter(tracking_code_hash__in=tracking.hashes_to_try(code))
    if reference is not None:
        queryset = queryset.filter(reference__iexact=reference.strip())
    return queryset.select_related("office").only("reference", "status", "status_changed_at", "office").first()


def public_steps(*, complaint: Complaint) -> list[dict]:
    """The status steps a complainant may read: when, and what it means in plain words.

    Only status changes, never who made them or the notes written with them.
    """
    events = complaint.events.exclude(to_status="").order_by("at", "pk").values_list("at", "to_status")
    steps, previous = [], None
    for at, to_status in events:
        if to_status == previous:
            continue  # a reassignment is the same step for the complainant
        steps.append({"at": at, "text": PUBLIC_STATUS_TEXT[to_status]})
        previous = to_status
    return steps


def public_company_search(*, query: str, district_id: int | None = None, limit: int = 10) -> list[dict]:
    """Companies by name for the public form: only id, name and district name, nothing else."""
    queryset = Company.objects.filter(name__icontains=query)
    if district_id:
        queryset = queryset.filter(district_id=district_id)
    rows = queryset.order_by("name", "id").values("id", "name", "district_id", "district__name")[:limit]
    return [
        {"id": row["id"], "name": row["name"], "district_id": row["district_id"], "district": row["district__name"]}
        for row in rows
    ]


def assignable_inspectors_all() -> QuerySet[Staff]:
    """Every active inspector; narrowed by access.restrict to the user's scope for the filters."""
    return Staff.objects.filter(role=Role.INSPECTOR, is_active=True).order_by(*Staff.NAME_ORDER)
