"""Filters of the reports list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspectorate.filters import StyledFilterSet
from inspectorate.models import Office

from .choices import ReportKind, ReportStatus, ScopeLevel
from .forms import parse_month
from .models import Report


class ReportFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Report"), choices=ReportKind.choices)
    level = django_filters.ChoiceFilter(label=_("Scope"), choices=ScopeLevel.choices, method="filter_level")
    office = django_filters.ModelChoiceFilter(label=_("Office"), queryset=Office.objects.none())
    month = django_filters.CharFilter(label=_("Month (YYYY-MM)"), method="filter_month")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)

    class Meta:
        model = Report
        fields = ["kind", "level", "office", "month", "status"]

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is not None:
            self.filters["office"].queryset = offices

    def filter_level(self, queryset, name, value):
        if value == ScopeLevel.OFFICE:
            return queryset.filter(office__isnull=False)
        if value == ScopeLevel.REGION:
            return queryset.filter(region__isnull=False)
        return queryset.filter(Q(office__isnull=True) & Q(region__isnull=True))

    def filter_month(self, queryset, name, value):
        try:
            return queryset.filter(month=parse_month(value))
        except ValueError:
            return queryset.none()
