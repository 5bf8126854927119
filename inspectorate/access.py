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
model to its :class:`Office` (``"office"``, ``"district__office"``). Offices, regions and
districts are handled here directly.
"""

from typing import Literal, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from .choices import Role
from .models import District, Office, Region, Staff

Action = Literal["view", "change"]
M = TypeVar("M", bound=models.Model)


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ADMIN))


def _office_q(user, action: Action, office_path: str) -> Q | None:
    """A filter on ``office_path`` for this user, ``None`` for everything, ``Q(pk__in=[])`` for nothing."""
    nothing = Q(pk__in=[])
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


def restrict(queryset: QuerySet[M], user, action: Action = "view") -> QuerySet[M]:
    """Narrow ``queryset`` to what ``user`` may ``action``."""
    model = queryset.model
    if model is Office:
        q = _office_q(user, action, "")
    elif model is Region:
        q = _region_q(user, action)
    elif model is District:
        q = _region_q(user, action, prefix="region__")
    elif model is Staff:
        # Staff records are read within scope but changed by admins only.
        q = _office_q(user, action, "office") if action == "view" or is_admin(user) else Q(pk__in=[])
    else:
        q = _office_q(user, action, model.scope_office_path)
    return queryset if q is None else queryset.filter(q)


def _region_q(user, action: Action, prefix: str = "") -> Q | None:
    """Regions and districts: reference data, readable within the user's region."""
    nothing = Q(pk__in=[])
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
