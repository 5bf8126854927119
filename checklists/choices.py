from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no / not applicable")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    PHOTO = "photo", _("Photo")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


# The answers of a yes/no question; "na" (not applicable) leaves the question out of the score.
YES, NO, NA = "yes", "no", "na"
