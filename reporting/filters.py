"""Filters of the reports list."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspectorate import access
from inspectorate.choices import NormCategory
from inspectorate.filters import StyledFilterSet
from inspectorate.models import Office, Region

from .choices import ReportKind, ReportStatus, ScopeLevel
from .forms import MonthField, parse_month
from .models import Report


class MonthFilter(django_filters.Filter):
    """A month (``YYYY-MM``, a month picker): one that is not a month is refused beside its field, as
    on the request form, and the list keeps its other filters."""

    field_class = MonthField


class ReportFilter(StyledFilterSet):
    keeps_form = True  # its form depends on its filters, the language, its selects' options and the address

    kind = django_filters.ChoiceFilter(label=_("Report"), choices=ReportKind.choices)
    level = django_filters.ChoiceFilter(label=_("Scope"), choices=ScopeLevel.choices, method="filter_level")
    office = django_filters.ModelChoiceFilter(
        label=_("Office"), queryset=access.restricted(Office.objects.order_by("code"))
    )
    month = MonthFilter(label=_("Month"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)

    form_auto_id = "filter_%s"  # the request form above it has a kind and a month too

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


class DashboardFilter(StyledFilterSet):
    """The dashboards' filters, kept in the URL: month, region, office and complaint category.

    It filters the offices the user may read; the month and category go to the figures.
    """

    month = django_filters.CharFilter(
        label=_("Month"), method="filter_nothing", widget=forms.TextInput(attrs={"type": "month"})
    )
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.none())
    office = django_filters.ModelChoiceFilter(label=_("Office"), queryset=Office.objects.none(), method="filter_office")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=NormCategory.choices, method="filter_nothing")

    class Meta:
        model = Office
        fields = ["month", "region", "office", "category"]

    def __init__(self, *args, offices, regions, fixed_office: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["office"].queryset = offices
        self.filters["region"].queryset = regions
        if fixed_office:
            # An office head's dashboard is their office: only the period and category vary.
            del self.filters["office"]
            del self.filters["region"]

    def list_offices(self, offices: list[Office]) -> None:
        """The office select written from ``offices``, already read (the scope's, in order), instead
        of reading them again to render it; the chosen value is still checked against the queryset."""
        field = self.form.fields.get("office")
        if field is None:  # an office head's page has no office select
            return
        empty = [] if field.empty_label is None else [("", field.empty_label)]  # as ModelChoiceIterator
        field.widget.choices = [*empty, *((o.pk, field.label_from_instance(o)) for o in offices)]

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_office(self, queryset, name, value):
        return queryset.filter(pk=value.pk)

    @property
    def scope_errors(self) -> bool:
        """Whether an office or region outside the user's scope (or unknown) was asked for."""
        self.form.is_valid()
        return bool(self.form.errors.get("office") or self.form.errors.get("region"))

    def chosen_category(self) -> str | None:
        self.form.is_valid()
        return self.form.cleaned_data.get("category") or None

    def chosen_month(self, default: date) -> date:
        self.form.is_valid()
        value = self.form.cleaned_data.get("month")
        try:
            return parse_month(value) if value else default
        except ValueError:
            return default
