"""List filters for the organisation's pages and API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Company, District


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if getattr(widget, "input_type", None) == "checkbox":
                css = "form-check-input"
            elif widget.__class__.__name__.endswith("Select") or hasattr(widget, "choices"):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
        return form


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """Any / yes / no in our catalogue (django-filter has no Indonesian one)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


class CompanyFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Name or NIB"), method="filter_q")
    district = django_filters.ModelChoiceFilter(label=_("District"), queryset=District.objects.none())
    kbli = django_filters.CharFilter(label=_("Sector (KBLI)"), lookup_expr="startswith")
    bpjs_registered = django_filters.BooleanFilter(
        label=_("Registered with BPJS Ketenagakerjaan"),
        widget=YesNoWidget(),
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
