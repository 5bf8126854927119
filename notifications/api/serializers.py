from django.conf import settings
from rest_framework import serializers

from inspectorate.api.scoping import ScopedModelSerializer

from ..choices import EmailMode
from ..models import Notification
from ..services import render_notification


class NotificationSerializer(ScopedModelSerializer):
    """One of the user's own notifications, its title and body in the request's language."""

    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "title", "body", "url", "created_at", "read", "read_at"]
        read_only_fields = fields

    def _texts(self, notification: Notification) -> tuple[str, str]:
        from django.utils.translation import get_language

        return render_notification(notification, get_language())

    def get_title(self, notification: Notification) -> str:
        return self._texts(notification)[0]

    def get_body(self, notification: Notification) -> str:
        return self._texts(notification)[1]

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(read_only=True)


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(read_only=True, help_text="How many notifications were marked read now.")


class PreferenceSerializer(serializers.Serializer):
    email_mode = serializers.ChoiceField(choices=EmailMode.choices)
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])
