"""Complaint endpoints: the same scope and field visibility as the pages; writes through services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from inspectorate import access, ratelimit
from inspectorate.api.views import ReferenceDataViewSet, ScopedViewSetMixin, as_drf_error

from .. import confidentiality, messaging, selectors, services
from ..choices import PUBLIC_STATUS_TEXT, Channel
from ..forms import AttachForm, TriageForm
from ..models import Category, Complaint
from .serializers import (
    AttachedSerializer,
    CategorySerializer,
    ComplaintAttachmentUploadSerializer,
    ComplaintEventSerializer,
    ComplaintMessageSerializer,
    ComplaintSerializer,
    DuplicateSerializer,
    MessageSendSerializer,
    NoteSerializer,
    PublicComplaintSerializer,
    PublicMessageReceiptSerializer,
    PublicMessageSerializer,
    PublicReceiptSerializer,
    StaffComplaintSerializer,
    StaffReceiptSerializer,
    TrackResultSerializer,
    TrackSerializer,
    TransitionSerializer,
    TriageResultSerializer,
    TriageSerializer,
)


class ComplaintViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Complaint.objects.select_related("office", "company").prefetch_related("categories")
    serializer_class = ComplaintSerializer
    filterset_fields = ["status", "channel", "office", "assigned_to"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Complaint.objects.none()
        return selectors.with_overdue(super().get_queryset())

    def get_serializer(self, *args, **kwargs):
        # Decide (and log) the sealed fields once for the complaints being serialised.
        instance = args[0] if args else kwargs.get("instance")
        if isinstance(instance, Complaint) or isinstance(instance, list):
            items = [instance] if isinstance(instance, Complaint) else instance
            visible = [c for c in items if confidentiality.can_see_identity(self.request.user, c)]
            shown = [c for c in visible if confidentiality.has_identity(c)]
            confidentiality.record_sealed_reads(
                user=self.request.user, complaints=shown, request=self.request, via="api"
            )
            kwargs.setdefault("context", self.get_serializer_context())["identity_visible"] = {c.pk for c in visible}
        return super().get_serializer(*args, **kwargs)

    @extend_schema(
        request=StaffComplaintSerializer,
        responses={201: StaffReceiptSerializer},
        summary="Record a complaint received by staff (letter, phone, e-mail, walk-in, referral)",
    )
    def create(self, request):
        """Staff intake, as the staff form: a past receipt time is read in the office's zone and bounded."""
        if not access.can_write(request.user):
            raise PermissionDenied
        data = StaffComplaintSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        company = fields.pop("company", None)
        name = fields.pop("company_name").strip()
        address = fields.pop("company_address").strip()
        try:
            intake = services.complaint_create(
                company=company,
                reported_company_name="" if company else name,
                reported_company_address="" if company else address,
                created_by=request.user,
                staff_intake=True,
                **fields,
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        complaint = intake.complaint
        return Response(
            {
                "id": complaint.pk,
                "reference": complaint.reference,
                "office": complaint.office_id,
                "received_at": serializers.DateTimeField().to_representation(complaint.received_at),
                "tracking_code": intake.tracking_code,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=TransitionSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        complaint = access.get_for_user(Complaint.objects.all(), request.user, "change", pk=pk)
        data = TransitionSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            services.complaint_transition(complaint=complaint, actor=request.user, **data.validated_data)
        except services.ComplaintTransitionError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        complaint = selectors.with_overdue(self.base_queryset.filter(pk=complaint.pk)).get()
        return Response(self.get_serializer(complaint).data)

    def _step(self, request, pk, serializer_class, service, **extra):
        complaint = access.get_for_user(Complaint.objects.all(), request.user, "change", pk=pk)
        data = serializer_class(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            return service(complaint=complaint, actor=request.user, **data.validated_data, **extra)
        except services.ComplaintTransitionError as exc:
            raise serializers.ValidationError({"detail": " ".join(exc.messages)}) from exc
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

    @extend_schema(request=NoteSerializer, responses={201: ComplaintEventSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """Add a note to the complaint's history (its status stays)."""
        event = self._step(request, pk, NoteSerializer, services.complaint_add_note)
        return Response(ComplaintEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MessageSendSerializer, responses={201: ComplaintMessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        """Send the complainant a question or an update (read on the tracking page, e-mailed if they gave an
        address); only those who may see the complainant's identity may write (403 otherwise)."""
        message = self._step(request, pk, MessageSendSerializer, messaging.message_send)
        return Response(ComplaintMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DuplicateSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        """Close a screened complaint as a duplicate of an earlier one of the same office."""
        complaint = self._step(request, pk, DuplicateSerializer, services.complaint_mark_duplicate)
        complaint = selectors.with_overdue(self.base_queryset.filter(pk=complaint.pk)).get()
        return Response(self.get_serializer(complaint).data)

    @extend_schema(request=TriageSerializer, responses=TriageResultSerializer)
    @action(detail=False, methods=["post"])
    def triage(self, request):
        """The office head's triage: screen and assign the given complaints of the queue, all or nothing."""
        office_id = selectors.triage_office_id(request.user)
        if office_id is None:
            raise exceptions.PermissionDenied
        data = TriageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The page's form, so the API accepts exactly the complaints and inspectors the page offers.
        form = TriageForm(
            data.validated_data,
            complaints=selectors.triage_queryset(request.user),
            inspectors=selectors.assignable_inspectors(office_id=office_id),
        )
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        values = form.cleaned_data
        try:
            result = services.complaints_screen_and_assign(
                complaints=list(values["complaints"]),
                actor=request.user,
                assignee=values["assignee"],
                note=values["note"],
            )
        except services.ComplaintTransitionError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"assigned": [c.reference for c in result.assigned], "screened": [c.reference for c in result.screened]}
        )

    @extend_schema(
        request={"multipart/form-data": ComplaintAttachmentUploadSerializer}, responses={201: AttachedSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        """Attach files (PDF, JPEG, PNG) to a complaint, checked like the page's upload."""
        complaint = access.get_for_user(Complaint.objects.all(), request.user, "change", pk=pk)
        form = AttachForm(data={}, files=request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        try:
            made = services.complaint_attach(
                complaint=complaint, actor=request.user, files=form.cleaned_data["attachments"]
            )
        except services.ComplaintTransitionError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response({"attached": len(made)}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ComplaintEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        complaint = self.get_object()
        return Response(ComplaintEventSerializer(selectors.complaint_events(complaint_id=complaint.pk), many=True).data)


class PublicViewSet(viewsets.ViewSet):
    """No login: file a complaint, track one with its code."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    def get_throttles(self):
        # The same budgets as the public pages (inspectorate.ratelimit): the form and this intake
        # share "complaint-submit", the tracking page and this endpoint "complaint-track".
        budget = {"track": "complaint-track", "messages": "complaint-message"}.get(self.action, "complaint-submit")
        return [ratelimit.throttle(budget)]

    @extend_schema(
        request=PublicComplaintSerializer, responses={201: PublicReceiptSerializer, 200: PublicReceiptSerializer}
    )
    @action(detail=False, methods=["post"], url_path="complaints")
    def complaints(self, request):
        data = PublicComplaintSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        token = fields.pop("submission_token")
        if token and (existing := Complaint.objects.filter(submission_token=token).first()):
            return Response(
                {"reference": existing.reference, "tracking_code": None, "detail": _("Already received.")},
                status=status.HTTP_200_OK,
            )
        company = fields.pop("company", None)
        name = fields.pop("company_name").strip()
        address = fields.pop("company_address").strip()
        try:
            intake = services.complaint_create(
                channel=Channel.ONLINE,
                company=company,
                reported_company_name="" if company else name,
                reported_company_address="" if company else address,
                submission_token=token,
                **fields,
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        except IntegrityError as exc:
            raise serializers.ValidationError({"submission_token": _("Already received.")}) from exc
        return Response(
            {"reference": intake.complaint.reference, "tracking_code": intake.tracking_code},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=TrackSerializer, responses={200: TrackResultSerializer})
    @action(detail=False, methods=["post"])
    def track(self, request):
        data = TrackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = selectors.complaint_by_tracking_code(code=data.validated_data["code"])
        if complaint is None:
            return Response(
                {"detail": _("No complaint matches this code. Check the code and try again.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(
            {
                "status": complaint.status,
                "text": str(PUBLIC_STATUS_TEXT[complaint.status]),
                "changed_at": complaint.status_changed_at,
            }
        )

    @extend_schema(request=PublicMessageSerializer, responses={201: PublicMessageReceiptSerializer})
    @action(detail=False, methods=["post"], url_path="track/messages")
    def messages(self, request):
        """The complainant's reply, proven by the complaint's reference and tracking code (the tracking
        page's message form); rate-limited like that form. A wrong pair is a 404 and nothing is kept."""
        data = PublicMessageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        complaint = selectors.complaint_by_tracking_code(code=fields["code"], reference=fields["reference"])
        if complaint is None:
            return Response(
                {"detail": _("No complaint matches this reference and code. Check them and try again.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        try:
            message = messaging.complainant_reply(complaint_id=complaint.pk, body=fields["body"])
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(
            {"created_at": message.created_at, "detail": _("Your message has been sent to the inspector.")},
            status=status.HTTP_201_CREATED,
        )


class CategoryViewSet(ReferenceDataViewSet):
    """Complaint categories (norm clusters): everyone reads them, admins add and reorder them."""

    base_queryset = Category.objects.all()
    serializer_class = CategorySerializer
    create_service = services.category_create
    update_service = services.category_update
    update_arg = "category"
