from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryImportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "history_import"
    verbose_name = _("History import")
