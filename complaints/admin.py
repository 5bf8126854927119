"""Admin: complaints are read-mostly here (changes go through the services); every view of one is logged."""

from django.contrib import admin

from inspectorate.access import is_admin

from .confidentiality import has_identity, record_sealed_reads
from .models import Category, Complaint, ComplaintAttachment, ComplaintEvent


class AdminRoleMixin:
    """Administrators by role (not only superusers) read these pages; nobody edits the history."""

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)


class ReadOnlyInline(AdminRoleMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ComplaintEventInline(ReadOnlyInline):
    model = ComplaintEvent
    fields = ["at", "kind", "actor", "from_status", "to_status", "assignee", "note"]
    readonly_fields = fields


class ComplaintAttachmentInline(ReadOnlyInline):
    model = ComplaintAttachment
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Complaint)
class ComplaintAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["reference", "office", "status", "channel", "received_at", "assigned_to", "due_date"]
    list_filter = ["status", "channel", "office", "categories"]
    search_fields = ["reference", "company_name"]
    list_select_related = ["office", "assigned_to"]
    date_hierarchy = "received_at"
    inlines = [ComplaintEventInline, ComplaintAttachmentInline]
    # Everything changes only through the services, which write the history (one event each).
    readonly_fields = [
        "reference",
        "channel",
        "received_at",
        "is_anonymous",
        "complainant_name",
        "complainant_contact",
        "complainant_phone",
        "complainant_email",
        "complainant_id_number",
        "company",
        "reported_company_name",
        "reported_company_address",
        "reported_district",
        "categories",
        "office",
        "assigned_to",
        "status",
        "status_changed_at",
        "outcome",
        "amount_recovered",
        "due_date",
        "resolved_at",
        "duplicate_of",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fields = [*readonly_fields[:10], "description", "workers_affected", "amount_claimed", *readonly_fields[10:]]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self.get_object(request, object_id)
        if complaint is not None and has_identity(complaint) and self.has_view_permission(request, complaint):
            record_sealed_reads(user=request.user, complaints=[complaint], request=request, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Category)
class CategoryAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["code", "position"]
