"""/api/v1/history-imports/: the history import over the API, with the same service, scope and report as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from inspectorate.api.scoping import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from inspectorate.api.views import as_drf_error
from inspectorate.models import Office

from . import selectors, services
from .models import HistoryImport, RecordKind
from .reading import MAX_BYTES


class HistoryImportSerializer(ScopedModelSerializer):
    errors = serializers.JSONField(read_only=True, help_text="[[sheet, line, reason], ...] of every line not imported")

    class Meta:
        model = HistoryImport
        fields = [
            "id",
            "office",
            "original_name",
            "imported_by",
            "imported_at",
            "status",
            "rows_read",
            "complaints_created",
            "visits_created",
            "unchanged",
            "errors",
            "rolled_back_at",
            "rolled_back_by",
        ]
        read_only_fields = fields


def _import_offices(request):
    """The offices the request's user imports into (see selectors.offices_for_import); none without a user."""
    user = getattr(request, "user", None)
    return Office.objects.none() if user is None else selectors.offices_for_import(user)


# As access.restricted(...): ScopedRelatedFieldMixin calls it with the request; the schema reads its model.
_import_offices.scoped = True
_import_offices.model = Office


class HistoryUploadSerializer(serializers.Serializer):
    office = ScopedPrimaryKeyRelatedField(queryset=_import_offices)
    file = serializers.FileField(help_text="XLSX (sheets complaints and visits) or CSV in UTF-8; see docs/import.md")
    kind = serializers.ChoiceField(
        choices=RecordKind.choices, required=False, allow_null=True, default=None, help_text="a CSV file's kind"
    )
    check_only = serializers.BooleanField(default=False, help_text="check every line and import nothing")

    def validate_file(self, upload):
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise serializers.ValidationError(_("Choose an XLSX or CSV file."))
        if upload.size > MAX_BYTES:
            raise serializers.ValidationError(_("The file is larger than 10 MB; split it."))
        return upload


class HistoryCheckSerializer(serializers.Serializer):
    complaints_created = serializers.IntegerField()
    visits_created = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = serializers.JSONField()


class HistoryImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Imports of the offices in reach: every office for an admin, their own for an office head."""

    serializer_class = HistoryImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return HistoryImport.objects.none()
        return selectors.imports_for(self.request.user)

    @extend_schema(
        request={"multipart/form-data": HistoryUploadSerializer},
        responses={201: HistoryImportSerializer, 200: HistoryCheckSerializer},
        summary="Import an office's history from a file (201), or only check it (200)",
    )
    def create(self, request):
        data = HistoryUploadSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            report = services.history_import_run(
                actor=request.user,
                office=data.validated_data["office"],
                data=upload.read(),
                name=upload.name,
                kind=data.validated_data["kind"],
                dry_run=data.validated_data["check_only"],
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        except DjangoPermissionDenied as exc:
            raise NotFound from exc
        if report.batch is None:
            return Response(
                {
                    "complaints_created": report.complaints_created,
                    "visits_created": report.visits_created,
                    "unchanged": report.unchanged,
                    "errors": report.errors,
                }
            )
        return Response(self.get_serializer(report.batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=HistoryImportSerializer)
    @action(detail=True, methods=["post"])
    def rollback(self, request, pk=None):
        """Remove everything the import created; refused (400) while anything else refers to its records."""
        batch = self.get_object()
        try:
            batch = services.history_import_rollback(actor=request.user, batch=batch)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(self.get_serializer(batch).data)
