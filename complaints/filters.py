"""Filters of the complaint work queue.

Besides the everyday filters, the list accepts the parameters the dashboards link with, so a
number on a dashboard equals the row count of the list behind it: ``office``, received dates
(in each complaint's office time zone, like every month figure), ``resolved_to`` (resolved by
the end of that day), ``open_on`` (open at the end of that day: received by then, not
rejected or referred, not resolved by then), ``age`` (days open, with ``open_on`` or now) and
``overdue`` (with ``open_on``: due before that day). These mirror the definitions of
DESIGN.md §3 as written in reporting/figures.py; complaints may not import reporting, and the
dashboard tests prove each link's row count equals its figure.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from inspectorate.filters import StyledFilterSet
from inspectorate.models import Office, Staff

from .choices import EXCLUDED_STATUSES, OPEN_STATUSES, RESOLVED_STATUSES, Channel, Status
from .models import Category, Complaint

ONE_DAY = dt.timedelta(days=1)
AGE_BANDS = [("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), (">90", 91, None)]


def _zones() -> list[str]:
    return sorted(set(Office.objects.order_by().values_list("time_zone", flat=True).distinct()))


def _midnight_after(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def _per_zone(build) -> Q:
    """OR of ``build(zone)`` for complaints of offices in each time zone."""
    q = Q(pk__in=[])
    for name in _zones():
        q |= Q(office__time_zone=name) & build(ZoneInfo(name))
    return q


def _as_of(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return min(_midnight_after(day, zone), timezone.now())


def _resolved_by(moment: dt.datetime) -> Q:
    return Q(status__in=RESOLVED_STATUSES, resolved_at__lte=timezone.now(), resolved_at__lt=moment)


class TranslatedOrderingFilter(django_filters.OrderingFilter):
    """Sort choices translated when shown, not when the class is built.

    django-filter formats "%s (descending)" once at import (in whatever language is active then)
    and has no Indonesian catalogue; here the label stays lazy and comes from ours.
    """

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, param)) for field, param in fields.items()]
        descending = [(f"-{param}", format_lazy(_("{label} (descending)"), label=label)) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


class ComplaintFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="categories", queryset=Category.objects.all()
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    inspector = django_filters.ModelChoiceFilter(
        label=_("Inspector"), field_name="assigned_to", queryset=Staff.objects.none()
    )
    company = django_filters.CharFilter(label=_("Company"), method="filter_company")
    office = django_filters.ModelChoiceFilter(label=_("Office"), queryset=Office.objects.none())
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
        fields=(("received_at", "received"), ("due_date", "due"), ("reference", "reference"), ("status", "status")),
        field_labels={
            "received_at": _("Received"),
            "due_date": _("Due date"),
            "reference": _("Reference"),
            "status": _("Status"),
        },
    )

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
        return self.form.cleaned_data.get("open_on")

    def filter_unassigned(self, queryset, name, value):
        if value is None:
            return queryset
        unassigned = Q(status__in=OPEN_STATUSES, assigned_to__isnull=True)
        return queryset.filter(unassigned) if value else queryset.exclude(unassigned)

    def filter_received_from(self, queryset, name, value):
        return queryset.filter(_per_zone(lambda zone: Q(received_at__gte=_midnight_after(value, zone) - ONE_DAY)))

    def filter_received_to(self, queryset, name, value):
        return queryset.filter(_per_zone(lambda zone: Q(received_at__lt=_midnight_after(value, zone))))

    def filter_resolved_to(self, queryset, name, value):
        return queryset.filter(_per_zone(lambda zone: _resolved_by(_midnight_after(value, zone))))

    def filter_open_on(self, queryset, name, value):
        def build(zone):
            as_of = _as_of(value, zone)
            return (
                Q(received_at__lt=as_of)
                & ~Q(status__in=EXCLUDED_STATUSES)
                & ~_resolved_by(_midnight_after(value, zone))
            )

        return queryset.filter(_per_zone(build))

    def filter_age(self, queryset, name, value):
        band = {label: (low, high) for label, low, high in AGE_BANDS}[value]
        day = self._open_on()

        def build(zone):
            as_of = _as_of(day, zone) if day else timezone.now()
            q = Q(received_at__lte=as_of - dt.timedelta(days=band[0]))
            if band[1] is not None:
                q &= Q(received_at__gt=as_of - dt.timedelta(days=band[1] + 1))
            return q

        return queryset.filter(_per_zone(build))

    def filter_company(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(company__name__icontains=value) | Q(reported_company_name__icontains=value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        day = self._open_on()
        if day is None:
            return queryset.filter(overdue=value)
        # Overdue at the end of that day: the open_on filter narrows to what was open then.
        past_due = _per_zone(lambda zone: Q(due_date__lt=_as_of(day, zone).astimezone(zone).date()))
        return queryset.filter(past_due) if value else queryset.exclude(past_due)
