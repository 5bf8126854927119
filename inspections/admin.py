from django.contrib import admin

from inspectorate.admin import ServiceSavedAdmin

from . import services
from .models import ChangeRecord, Finding, Inspection, LegalProvision, Notice


@admin.register(LegalProvision)
class LegalProvisionAdmin(ServiceSavedAdmin):
    """The reference list of legal provisions is kept up to date by admins."""

    list_display = ["act", "article", "title", "category", "is_active"]
    list_filter = ["act", "category", "is_active"]
    search_fields = ["act", "article", "title"]
    service_fields = services.PROVISION_FIELDS
    create_service = services.provision_create
    update_service = services.provision_update
    update_arg = "provision"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visits, findings and notices change through the application's services only (history, locks)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "company", "office", "kind", "status", "planned_date", "visited_at"]
    list_filter = ["office", "kind", "status"]
    search_fields = ["reference", "company__name"]
    list_select_related = ["company", "office"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "provision", "severity", "status", "deadline"]
    list_filter = ["status", "severity", "category"]
    list_select_related = ["inspection", "provision"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "company", "level", "issued_on", "compliance_deadline", "status"]
    list_filter = ["office", "level", "status"]
    search_fields = ["number", "company__name"]
    list_select_related = ["company"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "object_type", "object_id", "action", "actor"]
    list_filter = ["object_type"]
    list_select_related = ["actor"]
