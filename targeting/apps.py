from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetingConfig(AppConfig):
    name = "targeting"
    verbose_name = _("Risk targeting")

    def ready(self):
        # inspections and complaints never import targeting: the scores follow their saves.
        from . import receivers

        receivers.connect()
