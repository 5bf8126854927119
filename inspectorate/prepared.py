"""Queries the ORM builds once per shape, then runs again with new values.

A figure's query (a month's rollups of the offices shown, grouped and summed six ways) costs
the ORM 5-12 ms of Python to build and compile on every request, more than PostgreSQL takes to
run it. ``@prepared("office_ids", "start", "end")`` on a function that builds the queryset from
its keyword arguments keeps, per *shape* (the other arguments, and the values' types), the SQL
and where each value goes in its parameters; a later call with new values runs that SQL with
them. The function stays the one place the query is written: the first call of each shape
builds it, by calling it with stand-in values and finding them in the compiled parameters.

Rules for a prepared function:

- it returns a ``values()`` or ``values_list()`` queryset (rows), or a queryset of model
  instances (``select_related`` and annotations allowed), built as Django's own iterator builds
  them; its ``prefetch_related`` lookups then run on them as Django runs them (each its query);
- it depends on its arguments only (no ``timezone.now()`` inside: that would be kept as it was
  at the first call); everything that changes the SQL's text (a category or not, a year to date
  or not) is a shape argument, so hashable, and the *value* arguments only fill parameters;
- a value is an ``int``, ``str``, ``date``, aware ``datetime``, a non-empty list of ``int`` for
  ``__any``, or a tuple of such scalars whose length is part of the shape (one bound per time
  zone, say); never ``None``, a ``bool`` or an empty list: those change the SQL, and the call
  then builds the query as it is.

With ``PREPARED_QUERIES_CHECK`` (the test settings), every prepared run also builds the query
from its real values and checks that the SQL and parameters are the same. On databases other
than PostgreSQL (the demo's SQLite, where dates become text) the query is simply built each time.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import ForeignKey, Model, QuerySet, Value, signals
from django.db.models.base import ModelState
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
    prefetch_related_objects,
)
from django.utils import translation

# Two sets of stand-ins, unlike each other in every part (year, month, day, hour, size), so that
# a value turned into something else (its year, the month after it) differs between the two.
# Inside a 2-byte integer column (a year): Django refuses a value out of its column's range
# (EmptyResultSet) before any SQL is written. A constant equal to one of them is still told apart:
# it is the same in both builds.
_INT_BASES = (29_989, 31_013)
_MOMENTS = (dt.datetime(1901, 2, 3, 4, 5, 6, tzinfo=dt.UTC), dt.datetime(1957, 9, 14, 17, 48, 31, tzinfo=dt.UTC))


def _stand_in(kind, index: int, stand_ins: int):
    """A value of ``kind`` that no query of the project writes itself, distinct for each ``index``
    and unlike its counterpart of the other set (``stand_ins``, 0 or 1)."""
    if kind is int:
        return _INT_BASES[stand_ins] + index
    if kind is str:
        return f"\x1fprepared-{stand_ins}-{index}\x1f"
    if kind is dt.date:
        return _MOMENTS[stand_ins].date() + dt.timedelta(days=index)
    if kind is dt.datetime:
        return _MOMENTS[stand_ins] + dt.timedelta(seconds=index)
    if kind == (list, int):
        return [_INT_BASES[stand_ins] + index]
    if type(kind) is tuple and kind[0] is tuple:  # each element its own stand-in
        return tuple(_stand_in(element, index * 100 + j, stand_ins) for j, element in enumerate(kind[1]))
    raise TypeError(kind)


def _kind(value):
    """The value's kind for a stand-in, or None if it cannot be one (it changes the SQL or is ambiguous)."""
    if type(value) is tuple:
        kinds = tuple(_scalar_kind(element) for element in value)
        return (tuple, kinds) if kinds and None not in kinds else None
    if type(value) is list and value and all(type(v) is int for v in value):
        return (list, int)
    return _scalar_kind(value)


def _scalar_kind(value):
    if isinstance(value, bool) or value is None:
        return None
    if type(value) in (int, str, dt.date):
        return type(value)
    if type(value) is dt.datetime:
        return dt.datetime if value.tzinfo is not None else None
    return None


@dataclass(frozen=True)
class _Models:
    """What ``ModelIterable`` derives from the compiled query to build instances, kept with its SQL."""

    model: type
    start: int
    end: int
    init_list: tuple  # the attribute names of the model's own columns, in the row's order
    populators: tuple  # Django's RelatedPopulator per select_related relation
    annotations: tuple  # (attribute, position)
    prefetches: tuple  # the queryset's prefetch_related lookups

    @classmethod
    def of(cls, queryset: QuerySet, compiler) -> _Models:
        if queryset._known_related_objects:
            raise ImproperlyConfigured("A prepared query of model instances may not come from a related manager.")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return cls(
            model=klass_info["model"],
            start=start,
            end=end,
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            populators=tuple(get_related_populators(klass_info, select, queryset.db)),
            annotations=tuple(compiler.annotation_col_map.items()),
            prefetches=tuple(queryset._prefetch_related_lookups),
        )

    def build(self, alias: str, rows: list) -> list:
        """The instances, as ``ModelIterable`` builds them from these rows, then prefetched."""
        makers = _Makers()
        make = makers[self.model]
        instances = []
        for row in rows:
            instance = make(alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                _populate(populator, row, instance, makers)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        if self.prefetches and instances:
            prefetch_related_objects(instances, *self.prefetches)
        return instances


def _populate(populator, row, from_obj, makers: _Makers) -> None:
    """Django's ``RelatedPopulator.populate``, its instances made as ``makers`` says."""
    if populator.reorder_for_init:
        values = populator.reorder_for_init(row)
    else:
        values = row[populator.cols_start : populator.cols_end]
    if values[populator.pk_idx] is None:
        obj = None
    else:
        obj = makers[populator.model_cls](populator.db, populator.init_list, values)
        for related in populator.related_populators:
            _populate(related, row, obj, makers)
    populator.local_setter(from_obj, obj)
    if obj is not None:
        populator.remote_setter(obj, from_obj)


class _Makers(dict):
    """Per model, how an instance is made from a row: :func:`bare_instance` when that is what
    ``Model.from_db`` would make (:func:`plain_model`), else ``from_db``."""

    def __missing__(self, model):
        maker = self[model] = functools.partial(bare_instance, model) if plain_model(model) else model.from_db
        return maker


def plain_model(model: type[Model]) -> bool:
    """Whether ``model`` builds its instances as Django's ``Model`` does: its own ``from_db`` or
    ``__init__``, or a ``pre_init``/``post_init`` receiver, would be skipped by :func:`bare_instance`."""
    return (
        model.from_db.__func__ is Model.from_db.__func__
        and model.__init__ is Model.__init__
        and not any(signal.has_listeners(model) for signal in (signals.pre_init, signals.post_init))
    )


def bare_instance(model: type[Model], db: str, attnames, values) -> Model:
    """The instance ``model.from_db(db, attnames, values)`` makes, made without ``Model.__init__``,
    which sets every field one by one; each field's descriptor keeps a loaded value in the
    instance's ``__dict__`` just so, and a column left out is read on access, as with ``only()``.
    (A page of 25 complaints with their offices and assignees: 0.45 ms in ``__init__``, timed per call.)
    For :func:`plain_model` models only."""
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    state = obj._state = ModelState()
    state.adding, state.db = False, db
    return obj


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple  # per parameter: (True, (name, None or position in a tuple)) for a value, (False, constant)
    alias: str
    rows: str  # "dicts", "tuples", "flat" or "models"
    names: tuple
    converters: tuple  # (position, (converters, expression)), as Django's compiler applies them
    models: _Models | None = None  # for "models": how Django's ModelIterable builds each row's instances

    def params(self, values: dict) -> list:
        """The parameters for these values: each slot's value, or its constant."""
        return [_value(values, *item) if is_value else item for is_value, item in self.slots]


def _compile(build, kwargs: dict, stand_ins: tuple[dict, dict]) -> _Compiled:
    """Build the query twice, with two sets of stand-ins: each parameter is a value where it is
    that value's stand-in both times, a constant where it is the same both times; anything else
    (a value turned into something else, or changing the SQL's text) is refused."""
    compiled = []
    for values in stand_ins:
        queryset = build(**{**kwargs, **values})
        query = queryset.query
        if query.extra_select:
            raise ImproperlyConfigured("A prepared query may not use extra(select=...).")
        compiler = query.get_compiler(queryset.db)
        compiled.append((queryset, compiler, *compiler.as_sql()))
    (queryset, compiler, sql, params), (_, _, other_sql, other_params) = compiled
    if sql != other_sql or len(params) != len(other_params):
        raise ImproperlyConfigured(f"A prepared value changes the SQL's text: {sql}")
    first, second = (_places(values) for values in stand_ins)
    slots = []
    for param, other in zip(params, other_params, strict=True):
        place = first.get(_key(param))
        if place is not None and second.get(_key(other)) == place:
            slots.append((True, place))
        elif _key(param) == _key(other):
            slots.append((False, param))
        else:
            raise ImproperlyConfigured(f"A prepared value is not passed as it is: {param!r} / {other!r}")
    iterable = queryset._iterable_class
    rows = {
        ValuesIterable: "dicts",
        ValuesListIterable: "tuples",
        FlatValuesListIterable: "flat",
        ModelIterable: "models",
    }.get(iterable)
    if rows is None:
        raise ImproperlyConfigured("A prepared query returns values(), values_list() or model instances.")
    names = tuple(query.selected or (*query.values_select, *query.annotation_select))
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    converters = tuple(compiler.get_converters(fields).items())
    models = _Models.of(queryset, compiler) if rows == "models" else None
    return _Compiled(sql, tuple(slots), queryset.db, rows, names, converters, models)


def _key(value) -> tuple[str, str]:
    return repr(type(value)), repr(value)


def _places(values: dict) -> dict:
    """Each stand-in's key -> ``(name, None)``, or ``(name, j)`` for the ``j``-th element of a tuple."""
    places = {}
    for name, value in values.items():
        if type(value) is tuple:
            places.update({_key(element): (name, j) for j, element in enumerate(value)})
        else:
            places[_key(value)] = (name, None)
    return places


def _value(values: dict, name: str, position: int | None):
    value = values[name]
    return value if position is None else value[position]


def _run(compiled: _Compiled, values: dict) -> list:
    connection = connections[compiled.alias]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params(values))
        fetched = cursor.fetchall()
    if compiled.converters:
        converted = []
        for row in fetched:
            row = list(row)
            for position, (functions, expression) in compiled.converters:
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
            converted.append(row)
        fetched = converted
    if compiled.rows == "dicts":
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in fetched]
    if compiled.rows == "flat":
        return [row[0] for row in fetched]
    if compiled.rows == "models":
        return compiled.models.build(compiled.alias, fetched)
    return [tuple(row) for row in fetched]


def _check(built, compiled: _Compiled, values: dict) -> None:
    sql, params = built.query.get_compiler(built.db).as_sql()
    expected = compiled.params(values)
    if sql != compiled.sql or list(params) != expected:
        raise AssertionError(
            f"A prepared query differs from the one its function builds:\n{compiled.sql}\n{expected}\n{sql}\n{params}"
        )


def keep_prefetched(instance: Model, name: str, objects: list) -> None:
    """Keep ``objects`` as ``instance``'s relation ``name`` (many-to-many, or the reverse of a foreign
    key), as ``prefetch_related(name)`` keeps what it reads (Django's ``prefetch_one_level``):
    ``getattr(instance, name).all()`` then gives them without a query, and each object of a reverse
    foreign key knows ``instance`` as its own. ``objects`` must be what that relation's ``all()``
    reads, in its order: a prepared query of them."""
    manager = getattr(instance, name)
    objects = list(objects)
    if hasattr(manager, "prefetch_cache_name"):  # many-to-many
        cache_name = manager.prefetch_cache_name
    elif isinstance(getattr(manager, "field", None), ForeignKey) and manager.field.remote_field.model is type(instance):
        field = manager.field
        cache_name = field.remote_field.cache_name
        for obj in objects:
            if not field.is_cached(obj):
                field.set_cached_value(obj, instance)
    else:
        raise ImproperlyConfigured(
            f"{name!r} is not a many-to-many relation or a reverse foreign key of {type(instance).__name__}."
        )
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset


def aggregated(queryset: QuerySet, **aggregates) -> QuerySet:
    """``queryset.aggregate(**aggregates)`` as a ``values()`` queryset a prepared function can
    return: one row of the aggregates (grouped by a constant, so by nothing), or none at all when
    Django knows the queryset is empty."""
    return queryset.annotate(every=Value(1)).order_by().values("every").annotate(**aggregates).values(*aggregates)


def prepared(*value_names: str):
    """Decorate a function building a queryset from keyword arguments; ``value_names``
    are the arguments that only fill parameters (the rest make the shape). The decorated function
    returns the queryset's rows as a list; ``.build`` is the undecorated function."""

    def decorate(build):
        shapes: dict = {}

        @functools.wraps(build)
        def run(**kwargs) -> list:
            values = {name: kwargs[name] for name in value_names}
            kinds = {name: _kind(value) for name, value in values.items()}
            queryset = None
            if None in kinds.values():
                return list(build(**kwargs))
            shape = tuple((k, v) for k, v in sorted(kwargs.items()) if k not in values)
            key = (shape, tuple(sorted(kinds.items(), key=lambda item: item[0])), translation.get_language())
            compiled = shapes.get(key)
            if compiled is None:
                queryset = build(**kwargs)
                if connections[queryset.db].vendor != "postgresql":
                    return list(queryset)
                stand_ins = tuple(
                    {name: _stand_in(kinds[name], i, n) for i, name in enumerate(value_names)} for n in (0, 1)
                )
                try:
                    compiled = _compile(build, kwargs, stand_ins)
                except EmptyResultSet:  # a shape Django knows matches nothing: no SQL to keep
                    return list(queryset)
                if len(shapes) > 512:
                    shapes.clear()
                shapes[key] = compiled
            if getattr(settings, "PREPARED_QUERIES_CHECK", False):
                _check(queryset if queryset is not None else build(**kwargs), compiled, values)
            return _run(compiled, values)

        run.build = build
        return run

    return decorate
