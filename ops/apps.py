from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import dbroles

        # Every migrate (run as the owner role) leaves the application role's privileges right,
        # tables added by the migration included.
        post_migrate.connect(dbroles.grant_after_migrate, sender=self, dispatch_uid="ops-grant-app-role")
