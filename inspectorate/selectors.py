"""Reads of the organisation, already narrowed to what the user may see."""

from django.db.models import QuerySet

from . import access
from .models import Company, District


def company_list(*, user) -> QuerySet[Company]:
    return access.restrict(Company.objects.select_related("district", "district__office"), user)


def district_list(*, user) -> QuerySet[District]:
    return access.restrict(District.objects.select_related("office"), user)
