"""The one place that decides who sees and changes what.

Every queryset a user can reach goes through :func:`restrict`; every object fetched for a
user goes through :func:`get_for_user`, so an object outside the user's scope is a 404,
exactly like one that does not exist.

Scope (DESIGN.md §5):
- inspectors and office heads see and change only their own office's objects;
- officials read their region's objects, or everything when they have no region
  (national); they never change anything;
- admins see and change everything;
- anyone else (anonymous, inactive) sees nothing.

A model says how it belongs to an office with ``scope_office_path``: the lookup from the
model to its :class:`Office` (``"office"``, ``"district__office"``). Offices, regions, districts
and staff are handled here directly. Two optional attributes refine it:
- ``scope_region_path``: a record that may belong to a region instead of an office (a regional
  report); officials of that region (and national ones) read it;
- ``scope_roles``: the roles that may see such records at all (admins always may); reports,
  for instance, are not for inspectors.

Querysets declared at import time (serializer related fields, filter choices) cannot know the
user: they take :func:`restricted`, a callable the API's scoped field and filter set
(``inspectorate/api/scoping.py``) call with the request, so their choices are narrowed here too.
"""

from collections.abc import Callable
from typing import Literal, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from .choices import Role
from .kept import Kept
from .models import District, Office, Region, Staff
from .prepared import prepared

Action = Literal["view", "change"]
M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ADMIN))


def _office_q(user, action: Action, office_path: str) -> Q | None:
    """A filter on ``office_path`` for this user, ``None`` for everything, ``NOTHING`` for nothing."""
    nothing = NOTHING
    if not (user.is_authenticated and user.is_active):
        return nothing
    if is_admin(user):
        return None
    prefix = f"{office_path}__" if office_path else ""
    if user.role in (Role.INSPECTOR, Role.OFFICE_HEAD):
        if user.office_id is None:
            return nothing
        return Q(pk=user.office_id) if office_path == "" else Q(**{f"{office_path}_id": user.office_id})
    if user.role == Role.OFFICIAL and action == "view":
        if user.region_id is None:
            return None
        return Q(**{f"{prefix}region_id": user.region_id})
    return nothing


def is_scoped(model: type[models.Model]) -> bool:
    """Whether records of ``model`` belong to an office or region (reference data does not)."""
    return model in (Office, Region, District, Staff) or hasattr(model, "scope_office_path")


def scope_q(model: type[models.Model], user, action: Action = "view") -> Q | None:
    """The filter on ``model`` for what ``user`` may ``action``: ``None`` for everything, ``NOTHING`` for nothing."""
    if model is Office:
        return _office_q(user, action, "")
    if model is Region:
        return _region_q(user, action)
    if model is District:
        return _region_q(user, action, prefix="region__")
    if model is Staff:
        # Staff records are read within scope but changed by admins only.
        return _office_q(user, action, "office") if action == "view" or is_admin(user) else NOTHING
    roles = getattr(model, "scope_roles", None)
    if roles is not None and not is_admin(user) and getattr(user, "role", None) not in roles:
        return NOTHING
    q = _office_q(user, action, model.scope_office_path)
    region_path = getattr(model, "scope_region_path", None)
    if region_path and q is not None and q != NOTHING and user.role == Role.OFFICIAL:
        q |= Q(**{f"{region_path}_id": user.region_id})
    return q


def restrict(queryset: QuerySet[M], user, action: Action = "view") -> QuerySet[M]:
    """Narrow ``queryset`` to what ``user`` may ``action``."""
    q = scope_q(queryset.model, user, action)
    return queryset if q is None else queryset.filter(q)


def restricted_of(queryset_of: Callable[[], QuerySet[M]], user, action: Action = "view") -> QuerySet[M]:
    """``restrict(queryset_of(), user, action)``, narrowed once per ``queryset_of`` (a module-level
    function: the same object on every call) and scope (the filter ``scope_q`` gives: the key), and
    copied for each call. For the querysets a list page's filters validate against: narrowing one
    cost a page about 0.1-0.3 ms. The kept queryset is never read itself, so it holds no rows."""
    model = _MODELS.get(queryset_of)
    if model is None:
        model = _MODELS[queryset_of] = queryset_of().model
    key = (queryset_of, action, scope_q(model, user, action))
    return _RESTRICTED.written(key, lambda: restrict(queryset_of(), user, action)).all()


_MODELS: dict[Callable, type[models.Model]] = {}  # restricted_of: each function's model
_RESTRICTED = Kept(limit=512)  # restricted_of's querysets, by function, action and scope


def scope_office_id(model: type[models.Model], user, action: Action = "view") -> int | None:
    """The one office whose records of ``model`` are all the user may ``action`` (a scope of that
    office's key alone, as for an office's staff), or None for any other scope."""
    q = scope_q(model, user, action)
    equality = _one_equality(q) if q is not None and q != NOTHING else None
    path = getattr(model, "scope_office_path", None)
    return equality[1] if equality and path and equality[0] == f"{path}_id" else None


def _one_equality(q: Q) -> tuple[str, int] | None:
    """``(lookup, value)`` of a filter that is one column's equality to a number, else None."""
    if q.negated or len(q.children) != 1 or type(q.children[0]) is not tuple or type(q.children[0][1]) is not int:
        return None
    return q.children[0]


def sees_any(model: type[models.Model], user, action: Action = "view") -> bool:
    """Whether the user's role gives any scope at all on ``model`` (no query)."""
    return scope_q(model, user, action) != NOTHING


def restricted(queryset: QuerySet[M], action: Action = "view") -> Callable[..., QuerySet[M]]:
    """``queryset`` narrowed later, for the user of the request it is called with (none without one).

    For choices declared at import time: django-filter calls a callable queryset with the
    request, and the API's scoped related field calls it with the serializer's request.
    """

    def narrowed(request) -> QuerySet[M]:
        user = getattr(request, "user", None)
        return queryset.none() if user is None else restrict(queryset.all(), user, action)

    narrowed.model = queryset.model
    narrowed.scoped = True
    return narrowed


def _region_q(user, action: Action, prefix: str = "") -> Q | None:
    """Regions and districts: reference data, readable within the user's region."""
    nothing = NOTHING
    if not (user.is_authenticated and user.is_active):
        return nothing
    if is_admin(user):
        return None
    if action != "view":
        return nothing
    if user.role in (Role.INSPECTOR, Role.OFFICE_HEAD):
        if user.office_id is None:
            return nothing
        return Q(**{f"{prefix}pk": _office_region_id(user)})
    if user.role == Role.OFFICIAL:
        return None if user.region_id is None else Q(**{f"{prefix}pk": user.region_id})
    return nothing


def _office_region_id(user) -> int | None:
    # The office is select_related by the authentication middleware's user when it matters;
    # a plain attribute read here costs at most one query per request.
    return user.office.region_id if user.office_id else None


def get_for_user(queryset: QuerySet[M], user, action: Action = "view", **lookup) -> M:
    """The object matching ``lookup`` within the user's scope, or 404 (never 403)."""
    try:
        return restrict(queryset, user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@prepared("pk", "scope_value")
def _one_in_scope(*, queryset_of, scope_lookup: str, pk: int, scope_value: int):
    queryset = queryset_of()
    if scope_lookup:
        queryset = queryset.filter(**{scope_lookup: scope_value})
    return queryset.filter(pk=pk)


@prepared("scope_value")
def _all_in_scope(*, queryset_of, scope_lookup: str, scope_value: int, bounds: tuple[int, int] | None = None):
    return _in_scope(queryset_of(), scope_lookup, scope_value, bounds)


@prepared("scope_value", "as_of")
def _all_in_scope_as_of(
    *, queryset_of, scope_lookup: str, scope_value: int, as_of: tuple, bounds: tuple[int, int] | None = None
):
    return _in_scope(queryset_of(as_of), scope_lookup, scope_value, bounds)


def _in_scope(queryset: QuerySet, scope_lookup: str, scope_value: int, bounds: tuple[int, int] | None):
    if scope_lookup:
        queryset = queryset.filter(**{scope_lookup: scope_value})
    return queryset if bounds is None else queryset[bounds[0] : bounds[1]]


def _prepared_scope(model: type[models.Model], user, action: Action) -> tuple[str, int] | Q | None:
    """The user's scope on ``model`` as a prepared query takes it: ``("", 0)`` for everything,
    ``(lookup, value)`` for one column's equality to a number; None for any other scope.
    ``NOTHING`` when the user may see nothing."""
    q = scope_q(model, user, action)
    if q == NOTHING:
        return NOTHING
    return ("", 0) if q is None else _one_equality(q)


def get_prepared_for_user(
    model: type[M], queryset_of: Callable[[], QuerySet[M]], user, pk, action: Action = "view"
) -> M:
    """:func:`get_for_user` by primary key, the query built once per shape (``inspectorate.prepared``):
    ``queryset_of()`` (a queryset of ``model``, the same on every call), narrowed to the user's
    scope, for ``pk``. A scope of more than one column's equality is narrowed the usual way."""
    scope = _prepared_scope(model, user, action)
    if scope == NOTHING:
        raise Http404
    if scope is None or type(pk) is not int:
        return get_for_user(queryset_of(), user, action, pk=pk)
    found = _one_in_scope(queryset_of=queryset_of, scope_lookup=scope[0], pk=pk, scope_value=scope[1])
    if not found:
        raise Http404
    return found[0]


def rows_for_user(
    model: type[models.Model],
    queryset_of: Callable[[], QuerySet],
    user,
    action: Action = "view",
    *,
    bounds: tuple[int, int] | None = None,
    as_of: tuple | None = None,
) -> list:
    """``restrict(queryset_of(), user, action)``'s rows (``[start:stop]`` of them with ``bounds``), the
    query built once per shape (``inspectorate.prepared``): ``queryset_of()`` is a queryset of
    ``model`` (rows or instances), the same on every call. A scope of more than one column's equality
    is narrowed the usual way. Empty ``bounds`` (``start >= stop``) read nothing.

    ``as_of``: values of the moment the rows are read for (a day per time zone, say), a prepared
    value: ``queryset_of(as_of)`` then builds the queryset, as a function of them only."""
    if bounds is not None and bounds[0] >= bounds[1]:
        # No rows to read: an empty list's page is rows [0:0]. Django knows such a slice matches
        # nothing and compiles no SQL for it, so no query is kept for its shape either; building it
        # to learn that cost an empty list page about 1.5 ms of Python on every request.
        return []
    scope = _prepared_scope(model, user, action) if is_scoped(model) else ("", 0)  # reference data: everyone's
    if scope == NOTHING:
        return []
    if scope is None:
        queryset = restrict(queryset_of() if as_of is None else queryset_of(as_of), user, action)
        return list(queryset if bounds is None else queryset[bounds[0] : bounds[1]])
    lookup, value = scope
    if as_of is None:
        return _all_in_scope(queryset_of=queryset_of, scope_lookup=lookup, scope_value=value, bounds=bounds)
    return _all_in_scope_as_of(
        queryset_of=queryset_of, scope_lookup=lookup, scope_value=value, as_of=as_of, bounds=bounds
    )


def can(user, action: Action, obj: models.Model) -> bool:
    """Whether ``user`` may ``action`` this object (one query)."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def offices_for(user, action: Action = "view") -> QuerySet[Office]:
    return restrict(Office.objects.all(), user, action)


def can_write(user) -> bool:
    """Whether the user's role may change anything at all (officials only read)."""
    return bool(
        user.is_authenticated and user.is_active and (is_admin(user) or user.role in (Role.INSPECTOR, Role.OFFICE_HEAD))
    )
