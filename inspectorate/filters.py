"""List filters for the organisation's pages and API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Company, District
from .widgets import lighten


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap classes, its selects and inputs in Python (widgets.py)."""

    @property
    def form(self):
        if hasattr(self, "_form"):
            return self._form
        form = super().form
        for field in form.fields.values():
            widget = lighten(field.widget)
            if getattr(widget, "input_type", None) == "checkbox":
                css = "form-check-input"
            elif widget.__class__.__name__.endswith("Select") or hasattr(widget, "choices"):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
        return form


class CompanyFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Name or NIB"), method="filter_q")
    district = django_filters.ModelChoiceFilter(label=_("District"), queryset=District.objects.none())
    kbli = django_filters.CharFilter(label=_("Sector (KBLI)"), lookup_expr="startswith")
    bpjs_registered = django_filters.BooleanFilter(
        label=_("BPJS Ketenagakerjaan"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Company
        fields = ["q", "district", "kbli", "bpjs_registered"]

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.filters["district"].queryset = districts

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(Q(nib__startswith=value) | Q(name__icontains=value))
        return queryset.filter(name__icontains=value)
