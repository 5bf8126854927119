from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import Assignment, FactorWeight, Leave, PlanSetting, SectorHazard, WeightChange


@admin.register(FactorWeight)
class FactorWeightAdmin(admin.ModelAdmin):
    list_display = ["factor", "points", "updated_at"]
    readonly_fields = ["factor", "updated_at"]
    fields = ["factor", "points", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service: the change is kept in the history and the scores recomputed.
        try:
            services.weight_change(actor=request.user, factor=obj.factor, points=obj.points, reason="admin")
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))


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
