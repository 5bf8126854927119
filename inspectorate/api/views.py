"""Organisation endpoints: the same scope as the pages (access.py), writes through services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .. import access, selectors, services
from ..filters import CompanyFilter
from ..models import Company, District, Office, Region, Staff
from ..pagination import FewMatchesSortedPaginator
from .serializers import (
    CompanySerializer,
    DistrictSerializer,
    OfficeSerializer,
    OfficeWriteSerializer,
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


class ReferenceWriteMixin(mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Create and update through the reference data's own services (admins only, validated, audited).

    Others get 403 on create and 404 on update (an admin's write scope is the only one that
    reaches these rows, access.py)."""

    create_service = None
    update_service = None
    update_arg = ""
    write_serializer_class = None

    def get_serializer_class(self):
        if self.request is not None and self.request.method not in permissions.SAFE_METHODS:
            return self.write_serializer_class or self.serializer_class
        return self.serializer_class

    def _respond(self, obj, code=status.HTTP_200_OK):
        obj = self.base_queryset.get(pk=obj.pk)
        return Response(self.serializer_class(obj, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        if not access.is_admin(request.user):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj = type(self).create_service(actor=request.user, via="api", **serializer.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return self._respond(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        if not access.is_admin(request.user):
            raise PermissionDenied
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            obj = type(self).update_service(
                actor=request.user, via="api", **{self.update_arg: instance}, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return self._respond(obj)


class ReferenceDataViewSet(ReferenceWriteMixin, viewsets.ReadOnlyModelViewSet):
    """Reference data every signed-in user reads (their ids are needed to file and record); admins write."""

    base_queryset = None

    def get_queryset(self):
        return self.base_queryset.all()


class RegionViewSet(ScopedViewSetMixin, ReferenceWriteMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Region.objects.all()
    serializer_class = RegionSerializer
    create_service = services.region_create
    update_service = services.region_update
    update_arg = "region"


class DistrictViewSet(ScopedViewSetMixin, ReferenceWriteMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = District.objects.all()
    serializer_class = DistrictSerializer
    filterset_fields = ["region", "office"]
    create_service = services.district_create
    update_service = services.district_update
    update_arg = "district"


class OfficeViewSet(ScopedViewSetMixin, ReferenceWriteMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Office.objects.prefetch_related("districts")
    serializer_class = OfficeSerializer
    write_serializer_class = OfficeWriteSerializer
    filterset_fields = ["region"]
    create_service = services.office_create
    update_service = services.office_update
    update_arg = "office"


class StaffActionSerializer(serializers.Serializer):
    done = serializers.CharField()


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

    def _staff_action(self, api_request, pk, service, done: str, **kwargs):
        staff = self.get_object()  # "change": admins only; everyone else 404 (access.py)
        try:
            service(actor=api_request.user, staff=staff, via="api", **kwargs)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"done": done % {"username": staff.username}})

    @extend_schema(request=None, responses=StaffActionSerializer)
    @action(detail=True, methods=["post"], url_path="password-reset")
    def password_reset(self, request, pk=None):
        """E-mail the staff member a link to choose a new password."""
        done = _("A link to choose a new password was sent to %(username)s.")
        return self._staff_action(request, pk, services.staff_send_password_reset, done, request=request._request)

    @extend_schema(request=None, responses=StaffActionSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        """Lift the staff member's login lock."""
        return self._staff_action(
            request, pk, services.staff_unlock, _("Login lock of %(username)s lifted."), request=request._request
        )

    @extend_schema(request=None, responses=StaffActionSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """The account can no longer log in; its records and history stay (reactivate with is_active)."""
        return self._staff_action(
            request, pk, services.staff_deactivate, _("Account %(username)s deactivated: it can no longer log in.")
        )

    def perform_update(self, serializer):
        # The password is set by the service too: validated, audited, in the same transaction.
        try:
            serializer.instance = services.staff_update(
                actor=self.request.user, staff=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc


class CompanyPagination(PageNumberPagination):
    """The default page-number pagination; a search with few matches is sorted from its matches."""

    def django_paginator_class(self, object_list, per_page, **kwargs):
        # A search alone (CompanyViewSet.list) orders its rows itself.
        few = None if isinstance(object_list, selectors.CompanySearch) else selectors.sorted_from_matches
        return FewMatchesSortedPaginator(object_list, per_page, few=few, **kwargs)


class CompanyViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    base_queryset = Company.objects.select_related("district")
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    pagination_class = CompanyPagination

    def list(self, request, *args, **kwargs):
        """A search by name or NIB alone is counted and paged by prepared queries (selectors.CompanySearch)."""
        searched = ""
        if set(request.query_params) - {"page", "format"} == {"q"}:  # else the backend's filter set
            filterset = CompanyFilter(request.query_params, queryset_of=self.get_queryset, request=request)
            searched = filterset.searched_alone()
        if not searched:
            return super().list(request, *args, **kwargs)
        rows = selectors.CompanySearch(user=request.user, query=searched, cap=FewMatchesSortedPaginator.cap)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

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
