"""/api/v1/deadlines/: the open legal clocks in the caller's scope, read-only."""

from rest_framework import serializers, viewsets

from inspectorate.api.scoping import ScopedModelSerializer
from inspectorate.api.views import ScopedViewSetMixin

from .choices import OPEN_CLOCK_STATES
from .models import Clock


class ClockSerializer(ScopedModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Clock
        fields = [
            "id",
            "subject",
            "office",
            "notice",
            "complaint",
            "reference",
            "responsible",
            "duration",
            "unit",
            "calendar",
            "starts_on",
            "due_on",
            "due_at",
            "state",
            "expired_at",
        ]
        read_only_fields = fields


class ClockViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Open legal clocks (waiting, running, expired), what expires first at the top."""

    base_queryset = (
        Clock.objects.filter(state__in=OPEN_CLOCK_STATES).select_related("notice", "complaint").order_by("due_at", "id")
    )
    serializer_class = ClockSerializer
    filterset_fields = ["office", "subject", "state", "responsible"]
