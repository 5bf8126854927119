from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectorateConfig(AppConfig):
    name = "inspectorate"
    verbose_name = _("Organisation")

    def ready(self):
        # The ``__any`` lookup (inspectorate.queries.AnyOf), registered before any query uses it.
        from . import checks, queries  # noqa: F401
