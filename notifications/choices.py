"""Choices of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    DIGEST = "digest", _("daily digest at 07:00 office time")
    OFF = "off", _("off (in the app only)")


class EmailState(models.TextChoices):
    """Where a notification's e-mail is in the outbox."""

    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    DIGEST = "digest", _("waiting for the daily digest")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not sent by e-mail")
    FAILED = "failed", _("failed")


# An e-mail is tried at most this many times (each failed SMTP attempt counts).
MAX_EMAIL_ATTEMPTS = 8
