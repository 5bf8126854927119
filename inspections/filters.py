"""List filters of the inspection pages and API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from inspectorate.filters import StyledFilterSet
from inspectorate.models import Staff

from .choices import FindingStatus, InspectionStatus, Kind, NoticeLevel, NoticeStatus
from .forms import DateInput
from .models import Finding, Inspection, Notice


class InspectionFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices)
    inspector = django_filters.ModelChoiceFilter(
        label=_("Inspector"), queryset=Staff.objects.none(), method="filter_inspector"
    )
    company = django_filters.CharFilter(label=_("Company"), field_name="company__name", lookup_expr="icontains")
    date_from = django_filters.DateFilter(
        label=_("Planned from"), field_name="planned_date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("Planned to"), field_name="planned_date", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Inspection
        fields = ["kind", "status", "inspector", "company", "date_from", "date_to"]

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspectors is not None:
            self.filters["inspector"].queryset = inspectors

    @extend_schema_field(OpenApiTypes.INT)
    def filter_inspector(self, queryset, name, value):
        if not value:
            return queryset
        team = Inspection.team.through.objects.filter(staff_id=value.pk).values("inspection_id")
        return queryset.filter(Q(lead_inspector=value) | Q(pk__in=team))


class NoticeFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NoticeStatus.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=NoticeLevel.choices)

    class Meta:
        model = Notice
        fields = ["status", "level"]


class FindingFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FindingStatus.choices)

    class Meta:
        model = Finding
        fields = ["status", "inspection", "category"]
