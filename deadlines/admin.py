"""Administrators keep the deadline rules (with their legal basis) and the calendar overrides."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inspectorate.access import is_admin
from inspectorate.admin import AuditedAdmin, RoleAdminMixin

from . import services
from .models import CalendarOverride, Clock, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    """Changing a rule moves no clock already computed; a head recomputes one on request (history kept)."""

    list_display = [
        "subject",
        "office",
        "duration",
        "max_duration",
        "unit",
        "calendar",
        "start_event",
        "office_practice",
        "legal_basis",
    ]
    list_filter = ["subject", "calendar", "office_practice"]
    fields = [
        "subject",
        "office",
        "start_event",
        "duration",
        "max_duration",
        "unit",
        "calendar",
        "office_practice",
        "legal_basis",
    ]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedAdmin):
    list_display = ["date", "name", "kind", "calendars", "region", "legal_basis"]
    list_filter = ["kind", "calendars", "region"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)  # a wrong override is removed, the audit trail keeps that it was


@admin.action(description=_("Recompute with the current rule (recorded in each clock's history)"))
def recompute(modeladmin, request, queryset):
    done = 0
    for clock in queryset:
        try:
            services.clock_recompute(clock=clock, actor=request.user, note=str(_("recomputed in the admin")))
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{clock}: {' '.join(exc.messages)}", messages.WARNING)
    modeladmin.message_user(request, _("%(n)s clocks recomputed.") % {"n": done})


@admin.register(Clock)
class ClockAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "office", "notice", "complaint", "starts_on", "due_on", "state"]
    list_filter = ["subject", "state", "office"]
    list_select_related = ["office", "notice", "complaint"]
    actions = [recompute]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
