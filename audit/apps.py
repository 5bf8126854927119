from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Security and audit")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the authentication signal receivers)
