from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "scope_key", "month", "language", "status", "attempts", "requested_at", "finished_at"]
    list_filter = ["kind", "status", "language"]
    search_fields = ["scope_key"]
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False
