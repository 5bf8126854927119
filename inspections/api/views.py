"""Inspection endpoints: the same scope (access.py) and the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from complaints.models import Complaint
from inspectorate import access
from inspectorate.api.views import ScopedViewSetMixin, as_drf_error
from inspectorate.models import Company

from .. import services
from ..filters import FindingFilter, InspectionFilter, NoticeFilter
from ..models import Finding, Inspection, Notice
from .serializers import (
    FindingSerializer,
    FindingUpdateSerializer,
    FindingWriteSerializer,
    InspectionCreateSerializer,
    InspectionSerializer,
    InspectionUpdateSerializer,
    NoticeCreateSerializer,
    NoticeSerializer,
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This record can no longer be edited."
    default_code = "locked"


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except services.Locked as exc:
        raise Conflict(exc.messages[0]) from exc
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


def _require_write(user) -> None:
    if not access.can_write(user):
        raise PermissionDenied


class InspectionViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    base_queryset = Inspection.objects.select_related("company").prefetch_related("team")
    filterset_class = InspectionFilter

    def get_serializer_class(self):
        if self.action == "create":
            return InspectionCreateSerializer
        if self.action in ("update", "partial_update"):
            return InspectionUpdateSerializer
        return InspectionSerializer

    def create(self, request, *args, **kwargs):
        _require_write(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        common = {
            "actor": request.user,
            "lead": data["lead_inspector"],
            "team": data.get("team", []),
            "planned_date": data["planned_date"],
        }
        if "complaint" in data:
            complaint = access.get_for_user(Complaint.objects.all(), request.user, "change", pk=data["complaint"].pk)
            inspection = _call(services.inspection_plan_from_complaint, complaint=complaint, **common)
        else:
            company = access.get_for_user(Company.objects.all(), request.user, "change", pk=data["company"].pk)
            inspection = _call(services.inspection_plan, company=company, kind=data["kind"], **common)
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        inspection = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        inspection = _call(
            services.inspection_update, inspection=inspection, actor=request.user, **serializer.validated_data
        )
        return Response(InspectionSerializer(inspection).data)

    @extend_schema(request=None, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        inspection = _call(services.inspection_start, inspection=self.get_object(), actor=request.user)
        return Response(InspectionSerializer(inspection).data)

    @extend_schema(request=None, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        inspection = _call(services.inspection_report, inspection=self.get_object(), actor=request.user)
        return Response(InspectionSerializer(inspection).data)


class FindingViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    base_queryset = Finding.objects.select_related("provision")
    filterset_class = FindingFilter

    def get_serializer_class(self):
        if self.action == "create":
            return FindingWriteSerializer
        if self.action in ("update", "partial_update"):
            return FindingUpdateSerializer
        return FindingSerializer

    def create(self, request, *args, **kwargs):
        _require_write(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        inspection = access.get_for_user(Inspection.objects.all(), request.user, "change", pk=data.pop("inspection").pk)
        finding = _call(services.finding_add, inspection=inspection, actor=request.user, **data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        finding = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        finding = _call(services.finding_update, finding=finding, actor=request.user, **serializer.validated_data)
        return Response(FindingSerializer(finding).data)


class NoticeViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    base_queryset = Notice.objects.prefetch_related("findings")
    filterset_class = NoticeFilter

    def get_serializer_class(self):
        return NoticeCreateSerializer if self.action == "create" else NoticeSerializer

    def create(self, request, *args, **kwargs):
        _require_write(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "inspection" in data:
            inspection = access.get_for_user(Inspection.objects.all(), request.user, "change", pk=data["inspection"].pk)
            notice = _call(
                services.notice_issue_first,
                inspection=inspection,
                actor=request.user,
                findings=data["findings"],
                compliance_deadline=data["compliance_deadline"],
            )
        else:
            previous = access.get_for_user(Notice.objects.all(), request.user, "change", pk=data["previous"].pk)
            notice = _call(
                services.notice_issue_second,
                previous=previous,
                actor=request.user,
                findings=data.get("findings") or None,
                compliance_deadline=data["compliance_deadline"],
            )
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        self.get_object()  # scope first: out of scope is a 404
        raise Conflict("An issued notice cannot be edited; add an addendum instead.")
