"""Filters of the audit trail page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from inspectorate.filters import StyledFilterSet

from .choices import Action, Outcome
from .models import AuditEntry


class AuditEntryFilter(StyledFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=Action.choices)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    actor = django_filters.CharFilter(label=_("Username"), field_name="actor_username", lookup_expr="iexact")
    object_type = django_filters.CharFilter(label=_("Object type"), lookup_expr="iexact")
    object_id = django_filters.CharFilter(label=_("Object id"))
    date = django_filters.DateFromToRangeFilter(
        label=_("Date (from - to)"),
        field_name="created_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    # One label names both boxes: each says which end of the range it is.
    date.extra["widget"].widgets[0].attrs["aria-label"] = _("Date from")
    date.extra["widget"].widgets[1].attrs["aria-label"] = _("Date to")

    class Meta:
        model = AuditEntry
        fields = ["action", "outcome", "actor", "object_type", "object_id", "date"]
