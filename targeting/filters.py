import django_filters
from django.utils.translation import gettext_lazy as _

from inspectorate import access
from inspectorate.filters import StyledFilterSet
from inspectorate.models import District

from .models import RiskScore

ORDERING = (("-score", _("Highest score first")), ("score", _("Lowest score first")), ("name", _("Name")))


class ScoreFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Name or NIB"), method="filter_q")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="company__district", queryset=access.restricted(District.objects.all())
    )
    min_score = django_filters.NumberFilter(label=_("Score at least"), field_name="score", lookup_expr="gte")
    max_score = django_filters.NumberFilter(label=_("Score at most"), field_name="score", lookup_expr="lte")
    order = django_filters.ChoiceFilter(label=_("Sort"), choices=ORDERING, method="filter_order", empty_label=None)

    class Meta:
        model = RiskScore
        fields = ["q", "district", "min_score", "max_score", "order"]

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.filters["district"].queryset = districts

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(company__nib__startswith=value)
        return queryset.filter(company__name__icontains=value)

    def filter_order(self, queryset, name, value):
        if value == "name":
            return queryset.order_by("company__name", "company_id")
        if value == "score":
            return queryset.order_by("score", "company_id")
        return queryset.order_by("-score", "company_id")
