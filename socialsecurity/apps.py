from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialSecurityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "socialsecurity"
    verbose_name = _("Social security (BPJS Ketenagakerjaan)")

    def ready(self):
        # inspections never imports socialsecurity: a reported visit asks its registered hooks,
        # and the flags of the visited company are recomputed there (in the report's transaction).
        from inspections.hooks import register_reported_hook

        from .services import flags_after_visit

        register_reported_hook(flags_after_visit)
