from django.contrib import admin

from inspectorate.admin import AuditedAdmin

from .models import AnnualText, Employment, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "scope_key", "month", "language", "status", "attempts", "requested_at", "finished_at"]
    list_filter = ["kind", "status", "language"]
    search_fields = ["scope_key"]
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Employment)
class EmploymentAdmin(AuditedAdmin):
    """Employed persons per region and year (with the source) for the ILOSTAT indicators of the annual report."""

    list_display = ["year", "region", "employed", "source"]
    list_filter = ["year", "region"]
    fields = ["region", "year", "employed", "source"]


@admin.register(AnnualText)
class AnnualTextAdmin(AuditedAdmin):
    """The admin-written section (a) of the annual report: laws and regulations of the year."""

    list_display = ["year", "region"]
    list_filter = ["year"]
    fields = ["region", "year", "laws_and_regulations"]
