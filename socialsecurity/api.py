"""/api/v1/bpjs-*: imports and their line reports, participation snapshots (read-only), flags, coverage,
and the sanction ladder's steps; every write through the same service as its page."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from inspectorate import access
from inspectorate.api.documents import PDF_RENDERERS
from inspectorate.api.scoping import ScopedModelSerializer
from inspectorate.api.views import ReferenceDataViewSet, ScopedViewSetMixin, as_drf_error
from inspectorate.models import Company

from . import documents, selectors, services
from .models import BpjsImport, Flag, MinimumWage, Participation, Sanction, WorkforceEstimate


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


class BpjsImportSerializer(ScopedModelSerializer):
    class Meta:
        model = BpjsImport
        fields = [
            "id", "office", "original_name", "as_of", "source", "state", "rows_total", "rows_done", "rows_imported",
            "errors", "uploaded_by", "created_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class ParticipationSerializer(ScopedModelSerializer):
    class Meta:
        model = Participation
        fields = [
            "id", "company", "bpjs_import", "npp", "registered_on", "participants", "jkk", "jkm", "jht", "jp", "jkp",
            "wage_base", "as_of", "source",
        ]  # fmt: skip
        read_only_fields = fields


class FlagSerializer(ScopedModelSerializer):
    class Meta:
        model = Flag
        fields = ["id", "company", "kind", "reason", "evidence", "gap", "computed_at"]
        read_only_fields = fields


class SanctionSerializer(ScopedModelSerializer):
    class Meta:
        model = Sanction
        fields = [
            "id", "office", "company", "level", "state", "previous", "number", "grounds", "issued_on", "due_on",
            "due_at", "reminded_at", "issued_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class SanctionStartSerializer(serializers.Serializer):
    company = serializers.IntegerField(help_text="The company receiving written warning I.")
    grounds = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class SanctionComplySerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RateSerializer(serializers.Serializer):
    participants = serializers.IntegerField()
    workers = serializers.IntegerField(allow_null=True)
    rate = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True, help_text="Percent; never capped.")
    over = serializers.BooleanField(help_text="Over 100 %: the estimate of workers is too low.")
    participant_sources = serializers.ListField(child=serializers.CharField())
    worker_sources = serializers.ListField(child=serializers.CharField())


class CoverageRowSerializer(serializers.Serializer):
    key = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    formal = RateSerializer()
    informal = RateSerializer()


class CoverageSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    level = serializers.CharField()
    rows = CoverageRowSerializer(many=True)
    total = CoverageRowSerializer()


def _rate(rate) -> dict:
    return {
        "participants": rate.participants, "workers": rate.workers, "rate": rate.rate, "over": rate.over,
        "participant_sources": sorted(rate.participant_sources), "worker_sources": sorted(rate.worker_sources),
    }  # fmt: skip


def _row(row) -> dict:
    return {"key": row.key, "name": row.name, "code": row.code, "formal": _rate(row.formal),
            "informal": _rate(row.informal)}  # fmt: skip


class BpjsImportViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """BPJS participation files imported for an office, with their progress and per-line report."""

    base_queryset = BpjsImport.objects.order_by("-created_at", "-id")
    serializer_class = BpjsImportSerializer
    filterset_fields = ["office", "state"]


class ParticipationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Participation snapshots: one per company per import, never overwritten."""

    base_queryset = Participation.objects.order_by("-as_of", "-id")
    serializer_class = ParticipationSerializer
    filterset_fields = ["company", "bpjs_import"]


class FlagViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The computed cross-check flags, largest gap (workers not covered) first."""

    base_queryset = Flag.objects.order_by("-gap", "company_id", "kind")
    serializer_class = FlagSerializer
    filterset_fields = ["company", "kind"]


class SanctionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The PP 86/2013 ladder's steps; the office head starts (warning I), issues drafts and records compliance."""

    base_queryset = Sanction.objects.order_by("-created_at", "-id")
    serializer_class = SanctionSerializer
    filterset_fields = ["office", "company", "level", "state"]

    @extend_schema(request=SanctionStartSerializer, responses={201: SanctionSerializer})
    def create(self, request):
        """Issue written warning I to a company (the head of its office)."""
        data = SanctionStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company = access.get_for_user(Company.objects.all(), request.user, "change", pk=data.validated_data["company"])
        sanction = _call(
            services.sanction_start, actor=request.user, company=company, grounds=data.validated_data["grounds"]
        )
        return Response(SanctionSerializer(sanction, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=None, responses=SanctionSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue a drafted step (the office head)."""
        sanction = _call(services.sanction_issue, actor=request.user, sanction=self.get_object())
        return Response(SanctionSerializer(sanction, context=self.get_serializer_context()).data)

    @extend_schema(request=SanctionComplySerializer, responses=SanctionSerializer)
    @action(detail=True, methods=["post"])
    def comply(self, request, pk=None):
        """The company complied: the ladder stops (the office head)."""
        data = SanctionComplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sanction = _call(
            services.sanction_comply, actor=request.user, sanction=self.get_object(), note=data.validated_data["note"]
        )
        return Response(SanctionSerializer(sanction, context=self.get_serializer_context()).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=PDF_RENDERERS)
    def pdf(self, request, pk=None):
        """The issued step's letter as a PDF, in Indonesian (a draft has none: 404); the download is audited."""
        return documents.sanction_pdf_download(self.get_object(), actor=request.user, via="api")


class CoverageQuerySerializer(serializers.Serializer):
    """The coverage API's query: a year the registry can hold, a region's id."""

    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False, help_text="Defaults to this year.")
    region = serializers.IntegerField(
        min_value=1, required=False, help_text="A region's districts instead of the regions."
    )


class CoverageView(APIView):
    """GET /api/v1/bpjs-coverage/?year=&region=: coverage per region, or per district of a region (the
    caller's districts only: an office's own, an official's region, everything for national officials)."""

    @extend_schema(
        parameters=[CoverageQuerySerializer],
        responses={200: CoverageSerializer},
    )
    def get(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        result, _region = selectors.coverage_for(
            user=request.user, year=year, region_id=query.validated_data.get("region")
        )
        body = {"year": result.year, "level": result.level, "rows": [_row(r) for r in result.rows],
                "total": _row(result.total)}  # fmt: skip
        return Response(CoverageSerializer(body).data, status=status.HTTP_200_OK)


class MinimumWageSerializer(ScopedModelSerializer):
    class Meta:
        model = MinimumWage
        fields = ["id", "district", "year", "amount", "decree"]


class WorkforceEstimateSerializer(ScopedModelSerializer):
    class Meta:
        model = WorkforceEstimate
        fields = ["id", "district", "year", "formal_workers", "informal_workers", "source"]


class WorkforceImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV (UTF-8) or XLSX; first line the columns district, year, formal, informal, source."
    )


class LineErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class WorkforceImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Estimates added.")
    updated = serializers.IntegerField(help_text="Estimates of a district and year already entered, changed.")
    unchanged = serializers.IntegerField(help_text="Lines equal to what is stored.")
    errors = LineErrorSerializer(many=True, help_text="The bad lines, not imported; the good ones are.")


class MinimumWageViewSet(ReferenceDataViewSet):
    """Regional minimum wages (UMK, or UMP) per district and year with their decree: everyone reads, admins write."""

    base_queryset = MinimumWage.objects.all()
    serializer_class = MinimumWageSerializer
    filterset_fields = ["district", "year"]
    create_service = services.minimum_wage_create
    update_service = services.minimum_wage_update
    update_arg = "minimum_wage"


class WorkforceEstimateViewSet(ReferenceDataViewSet):
    """Estimated formal and informal workers per district and year (e.g. BPS Sakernas): everyone reads, admins write."""

    base_queryset = WorkforceEstimate.objects.all()
    serializer_class = WorkforceEstimateSerializer
    filterset_fields = ["district", "year"]
    create_service = services.workforce_create
    update_service = services.workforce_update
    update_arg = "workforce"

    @extend_schema(
        request={"multipart/form-data": WorkforceImportSerializer}, responses={200: WorkforceImportResultSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        """Estimates from a CSV or XLSX file (admins): good lines applied, bad lines reported with their number."""
        if not access.is_admin(request.user):
            raise PermissionDenied
        data = WorkforceImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = _call(services.workforce_import, actor=request.user, upload=data.validated_data["file"], via="api")
        return Response(WorkforceImportResultSerializer(result).data)
