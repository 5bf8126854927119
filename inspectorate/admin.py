"""Django's admin for the organisation: open to administrators by role (not only superusers),
and every save goes through the services, which validate and audit."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.choices import Action
from audit.request_info import current_request
from audit.services import record

from . import services
from .access import is_admin
from .models import Company, District, Office, Region, Staff


class RoleAdminMixin:
    """Administrators by role may view, add and change; deleting is left to nobody (records stay)."""

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request, *args):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Reference data saved in the admin, each save and delete in the audit trail (field names only)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = Action.UPDATE if change else Action.CREATE
        record(action=action, request=request, obj=obj, fields=list(form.changed_data), extra={"via": "admin"})

    def delete_model(self, request, obj):
        record(action=Action.UPDATE, request=request, obj=obj, fields=["deleted"], extra={"via": "admin"})
        super().delete_model(request, obj)


class ServiceSavedAdmin(RoleAdminMixin, admin.ModelAdmin):
    """``save_model`` hands the form's values to the model's create/update service."""

    service_fields: tuple[str, ...] = ()
    create_service = None
    update_service = None
    update_arg = ""

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in self.service_fields if name in form.cleaned_data}
        try:
            if change:
                saved = type(self).update_service(actor=request.user, via="admin", **{self.update_arg: obj}, **values)
            else:
                saved = type(self).create_service(actor=request.user, via="admin", **values)
        except ValidationError as exc:
            # The form validated the model already; what remains is a rule of the service.
            raise forms.ValidationError(exc.messages) from exc
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        pass  # no many-to-many fields; districts change on their own page (through their service)


@admin.register(Region)
class RegionAdmin(ServiceSavedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    service_fields = services.REGION_FIELDS
    create_service = services.region_create
    update_service = services.region_update
    update_arg = "region"


@admin.register(Office)
class OfficeAdmin(ServiceSavedAdmin):
    list_display = ["code", "name", "region", "time_zone", "monthly_quota", "complaint_due_days"]
    list_filter = ["region", "time_zone"]
    search_fields = ["code", "name"]
    service_fields = services.OFFICE_FIELDS
    create_service = services.office_create
    update_service = services.office_update
    update_arg = "office"


@admin.register(District)
class DistrictAdmin(ServiceSavedAdmin):
    list_display = ["code", "name", "region", "office"]
    list_filter = ["region", "office"]
    search_fields = ["code", "name"]
    list_select_related = ["region", "office"]
    service_fields = services.DISTRICT_FIELDS
    create_service = services.district_create
    update_service = services.district_update
    update_arg = "district"


class ServicePasswordChangeForm(AdminPasswordChangeForm):
    """Sets the password through ``staff_set_password`` (validators and audit in one transaction)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        # Disabling a password is deactivating the account, done on the staff page.
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = self.fields["password2"].required = True

    def save(self, commit=True):
        request = current_request()
        return services.staff_set_password(
            actor=request.user, staff=self.user, password=self.cleaned_data["password1"], via="admin"
        )


@admin.register(Staff)
class StaffAdmin(RoleAdminMixin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "office", "region", "is_investigator", "is_active"]
    list_filter = ["role", "office", "is_investigator", "is_active"]
    list_select_related = ["office", "region"]
    search_fields = ["username", "first_name", "last_name", "nip", "email"]
    change_password_form = ServicePasswordChangeForm
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email", "nip"]}),
        (_("Role and scope"), {"fields": ["role", "office", "region", "is_investigator", "is_active"]}),
        (_("Service"), {"fields": ["sex", "service_ended_on"]}),
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
        values = {name: form.cleaned_data[name] for name in services.STAFF_FIELDS if name in form.cleaned_data}
        try:
            if change:
                saved = services.staff_update(actor=request.user, staff=obj, via="admin", **values)
            else:
                password = form.cleaned_data.get("password1") or None
                saved = services.staff_create(actor=request.user, password=password, via="admin", **values)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        pass  # groups and permissions are not used: the role decides


@admin.register(Company)
class CompanyAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "nib", "kbli", "district", "workers_total", "bpjs_registered"]
    list_filter = ["bpjs_registered", "district__region"]
    search_fields = ["name", "nib"]
    list_select_related = ["district"]
    raw_id_fields = ["district"]

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in services.COMPANY_FIELDS if name in form.cleaned_data}
        try:
            if change:
                saved = services.company_update(user=request.user, company=obj, **values)
            else:
                saved = services.company_create(user=request.user, **values)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        obj.__dict__.update(saved.__dict__)
