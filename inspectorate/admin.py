from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from audit import services as audit
from audit.choices import Action

from .models import Company, District, Office, Region, Staff


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class DistrictInline(admin.TabularInline):
    model = District
    fields = ["code", "name", "region"]
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "time_zone", "monthly_quota", "complaint_due_days"]
    list_filter = ["region", "time_zone"]
    search_fields = ["code", "name"]
    inlines = [DistrictInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "office"]
    list_filter = ["region", "office"]
    search_fields = ["code", "name"]
    list_select_related = ["region", "office"]


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "office", "region", "is_investigator", "is_active"]
    list_filter = ["role", "office", "is_investigator", "is_active"]
    list_select_related = ["office", "region"]
    search_fields = ["username", "first_name", "last_name", "nip", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email", "nip"]}),
        (_("Role and scope"), {"fields": ["role", "office", "region", "is_investigator", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (
            _("Role and scope"),
            {"fields": ["first_name", "last_name", "role", "office", "region", "is_investigator", "nip"]},
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        # Admin-site access follows the role; the role is the one source of truth.
        obj.is_staff = obj.role == "admin" or obj.is_superuser
        super().save_model(request, obj, form, change)
        # The admin's form saves the model directly; record it in the same transaction.
        audit.record(
            action=Action.STAFF_CHANGE,
            request=request,
            obj=obj,
            fields=[name for name in form.changed_data if name not in ("password1", "password2")]
            + (["password"] if {"password1", "password2"} & set(form.changed_data) else []),
            extra={"operation": "update" if change else "create", "via": "admin"},
        )

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(
                action=Action.STAFF_CHANGE,
                request=request,
                object_type="inspectorate.staff",
                object_id=id,
                fields=["password"],
                extra={"operation": "update", "via": "admin"},
            )
        return response

    def delete_model(self, request, obj):
        audit.record(action=Action.ERASE, request=request, obj=obj, extra={"via": "admin"})
        super().delete_model(request, obj)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "nib", "kbli", "district", "workers_total", "bpjs_registered"]
    list_filter = ["bpjs_registered", "district__region"]
    search_fields = ["name", "nib"]
    list_select_related = ["district"]
    raw_id_fields = ["district"]
