from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "checklists"
    verbose_name = _("Checklists")

    def ready(self):
        # inspections never imports checklists: the report service asks its registered checks.
        from inspections.hooks import register_report_check

        from .services import report_problems

        register_report_check(report_problems)
