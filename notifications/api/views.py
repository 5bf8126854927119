"""/api/v1/notifications/: the user's own notifications (nobody else's, admins included)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors, services
from .serializers import MarkedSerializer, NotificationSerializer, PreferenceSerializer, UnreadCountSerializer


@extend_schema_view(
    list=extend_schema(
        description="The user's own notifications, newest first.",
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="Only unread ones (`true`).")],
    ),
    retrieve=extend_schema(description="One of the user's notifications (someone else's answers 404)."),
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        rows = selectors.for_user(self.request.user)
        if self.action == "list" and self.request.query_params.get("unread") in ("1", "true", "True"):
            rows = rows.filter(read_at__isnull=True)
        return rows

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        """Mark this notification read (already read: nothing changes, ``marked`` is 0)."""
        notification = self.get_object()
        return Response({"marked": services.mark_read(actor=request.user, notification_ids=[notification.pk])})

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every unread notification of the user read."""
        return Response({"marked": services.mark_all_read(actor=request.user)})

    @extend_schema(responses=UnreadCountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: Request) -> Response:
        """The bell's number: how many of the user's notifications are unread."""
        return Response({"unread": selectors.unread_count(request.user)})

    @extend_schema(methods=["get"], responses=PreferenceSerializer)
    @extend_schema(methods=["put"], request=PreferenceSerializer, responses=PreferenceSerializer)
    # No OPTIONS metadata: DRF's would look up one object for PUT on this collection-level route.
    @action(detail=False, methods=["get", "put"], metadata_class=None)
    def preferences(self, request: Request) -> Response:
        """How one's notifications are e-mailed (at once, daily digest, never) and in which language."""
        if request.method == "PUT":
            data = PreferenceSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.preference_update(actor=request.user, **data.validated_data)
        current = services.preference_for(request.user)
        return Response({"email_mode": current.email_mode, "language": current.language})
