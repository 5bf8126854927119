from django.apps import AppConfig


class RollupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rollups"
    verbose_name = "Rollups"
