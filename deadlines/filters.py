"""The deadlines view's filters: office, kind of clock, overdue only, mine only."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.filters import ScopedOfficeFilterSet

from .choices import Subject
from .models import Clock
from .selectors import overdue_q


class ClockFilter(ScopedOfficeFilterSet):
    subject = django_filters.ChoiceFilter(label=_("Kind"), choices=Subject.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue")
    mine = django_filters.BooleanFilter(label=_("Mine only"), method="filter_mine")

    class Meta:
        model = Clock
        fields = ["office", "subject"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q(timezone.now())) if value else queryset.exclude(overdue_q(timezone.now()))

    def filter_mine(self, queryset, name, value):
        return queryset.filter(responsible=self.request.user) if value and self.request else queryset
