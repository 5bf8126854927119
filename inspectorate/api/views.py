"""Organisation endpoints: the same scope as the pages (access.py), writes through services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from .. import access, services
from ..filters import CompanyFilter
from ..models import Company, District, Office, Region, Staff
from .serializers import (
    CompanySerializer,
    DistrictSerializer,
    OfficeSerializer,
    RegionSerializer,
    StaffSerializer,
    StaffWriteSerializer,
)


def as_drf_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class ScopedViewSetMixin:
    """Every queryset of the API is narrowed by access.restrict; out of scope is 404."""

    base_queryset = None

    def get_queryset(self):
        action = "view" if self.request.method in permissions.SAFE_METHODS else "change"
        return access.restrict(self.base_queryset.all(), self.request.user, action)


class RegionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Region.objects.all()
    serializer_class = RegionSerializer


class DistrictViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = District.objects.all()
    serializer_class = DistrictSerializer
    filterset_fields = ["region", "office"]


class OfficeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Office.objects.prefetch_related("districts")
    serializer_class = OfficeSerializer
    filterset_fields = ["region"]


class StaffViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    base_queryset = Staff.objects.all()
    filterset_fields = ["office", "role", "is_active"]

    def get_serializer_class(self):
        return StaffSerializer if self.request.method in permissions.SAFE_METHODS else StaffWriteSerializer

    def perform_create(self, serializer):
        if not access.is_admin(self.request.user):
            raise PermissionDenied
        try:
            serializer.instance = services.staff_create(actor=self.request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer):
        # The password is set by the service too: validated, audited, in the same transaction.
        try:
            serializer.instance = services.staff_update(
                actor=self.request.user, staff=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc


class CompanyViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    base_queryset = Company.objects.select_related("district")
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

    def perform_create(self, serializer):
        if not access.can_write(self.request.user):
            raise PermissionDenied
        try:
            serializer.instance = services.company_create(user=self.request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    def perform_update(self, serializer):
        try:
            serializer.instance = services.company_update(
                user=self.request.user, company=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
