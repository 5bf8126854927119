from django.contrib import admin

from inspectorate import access

from . import services
from .choices import Action
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only: nobody adds, changes or deletes entries, admins included."""

    list_display = ["created_at", "actor_username", "actor_role", "action", "outcome", "object_type", "object_id"]
    list_filter = ["action", "outcome", "object_type", "created_at"]
    search_fields = ["actor_username", "object_id", "request_id"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "actor_id",
        "actor_username",
        "actor_role",
        "actor_office_id",
        "action",
        "outcome",
        "object_type",
        "object_id",
        "changed_fields",
        "request_id",
        "client_address",
        "extra",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def has_module_permission(self, request) -> bool:
        return access.is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return access.is_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            services.record(action=Action.AUDIT_READ, request=request, object_type="audit.auditentry")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            services.record(
                action=Action.AUDIT_READ, request=request, object_type="audit.auditentry", object_id=object_id
            )
        return response
