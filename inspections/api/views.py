"""Inspection endpoints: the same scope (access.py) and the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from complaints.models import Complaint
from inspectorate import access
from inspectorate.api.documents import HTML_RENDERERS, PDF_RENDERERS
from inspectorate.api.views import ReferenceDataViewSet, ScopedViewSetMixin, as_drf_error
from inspectorate.documents import pdf_response
from inspectorate.models import Company

from .. import documents, services
from ..filters import FindingFilter, InspectionFilter, NoticeFilter
from ..models import Finding, Inspection, Investigation, LegalProvision, Notice
from .serializers import (
    AddendumSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    ComplianceSerializer,
    EscalateSerializer,
    FieldNoteSerializer,
    FindingSerializer,
    FindingUpdateSerializer,
    FindingWriteSerializer,
    InspectionCreateSerializer,
    InspectionSerializer,
    InspectionUpdateSerializer,
    InvestigationCloseSerializer,
    InvestigationSerializer,
    InvestigationStepCreateSerializer,
    InvestigationStepSerializer,
    NoticeCreateSerializer,
    NoticeMarkSerializer,
    NoticeSerializer,
    ProvisionSerializer,
    ReasonSerializer,
    SecondNoticeSerializer,
    TextSerializer,
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


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _act(view, request, service, subject: str, *, body=None, answer, created=False, **extra) -> Response:
    """One page action over the API: the object in the user's write scope (else 404), the body
    validated (400), the page's service (403 for the role, 400 for the status, 409 for a record)."""
    obj = view.get_object()
    data = _valid(body, request) if body is not None else {}
    result = _call(service, **{subject: obj}, actor=request.user, **data, **extra)
    return Response(answer(result).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


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

    @extend_schema(request=ReasonSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return _act(
            self, request, services.inspection_cancel, "inspection", body=ReasonSerializer, answer=InspectionSerializer
        )

    @extend_schema(request=None, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return _act(self, request, services.inspection_close, "inspection", answer=InspectionSerializer)

    @extend_schema(request=TextSerializer, responses={201: FieldNoteSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """Add a field note to a visit in progress."""
        return _act(
            self, request, services.field_note_add, "inspection", body=TextSerializer, answer=FieldNoteSerializer,
            created=True,
        )  # fmt: skip

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer}, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def files(self, request, pk=None):
        """Attach a photo or document (JPEG, PNG, PDF) to a visit in progress; images lose their metadata."""
        inspection = self.get_object()
        data = _valid(AttachmentUploadSerializer, request)
        attachment = _call(
            services.attachment_add,
            inspection=inspection,
            actor=request.user,
            upload=data["file"],
            caption=data["caption"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TextSerializer, responses={201: AddendumSerializer})
    @action(detail=True, methods=["post"])
    def addenda(self, request, pk=None):
        """Append a correction to a reported visit (a record is never edited)."""
        return _act(
            self, request, services.addendum_add, "inspection", body=TextSerializer, answer=AddendumSerializer,
            created=True,
        )  # fmt: skip


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

    @extend_schema(request=ComplianceSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def compliance(self, request, pk=None):
        """Record, finding by finding, what the company corrected."""
        return _act(
            self, request, services.notice_record_compliance, "notice", body=ComplianceSerializer,
            answer=NoticeSerializer,
        )  # fmt: skip

    @extend_schema(request=NoticeMarkSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def mark(self, request, pk=None):
        """Mark the notice complied (every finding corrected) or not complied (deadline passed)."""
        return _act(self, request, services.notice_mark, "notice", body=NoticeMarkSerializer, answer=NoticeSerializer)

    @extend_schema(request=SecondNoticeSerializer, responses={201: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def second(self, request, pk=None):
        """Issue a Nota II from this Nota I once its deadline has passed; without findings, every open one."""
        previous = self.get_object()
        data = _valid(SecondNoticeSerializer, request)
        notice = _call(
            services.notice_issue_second,
            previous=previous,
            actor=request.user,
            findings=data.get("findings") or None,
            compliance_deadline=data["compliance_deadline"],
        )
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EscalateSerializer, responses={201: InvestigationSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Escalate a not-complied Nota II past its deadline to a PPNS investigator of the office."""
        return _act(
            self, request, services.investigation_open, "notice", body=EscalateSerializer,
            answer=InvestigationSerializer, created=True,
        )  # fmt: skip

    @extend_schema(request=TextSerializer, responses={201: AddendumSerializer})
    @action(detail=True, methods=["post"])
    def addenda(self, request, pk=None):
        """Append a correction to an issued notice (a notice is never edited)."""
        return _act(
            self, request, services.addendum_add, "notice", body=TextSerializer, answer=AddendumSerializer, created=True
        )

    def _document_context(self) -> dict:
        notice = access.get_for_user(
            Notice.objects.select_related("inspection", "office", "company", "previous", "issued_by").prefetch_related(
                "findings__provision"
            ),
            self.request.user,
            pk=self.kwargs["pk"],
        )
        return documents.notice_document_context(notice)

    @extend_schema(responses={(200, "text/html"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"], renderer_classes=HTML_RENDERERS)
    def document(self, request, pk=None):
        """The notice as the company receives it, as HTML (the same document as the page's)."""
        html = documents.render_notice_html(self._document_context())
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=PDF_RENDERERS)
    def pdf(self, request, pk=None):
        """The notice as a PDF."""
        context = self._document_context()
        return pdf_response(documents.render_notice_pdf(context), documents.pdf_filename(context))


class InvestigationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Investigations (penyidikan) opened from not-complied Nota II; their steps and closing."""

    base_queryset = Investigation.objects.prefetch_related("steps")
    serializer_class = InvestigationSerializer
    filterset_fields = ["status", "office", "investigator"]

    @extend_schema(request=InvestigationStepCreateSerializer, responses={201: InvestigationStepSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        """Add a dated step (summons, examination, case file sent, …) to an open investigation."""
        return _act(
            self, request, services.investigation_step_add, "investigation", body=InvestigationStepCreateSerializer,
            answer=InvestigationStepSerializer, created=True,
        )  # fmt: skip

    @extend_schema(request=InvestigationCloseSerializer, responses=InvestigationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        # Answered as read back (with its steps prefetched), not as the service's locked row.
        return _act(
            self, request, services.investigation_close, "investigation", body=InvestigationCloseSerializer,
            answer=lambda closed: InvestigationSerializer(self.get_queryset().get(pk=closed.pk)),
        )  # fmt: skip


class ProvisionViewSet(ReferenceDataViewSet):
    """Legal provisions findings cite: everyone reads them, admins add and withdraw them."""

    base_queryset = LegalProvision.objects.all()
    serializer_class = ProvisionSerializer
    filterset_fields = ["category", "is_active"]
    create_service = services.provision_create
    update_service = services.provision_update
    update_arg = "provision"
