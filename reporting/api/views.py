"""Reports endpoints: the same scope as the pages (selectors.report_list), requests through the service."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from audit.choices import Action
from audit.services import record as audit_record
from checklists.models import VisitChecklist
from inspectorate import storage
from inspectorate.api.views import as_drf_error

from .. import selectors, services
from ..views import XLSX
from .serializers import ReportRequestSerializer, ReportSerializer


class ReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportSerializer
    filterset_fields = ["kind", "status", "office", "region"]

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    @extend_schema(request=ReportRequestSerializer, responses={200: ReportSerializer, 202: ReportSerializer})
    def create(self, request, *args, **kwargs):
        """Request a report; an existing one for the same kind, scope and month is returned, not doubled."""
        if not selectors.may_use_reports(request.user):
            raise NotFound
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        scope = {}
        if values.get("office"):
            scope["office"] = selectors.requestable_offices(user=request.user).filter(pk=values["office"]).first()
            if scope["office"] is None:
                raise NotFound
        elif values.get("region"):
            scope["region"] = selectors.requestable_regions(user=request.user).filter(pk=values["region"]).first()
            if scope["region"] is None:
                raise NotFound
        elif not selectors.may_request_national(request.user):
            raise NotFound
        try:
            report = services.report_request(
                kind=values["kind"],
                month=values["month"],
                user=request.user,
                language=values.get("language"),
                rebuild=values["rebuild"],
                **scope,
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        code = status.HTTP_202_ACCEPTED if report.in_progress else status.HTTP_200_OK
        return Response(ReportSerializer(report, context={"request": request}).data, status=code)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The PDF, once built (404 until then and outside the user's scope)."""
        report = self.get_object()
        if not report.is_done:
            raise Http404
        return _download(request, report, report.file, "pdf", "application/pdf")

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def spreadsheet(self, request, pk=None):
        """The annual report's tables as XLSX, once built (404 for other reports)."""
        report = self.get_object()
        if not report.is_done or not report.spreadsheet:
            raise Http404
        return _download(request, report, report.spreadsheet, "xlsx", XLSX)


def _download(request, report, file, extension: str, content_type: str):
    name = report.download_name(extension)
    audit_record(action=Action.REPORT_DOWNLOAD, actor=request.user, obj=report, extra={"via": "api"})
    response = storage.file_response(file, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ChecklistScoreSerializer(serializers.Serializer):
    checklist_id = serializers.IntegerField()
    inspection_id = serializers.IntegerField()
    reference = serializers.CharField()
    template = serializers.CharField()
    version = serializers.IntegerField()
    visited_at = serializers.DateTimeField(allow_null=True)
    applicable = serializers.IntegerField()
    compliant = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    band = serializers.CharField(allow_null=True)


class ChecklistScoreViewSet(viewsets.GenericViewSet):
    """Checklist compliance scores (reporting/figures/checklists.py), oldest visit first; ``?company=`` narrows."""

    serializer_class = ChecklistScoreSerializer
    queryset = VisitChecklist.objects.none()  # the schema's model; list() reads through the figures

    @extend_schema(
        parameters=[OpenApiParameter("company", int, description="only this company's checklists")],
        responses={200: ChecklistScoreSerializer(many=True)},
    )
    def list(self, request):
        from reporting.figures.checklists import checklist_scores, scores_for

        queryset = scores_for(user=request.user)
        company = request.query_params.get("company")
        if company:
            if not company.isdigit():
                raise ValidationError({"company": _("Enter a whole number.")})
            queryset = queryset.filter(inspection__company_id=int(company))
        rows = checklist_scores(queryset.order_by("inspection__visited_at", "pk"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ChecklistScoreSerializer(page, many=True).data)
