"""The notification centre over the API: each user's own notifications only (admins included)."""

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .choices import EmailMode
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        return services.render_notification(obj, get_language())[0]

    def get_body(self, obj) -> str:
        return services.render_notification(obj, get_language())[1]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=500)


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class PreferenceSerializer(serializers.Serializer):
    email_mode = serializers.ChoiceField(choices=EmailMode.choices)
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's notifications, newest first; ``?unread=true`` for the unread ones."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        rows = selectors.for_user(self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            rows = rows.filter(read_at__isnull=True)
        return rows

    @extend_schema(request=MarkReadSerializer, responses=MarkedSerializer)
    @action(detail=False, methods=["post"])
    def read(self, request):
        """Mark these of one's own notifications read (others' ids change nothing)."""
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"marked": services.mark_read(actor=request.user, notification_ids=data.validated_data["ids"])})

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(actor=request.user)})

    @extend_schema(methods=["get"], responses=PreferenceSerializer)
    @extend_schema(methods=["put"], request=PreferenceSerializer, responses=PreferenceSerializer)
    # No OPTIONS metadata: DRF's would look up one object for PUT on this collection-level route.
    @action(detail=False, methods=["get", "put"], metadata_class=None)
    def preferences(self, request):
        """How one's notifications are e-mailed (at once, daily digest, never) and in which language."""
        if request.method == "PUT":
            data = PreferenceSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.preference_update(actor=request.user, **data.validated_data)
        current = services.preference_for(request.user)
        return Response({"email_mode": current.email_mode, "language": current.language})
