from django.contrib import admin

from .models import Assignment, FactorWeight, Leave, PlanSetting, SectorHazard, WeightChange


@admin.register(FactorWeight)
class FactorWeightAdmin(admin.ModelAdmin):
    list_display = ["factor", "points", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Weights change on /targeting/weights/ (targeting.services.weight_change): with a reason, kept in the
        # history, scores recomputed.
        return False


@admin.register(WeightChange)
class WeightChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "factor", "old_points", "new_points", "actor", "reason"]
    list_filter = ["factor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(SectorHazard, list_display=["kbli_group", "name", "level"])
admin.site.register(PlanSetting, list_display=["office", "random_percent"])
admin.site.register(Assignment, list_display=["inspector", "district", "kbli_group"])
admin.site.register(Leave, list_display=["inspector", "start", "end", "note"])
