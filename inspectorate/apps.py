from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectorateConfig(AppConfig):
    name = "inspectorate"
    verbose_name = _("Organisation")
