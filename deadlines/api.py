"""/api/v1/deadlines/ and the ladder's steps: the open legal clocks in the caller's scope, a Nota's
delivery, the prepared Nota II drafts, the non-compliance reports and one's calendar feed; every
write through the same service as its page (deadlines.services)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from inspections.choices import FindingStatus
from inspections.models import Notice
from inspectorate import access
from inspectorate.api.scoping import ScopedModelSerializer
from inspectorate.api.views import ScopedViewSetMixin, as_drf_error

from . import services
from .choices import OPEN_CLOCK_STATES, DeliveryMethod, ReportDecision, Sanction
from .models import Clock, NonComplianceReport, NoticeDelivery, NoticeDraft


def _call(service, **kwargs):
    """The page's service: 403 for a role its step map refuses, 400 (nothing changed) for bad input."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


class ClockRecomputeSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, help_text="Why the deadline is recomputed.")


class DeliverySerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    received_on = serializers.DateField(help_text="The day the employer received the Nota (office's calendar).")
    recipient_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    receipt = serializers.FileField(required=False, allow_null=True, default=None, help_text="PDF or photo.")


class DeliveryResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeDelivery
        fields = ["id", "notice", "method", "received_on", "recipient_name", "recorded_by", "recorded_at"]
        read_only_fields = fields


class NoticeDraftSerializer(ScopedModelSerializer):
    class Meta:
        model = NoticeDraft
        fields = ["id", "office", "previous", "findings", "period_days", "status", "issued", "created_at"]
        read_only_fields = fields


class NoticeDraftIssueSerializer(serializers.Serializer):
    period_days = serializers.IntegerField(min_value=1, max_value=365)
    findings = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Open findings of the draft; all when omitted."
    )


class NonComplianceReportSerializer(ScopedModelSerializer):
    class Meta:
        model = NonComplianceReport
        fields = [
            "id", "office", "notice", "number", "status", "created_at", "issued_on", "decision", "sanction", "note",
            "decided_by",
        ]  # fmt: skip
        read_only_fields = fields


class ReportDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReportDecision.choices)
    sanction = serializers.ChoiceField(choices=Sanction.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class FeedRenewSerializer(serializers.Serializer):
    revoke = serializers.BooleanField(required=False, default=False, help_text="Switch the feed off instead.")


class FeedSerializer(serializers.Serializer):
    url = serializers.CharField(allow_null=True, help_text="The secret iCalendar address; null when switched off.")


class ClockSerializer(ScopedModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Clock
        fields = [
            "id",
            "subject",
            "office",
            "notice",
            "complaint",
            "reference",
            "responsible",
            "duration",
            "unit",
            "calendar",
            "starts_on",
            "due_on",
            "due_at",
            "state",
            "expired_at",
        ]
        read_only_fields = fields


class ClockViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Open legal clocks (waiting, running, expired), what expires first at the top."""

    base_queryset = (
        Clock.objects.filter(state__in=OPEN_CLOCK_STATES).select_related("notice", "complaint").order_by("due_at", "id")
    )
    serializer_class = ClockSerializer
    filterset_fields = ["office", "subject", "state", "responsible"]

    @extend_schema(request=ClockRecomputeSerializer, responses=ClockSerializer)
    @action(detail=True, methods=["post"])
    def recompute(self, request, pk=None):
        """Apply the rule's current terms to a running clock (the office head, with a reason)."""
        clock = self.get_object()
        data = ClockRecomputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clock = _call(services.clock_recompute, clock=clock, actor=request.user, note=data.validated_data["note"])
        return Response(ClockSerializer(clock, context=self.get_serializer_context()).data)


class NoticeDeliveryView(generics.GenericAPIView):
    """POST /api/v1/notices/{id}/delivery/: how and when the employer received the Nota; its
    compliance period runs from that day (the visit's team or the office head)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = DeliverySerializer

    def get_queryset(self):
        return access.restrict(Notice.objects.select_related("office", "inspection"), self.request.user, "change")

    @extend_schema(request=DeliverySerializer, responses={201: DeliveryResultSerializer})
    def post(self, request, pk=None):
        notice = self.get_object()
        data = DeliverySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = _call(services.notice_record_delivery, notice=notice, actor=request.user, **data.validated_data)
        return Response(DeliveryResultSerializer(delivery).data, status=status.HTTP_201_CREATED)


class NoticeDraftViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Nota II drafts the deadline scan prepared: the office head issues (period, findings) or discards them."""

    base_queryset = (
        NoticeDraft.objects.select_related("previous__inspection", "office")
        .prefetch_related("findings")
        .order_by("-created_at", "-id")
    )
    serializer_class = NoticeDraftSerializer
    filterset_fields = ["office", "status"]

    @extend_schema(request=NoticeDraftIssueSerializer, responses={201: NoticeDraftSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue the prepared Nota II (the draft page's form); answers the draft, ``issued`` the new Nota."""
        draft = self.get_object()
        data = NoticeDraftIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        findings = None
        if "findings" in data.validated_data:
            wanted = set(data.validated_data["findings"])
            findings = list(draft.findings.filter(status=FindingStatus.OPEN, pk__in=wanted))
            if len(findings) != len(wanted) or not findings:
                raise serializers.ValidationError({"findings": [_("Choose open findings of this draft.")]})
        _call(
            services.draft_issue, draft=draft, actor=request.user, period_days=data.validated_data["period_days"],
            findings=findings,
        )  # fmt: skip
        draft = self.base_queryset.get(pk=draft.pk)
        return Response(NoticeDraftSerializer(draft, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=None, responses=NoticeDraftSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        """Discard the prepared Nota II (the office head)."""
        draft = _call(services.draft_discard, draft=self.get_object(), actor=request.user)
        draft = self.base_queryset.get(pk=draft.pk)
        return Response(NoticeDraftSerializer(draft, context=self.get_serializer_context()).data)


class NonComplianceReportViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Non-compliance reports prepared after a Nota II's period: the office head decides and issues them."""

    base_queryset = NonComplianceReport.objects.select_related("notice__inspection", "office").order_by(
        "-created_at", "-id"
    )
    serializer_class = NonComplianceReportSerializer
    filterset_fields = ["office", "status", "decision"]

    @extend_schema(request=ReportDecisionSerializer, responses=NonComplianceReportSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Issue the report with the decision: a sanction to recommend, or handing over to a PPNS."""
        report = self.get_object()
        data = ReportDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.report_decide, report=report, actor=request.user, **data.validated_data)
        report = self.base_queryset.get(pk=report.pk)
        return Response(NonComplianceReportSerializer(report, context=self.get_serializer_context()).data)


class FeedRenewView(APIView):
    """POST /api/v1/deadlines/feed/renew/: a new secret calendar address for the caller (the old one stops
    working at once), or ``revoke`` to switch the feed off."""

    @extend_schema(request=FeedRenewSerializer, responses=FeedSerializer)
    def post(self, request):
        data = FeedRenewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token = services.feed_renew(actor=request.user, revoke=data.validated_data["revoke"], request=request)
        url = request.build_absolute_uri(f"/deadlines/feed/{token.token}.ics") if token else None
        return Response({"url": url})
