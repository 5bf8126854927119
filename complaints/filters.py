"""Filters of the complaint work queue.

Besides the everyday filters, the list accepts the parameters the dashboards link with, so a
number on a dashboard equals the row count of the list behind it: ``office``, received dates
(in each complaint's office time zone, like every month figure), ``resolved_to`` (resolved by
the end of that day), ``open_on`` (open at the end of that day: received by then, not
rejected or referred, not resolved by then), ``age`` (days open, with ``open_on`` or now) and
``overdue`` (with ``open_on``: due before that day). They filter with the same definitions
reporting/figures/ counts with (complaints/definitions.py), and the dashboard tests prove
each link's row count equals its figure.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.filters import StyledFilterSet
from inspectorate.models import Office, Staff
from inspectorate.periods import local_midnight, midnight_after, per_zone

from . import definitions
from .choices import OPEN_STATUSES, Channel, Status
from .definitions import AGE_BANDS
from .models import Category, Complaint


def _as_of(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return min(midnight_after(day, zone), timezone.now())


class TranslatedOrderingFilter(django_filters.OrderingFilter):
    """Sort choices translated when shown, not when the class is built.

    django-filter formats "%s (descending)" once at import (in whatever language is active then)
    and has no Indonesian catalogue; here the label stays lazy and comes from ours.
    """

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, param)) for field, param in fields.items()]
        descending = [(f"-{param}", format_lazy(_("{label} (descending)"), label=label)) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


def all_categories() -> QuerySet[Category]:
    """The categories the queue's filter offers (each page's select reads them by a prepared query)."""
    return Category.objects.all()


class ComplaintFilter(StyledFilterSet):
    keeps_form = True  # its form depends on its filters, the language, its selects' options and the address

    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    category = django_filters.ModelChoiceFilter(label=_("Category"), field_name="categories", queryset=all_categories())
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    inspector = django_filters.ModelChoiceFilter(
        label=_("Inspector"),
        field_name="assigned_to",
        queryset=access.restricted(Staff.objects.filter(role=Role.INSPECTOR)),
    )
    company = django_filters.CharFilter(label=_("Company"), method="filter_company")
    office = django_filters.ModelChoiceFilter(
        label=_("Office"), queryset=access.restricted(Office.objects.order_by("code"))
    )
    unassigned = django_filters.BooleanFilter(label=_("Open and unassigned"), method="filter_unassigned")
    received_from = django_filters.DateFilter(
        label=_("Received from"), method="filter_received_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = django_filters.DateFilter(
        label=_("Received until"), method="filter_received_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    resolved_to = django_filters.DateFilter(
        label=_("Resolved by"), method="filter_resolved_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    open_on = django_filters.DateFilter(
        label=_("Open at the end of"), method="filter_open_on", widget=forms.DateInput(attrs={"type": "date"})
    )
    age = django_filters.ChoiceFilter(
        label=_("Days open"), choices=[(band, band) for band, _low, _high in AGE_BANDS], method="filter_age"
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    o = TranslatedOrderingFilter(
        label=_("Sort by"),
        empty_label=_("Most urgent first"),
        fields=(("received_at", "received"), ("due_date", "due"), ("reference", "reference"), ("status", "status")),
        field_labels={
            "received_at": _("Received"),
            "due_date": _("Due date"),
            "reference": _("Reference"),
            "status": _("Status"),
        },
    )

    # What a prepared query applies (complaints.selectors.queue_filtered): the choices and chosen
    # rows as values, yes/no and the order as the query's text. Dates and the company's name are
    # turned into something else first (a day's midnight in each zone, a pattern): built each time.
    prepared_filters = {
        "status": "value",
        "channel": "value",
        "category": "value",
        "inspector": "value",
        "office": "value",
        "unassigned": "shape",
        "overdue": "shape",
        "o": "shape",
    }

    class Meta:
        model = Complaint
        fields = [
            "status",
            "category",
            "channel",
            "office",
            "inspector",
            "unassigned",
            "company",
            "received_from",
            "received_to",
            "resolved_to",
            "open_on",
            "age",
            "overdue",
        ]

    def __init__(self, *args, inspectors=None, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspectors is not None:
            self.filters["inspector"].queryset = inspectors
        if offices is not None:
            self.filters["office"].queryset = offices

    def _open_on(self) -> dt.date | None:
        # An unbound filter set (a prepared query's, inspectorate.filters.filtered_query) has no open_on.
        return self.form.cleaned_data.get("open_on") if self.is_bound else None

    def filter_unassigned(self, queryset, name, value):
        if value is None:
            return queryset
        unassigned = Q(status__in=OPEN_STATUSES, assigned_to__isnull=True)
        return queryset.filter(unassigned) if value else queryset.exclude(unassigned)

    def filter_received_from(self, queryset, name, value):
        return queryset.filter(per_zone(lambda zone: Q(received_at__gte=local_midnight(value, zone))))

    def filter_received_to(self, queryset, name, value):
        return queryset.filter(per_zone(lambda zone: Q(received_at__lt=midnight_after(value, zone))))

    def filter_resolved_to(self, queryset, name, value):
        return queryset.filter(
            per_zone(lambda zone: definitions.resolved_by_q(midnight_after(value, zone), timezone.now()))
        )

    def filter_open_on(self, queryset, name, value):
        return queryset.filter(
            per_zone(lambda zone: definitions.open_at_q(midnight_after(value, zone), timezone.now()))
        )

    def filter_age(self, queryset, name, value):
        low, high = {label: (low, high) for label, low, high in AGE_BANDS}[value]
        day = self._open_on()
        return queryset.filter(
            per_zone(lambda zone: definitions.age_band_q(low, high, _as_of(day, zone) if day else timezone.now()))
        )

    def filter_company(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(company_name__icontains=value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        day = self._open_on()
        if day is None:
            return queryset.filter(overdue=value)
        # Overdue at the end of that day: the open_on filter narrows to what was open then.
        past_due = per_zone(lambda zone: definitions.past_due_q(_as_of(day, zone).astimezone(zone).date()))
        return queryset.filter(past_due) if value else queryset.exclude(past_due)
