"""Prepared queries (inspectorate.prepared): built by the ORM once per shape, run with new values.

On PostgreSQL the second call of a shape does not build the query again and returns the rows the
queryset itself returns; a function that does not pass its values as they are is refused; with
``PREPARED_QUERIES_CHECK`` (the test settings) a query whose text depends on a value's content is
caught. On other databases (the demo's SQLite) the query is built on every call.
"""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import Complaint
from inspectorate.models import Office
from inspectorate.prepared import aggregated, prepared

from ..factories import OfficeFactory
from ..reporting.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def offices(region_a):
    made = [OfficeFactory(region=region_a) for _ in range(3)]
    for i, office in enumerate(made):
        for _ in range(i + 1):
            ComplaintFactory(office=office)
    return made


def _counted(build):
    """``build`` with a count of its calls (``.calls``)."""

    def counting(**kwargs):
        counting.calls += 1
        return build(**kwargs)

    counting.calls = 0
    return counting


def test_a_shape_is_built_once_and_run_again_with_new_values(offices):
    @_counted
    def build(*, office_ids, code_prefix, received_after):
        return (
            Complaint.objects.filter(
                office_id__any=office_ids, office__code__gte=code_prefix, received_at__gt=received_after
            )
            .order_by()
            .values("office_id")
            .annotate(n=Count("pk"))
        )

    query = prepared("office_ids", "code_prefix", "received_after")(build)
    long_ago = timezone.now() - dt.timedelta(days=3650)
    for chosen in ([offices[0].pk], [offices[1].pk, offices[2].pk], [o.pk for o in offices], [10**9]):
        values = {"office_ids": chosen, "code_prefix": "", "received_after": long_ago}
        expected = sorted(build(**values), key=lambda row: row["office_id"])
        assert sorted(query(**values), key=lambda row: row["office_id"]) == expected
        assert len(expected) == len([pk for pk in chosen if pk != 10**9])
    calls = build.calls
    with CaptureQueriesContext(connection) as queries:
        rows = query(office_ids=[offices[2].pk], code_prefix="", received_after=long_ago)
    assert rows == [{"office_id": offices[2].pk, "n": 3}]
    assert len(queries) == 1  # one query, seen by Django's query log like any other
    if POSTGRES:
        # Two builds with stand-ins for the shape, one to compare with (PREPARED_QUERIES_CHECK)
        # on each call; none for the query the call runs.
        assert build.calls - calls == 1
    else:
        assert build.calls - calls == 1  # the call's own


def test_the_rows_are_tuples_flat_values_and_converted_like_the_querysets(offices):
    ids = [o.pk for o in offices]

    @prepared("office_ids")
    def tuples(*, office_ids):
        return Office.objects.filter(pk__any=office_ids).order_by("pk").values_list("pk", "code")

    @prepared("office_ids")
    def flat(*, office_ids):
        return Office.objects.filter(pk__any=office_ids).order_by("pk").values_list("code", flat=True)

    @prepared("office_ids")
    def summed(*, office_ids):
        # Sum of an integer column: PostgreSQL answers a numeric, Django's converter makes it an int.
        return Complaint.objects.filter(office_id__any=office_ids).order_by().values_list(Sum("office_id"))

    for _ in range(2):  # the first call builds the shape, the second runs it
        assert tuples(office_ids=ids) == list(tuples.build(office_ids=ids)) == [(o.pk, o.code) for o in offices]
        assert flat(office_ids=ids) == [o.code for o in offices]
        total = summed(office_ids=ids)
        assert total == list(summed.build(office_ids=ids))
        assert type(total[0][0]) is type(summed.build(office_ids=ids)[0][0])


def test_a_tuple_of_bounds_fills_one_parameter_per_element(offices, settings):
    """One bound per time zone: the tuple's length is part of the shape, each element a parameter."""
    zones = ("Asia/Jakarta", "Asia/Makassar")

    @_counted
    def build(*, office_ids, zones, bounds):
        q = Q(pk__in=[])
        for zone, (start, end) in zip(zones, zip(bounds[::2], bounds[1::2], strict=True), strict=True):
            q |= Q(office__time_zone=zone, received_at__gte=start, received_at__lt=end)
        return Complaint.objects.filter(q, office_id__any=office_ids).order_by().values_list("office_id", flat=True)

    query = prepared("office_ids", "bounds")(build)
    Office.objects.filter(pk=offices[2].pk).update(time_zone="Asia/Makassar")
    ids = [o.pk for o in offices]
    now = timezone.now()
    for span in (dt.timedelta(days=1), dt.timedelta(days=-1), dt.timedelta(days=1)):
        bounds = (now - dt.timedelta(days=30), now + span, now - dt.timedelta(days=30), now + dt.timedelta(days=1))
        rows = sorted(query(office_ids=ids, zones=zones, bounds=bounds))
        assert rows == sorted(build(office_ids=ids, zones=zones, bounds=bounds))
        jakarta = [] if span.days < 0 else [offices[0].pk, offices[1].pk, offices[1].pk]
        assert rows == sorted(jakarta + [offices[2].pk] * 3)
    settings.PREPARED_QUERIES_CHECK = False
    calls = build.calls
    query(office_ids=ids, zones=zones, bounds=bounds)
    assert build.calls - calls == (0 if POSTGRES else 1)  # the shape's SQL run again, not built
    settings.PREPARED_QUERIES_CHECK = True
    # Another number of zones is another shape.
    assert query(office_ids=ids, zones=zones[:1], bounds=bounds[:2]) == list(
        build(office_ids=ids, zones=zones[:1], bounds=bounds[:2])
    )


def test_a_value_not_passed_as_it_is_is_refused(offices):
    @prepared("month")
    def next_year(*, month):
        # The year after ``month`` is computed from it: a constant of the stand-in, not a parameter.
        return Complaint.objects.filter(received_month__lt=dt.date(month.year + 1, 1, 1)).values("pk")

    if POSTGRES:
        with pytest.raises(ImproperlyConfigured, match="not passed as it is"):
            next_year(month=dt.date(2026, 3, 1))
    else:
        assert next_year(month=dt.date(2026, 3, 1)) == list(Complaint.objects.values("pk"))


def test_a_query_whose_text_depends_on_a_value_is_caught_by_the_check(offices, settings):
    settings.PREPARED_QUERIES_CHECK = True

    @prepared("month")
    def january_differs(*, month):
        complaints = Complaint.objects.filter(received_month__gte=month)
        if month.month == 1:  # the shape changes with the value: it must be a shape argument
            complaints = complaints.filter(is_anonymous=False)
        return complaints.values("pk")

    january_differs(month=dt.date(2026, 3, 1))
    if POSTGRES:
        with pytest.raises(AssertionError, match="differs"):
            january_differs(month=dt.date(2026, 1, 1))
    else:
        january_differs(month=dt.date(2026, 1, 1))


def test_named_rows_are_refused(offices):
    @prepared("office_ids")
    def named(*, office_ids):
        return Office.objects.filter(pk__any=office_ids).values_list("pk", named=True)

    if POSTGRES:
        with pytest.raises(ImproperlyConfigured, match="values"):
            named(office_ids=[offices[0].pk])
    else:
        assert [tuple(row) for row in named(office_ids=[offices[0].pk])] == [(offices[0].pk,)]


@pytest.mark.parametrize(
    "value",
    [None, [], True, dt.datetime(2026, 1, 1)],  # a naive moment is not prepared either
    ids=["none", "empty list", "bool", "naive datetime"],
)
def test_values_that_change_the_sql_are_built_as_they_are(offices, value):
    @_counted
    def build(*, office_ids, value):
        return Complaint.objects.filter(office_id__any=office_ids).values_list("pk", flat=True)

    query = prepared("office_ids", "value")(build)
    ids = [offices[2].pk]
    expected = sorted(Complaint.objects.filter(office=offices[2]).values_list("pk", flat=True))
    for _ in range(2):
        before = build.calls
        assert sorted(query(office_ids=ids, value=value)) == expected
        assert build.calls - before == 1  # built as it is, each time
    before = build.calls
    assert query(office_ids=[], value=1) == []  # no office: Django's own answer, none
    assert build.calls - before == 1


def test_the_check_setting_compares_each_run(offices, settings):
    """Without the check (production), a run builds nothing; with it, one build to compare."""

    @_counted
    def build(*, office_ids):
        return Office.objects.filter(pk__any=office_ids).values_list("pk", flat=True)

    query = prepared("office_ids")(build)
    query(office_ids=[offices[0].pk])
    settings.PREPARED_QUERIES_CHECK = False
    before = build.calls
    assert query(office_ids=[offices[1].pk]) == [offices[1].pk]
    assert build.calls - before == (0 if POSTGRES else 1)


def test_aggregated_gives_aggregates_one_row(offices):
    """``aggregated()``: the row ``aggregate()`` gives, which a prepared function can return."""

    @prepared("office_ids")
    def counts(*, office_ids):
        return aggregated(Complaint.objects.filter(office_id__any=office_ids), n=Count("pk"), top=Max("office_id"))

    for chosen in ([o.pk for o in offices], [offices[0].pk], [10**9]):
        expected = Complaint.objects.filter(office_id__in=chosen).aggregate(n=Count("pk"), top=Max("office_id"))
        assert counts(office_ids=chosen) == [expected]
    assert counts(office_ids=[10**9]) == [{"n": 0, "top": None}]


def _described(complaint) -> tuple:
    """What a page reads of a complaint: its columns, its office and region, company, annotation, categories."""
    return (
        {f.attname: getattr(complaint, f.attname) for f in Complaint._meta.concrete_fields},
        complaint.office.code,
        complaint.office.region.name,
        complaint.company.name if complaint.company_id else None,
        complaint.n_categories,
        sorted(c.code for c in complaint.categories.all()),
    )


def test_model_instances_are_built_as_django_builds_them(offices, categories):
    """A queryset of instances, its select_related, annotation and prefetch: the same objects,
    related rows attached, without a query more than the queryset's own."""
    complaints = list(Complaint.objects.filter(office__in=offices).order_by("pk"))
    complaints[0].categories.set(list(categories)[:2])
    complaints[-1].company, complaints[-1].reported_company_name = None, "PT Tanpa NIB"
    complaints[-1].save(update_fields=["company", "reported_company_name"])

    def of(queryset):
        return (
            queryset.select_related("office__region", "company")
            .annotate(n_categories=Count("categories"))
            .prefetch_related("categories")
            .order_by("pk")
        )

    @_counted
    def build(*, office_ids):
        return of(Complaint.objects.filter(office_id__any=office_ids))

    query = prepared("office_ids")(build)
    for chosen in (offices, offices[:1], offices[1:]):
        ids = [o.pk for o in chosen]
        expected = [_described(c) for c in of(Complaint.objects.filter(office__in=chosen))]
        rows = query(office_ids=ids)
        with CaptureQueriesContext(connection) as queries:
            assert [_described(c) for c in rows] == expected
        assert len(queries) == 0  # office, region, company and categories came with the rows
        assert all(type(c) is Complaint and c._state.db == "default" and not c._state.adding for c in rows)
    before = build.calls
    with CaptureQueriesContext(connection) as queries:
        query(office_ids=[offices[0].pk])
    assert len(queries) == 2  # the complaints, then their categories
    assert build.calls - before == 1  # the check's build (PREPARED_QUERIES_CHECK), not the run's
    assert query(office_ids=[10**9]) == []


def test_instances_of_a_related_manager_are_refused(offices):
    @prepared("office_id")
    def mine(*, office_id):
        return Office.objects.get(pk=offices[0].pk).complaints.filter(office_id=office_id)

    if POSTGRES:
        with pytest.raises(ImproperlyConfigured, match="related manager"):
            mine(office_id=offices[0].pk)


def test_instances_are_made_without_init_only_where_django_would_make_the_same(offices):
    """Prepared instances skip Model.__init__ (prepared.bare_instance): a column left out of the
    query is read on access as with only(); a model with a post_init receiver (or its own from_db
    or __init__) gets its instances, its related rows' too, from Django's from_db."""
    from django.db.models.signals import post_init

    from inspectorate.models import Region

    @prepared("office_id")
    def slim(*, office_id):
        return Office.objects.select_related("region").only("code", "region__code").filter(pk=office_id)

    made = slim(office_id=offices[0].pk)[0]
    usual = Office.objects.select_related("region").only("code", "region__code").get(pk=offices[0].pk)
    assert made.get_deferred_fields() == usual.get_deferred_fields() and made.region_id == usual.region_id
    with CaptureQueriesContext(connection) as queries:
        assert made.name == offices[0].name  # read on access, one query
    assert len(queries) == 1
    seen = []

    def watch(sender, instance, **kwargs):
        seen.append((sender, instance.pk))

    post_init.connect(watch, sender=Region)
    try:
        watched = slim(office_id=offices[0].pk)[0]
    finally:
        post_init.disconnect(watch, sender=Region)
    assert seen == [(Region, offices[0].region_id)]  # the office is plain, its region watched
    assert watched.region.code == offices[0].region.code and watched.code == offices[0].code
