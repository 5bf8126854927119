"""The deadlines view's filters: office, kind of clock, overdue only, mine only."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.filters import ScopedOfficeFilterSet
from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Staff

from .choices import Subject
from .models import Clock
from .selectors import overdue_q


class ClockFilter(ScopedOfficeFilterSet):
    subject = django_filters.ChoiceFilter(label=_("Kind"), choices=Subject.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[("yes", _("Overdue only"))], empty_label=_("All"), method="filter_overdue"
    )
    responsible = django_filters.ModelChoiceFilter(
        label=_("Inspector"),
        queryset=access.restricted(Staff.objects.filter(role=Role.INSPECTOR, is_active=True).order_by("first_name")),
    )
    mine = django_filters.ChoiceFilter(
        label=_("Responsible"), choices=[("yes", _("Mine only"))], empty_label=_("Everyone"), method="filter_mine"
    )

    class Meta:
        model = Clock
        fields = ["office", "subject", "responsible"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.now())) if value == "yes" else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(responsible=self.request.user) if value == "yes" and self.request else queryset
