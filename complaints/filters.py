"""Filters of the complaint work queue."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspectorate.filters import StyledFilterSet
from inspectorate.models import Staff

from .choices import Channel, Status
from .models import Category, Complaint


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
    received_from = django_filters.DateFilter(
        label=_("Received from"),
        field_name="received_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_to = django_filters.DateFilter(
        label=_("Received until"),
        field_name="received_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    o = django_filters.OrderingFilter(
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
        fields = ["status", "category", "channel", "inspector", "company", "received_from", "received_to", "overdue"]

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspectors is not None:
            self.filters["inspector"].queryset = inspectors

    def filter_company(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(company__name__icontains=value) | Q(reported_company_name__icontains=value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue=value)
