"""Templates edited by administrators: every write goes through the services (a published version is frozen)."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from inspectorate.admin import RoleAdminMixin

from . import services
from .choices import VersionStatus
from .models import ChecklistTemplate, Question, Section, TemplateVersion
from .transfer import version_export


def _saved_through(service, **kwargs):
    try:
        return service(**kwargs)
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "is_active"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "description", "visit_kinds", "is_active"]
    actions = ["new_draft"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()  # name, description, visit kinds: not part of a frozen version
            return
        version = _saved_through(
            services.template_create, actor=request.user, code=obj.code, name=obj.name,
            description=obj.description, visit_kinds=obj.visit_kinds,
        )  # fmt: skip
        obj.pk = version.template_id

    @admin.action(description=_("Create the next draft version"))
    def new_draft(self, request, queryset):
        for template in queryset:
            draft = services.version_new_draft(actor=request.user, template=template)
            messages.success(request, _("Draft ready: %(version)s") % {"version": draft})


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["position", "title_id", "title_en"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TemplateVersion)
class TemplateVersionAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["template", "number", "status", "published_at"]
    list_filter = ["status", "template"]
    readonly_fields = ["template", "number", "status", "published_at", "published_by"]
    fields = readonly_fields
    inlines = [SectionInline]
    actions = ["publish", "export_json"]

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("Publish (freezes the version)"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.version_publish(actor=request.user, version=version)
                messages.success(request, _("Published: %(version)s") % {"version": version})
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))

    @admin.action(description=_("Export as JSON"))
    def export_json(self, request, queryset):
        version = queryset.select_related("template").first()
        response = HttpResponse(
            json.dumps(version_export(version), ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{version.template.code}-v{version.number}.json"'
        return response


class FrozenUnlessDraft:
    """Sections and questions of a published version are shown, never changed."""

    def _version(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._version(obj).status != VersionStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Section)
class SectionAdmin(FrozenUnlessDraft, RoleAdminMixin, admin.ModelAdmin):
    list_display = ["title_id", "version", "position"]
    list_filter = ["version__template"]
    fields = ["version", "position", "title_id", "title_en"]

    def _version(self, obj):
        return obj.version

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = TemplateVersion.objects.filter(status=VersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            _saved_through(services.ensure_draft, version=obj.version)
            obj.save()
        else:
            saved = _saved_through(
                services.section_add, actor=request.user, version=obj.version, title_id=obj.title_id,
                title_en=obj.title_en, position=obj.position,
            )  # fmt: skip
            obj.pk = saved.pk


@admin.register(Question)
class QuestionAdmin(FrozenUnlessDraft, RoleAdminMixin, admin.ModelAdmin):
    list_display = ["code", "section", "answer_type", "provision", "category"]
    list_filter = ["section__version__template", "category", "answer_type"]
    search_fields = ["code", "text_id", "text_en"]
    list_select_related = ["section__version__template", "provision"]
    fields = ["section", *services.QUESTION_FIELDS]

    def _version(self, obj):
        return obj.section.version

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(version__status=VersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in services.QUESTION_FIELDS if name in form.cleaned_data}
        if change:
            saved = _saved_through(services.question_update, actor=request.user, question=obj, **values)
        else:
            saved = _saved_through(services.question_add, actor=request.user, section=obj.section, **values)
        obj.pk = saved.pk
