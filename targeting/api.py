"""/api/v1/risk-scores/, /api/v1/visit-plans/, /api/v1/visit-plan-entries/, /api/v1/risk-weights/,
/api/v1/inspector-leave/, /api/v1/inspector-assignments/: the scores in the caller's scope, the monthly plan's
steps and the team it is built from, each through the page's service."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inspectorate import access
from inspectorate.api.scoping import ScopedModelSerializer
from inspectorate.api.views import ScopedViewSetMixin, as_drf_error
from inspectorate.models import Company, Office, Staff

from . import scoring, services
from .choices import FactorCode
from .factors import DEFAULT_WEIGHTS, REGISTRY
from .models import Assignment, FactorWeight, Leave, Plan, PlanEntry, RiskScore


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


class BreakdownLineSerializer(serializers.Serializer):
    factor = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField()
    reason = serializers.CharField()
    available = serializers.BooleanField(help_text="False: no data for this factor is recorded yet; it adds nothing.")


class RiskScoreSerializer(ScopedModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True)
    lines = serializers.SerializerMethodField(help_text="The breakdown in plain words, biggest first.")

    class Meta:
        model = RiskScore
        fields = ["id", "company", "company_name", "score", "lines", "computed_at"]
        read_only_fields = fields

    @extend_schema_field(BreakdownLineSerializer(many=True))
    def get_lines(self, obj):
        return BreakdownLineSerializer(scoring.explain(obj.breakdown), many=True).data


class RiskScoreViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Companies' risk scores in the caller's scope, highest first, each with its breakdown in plain words."""

    base_queryset = RiskScore.objects.select_related("company").order_by("-score", "company_id")
    serializer_class = RiskScoreSerializer
    filterset_fields = {"score": ["gte", "lte"], "company__district": ["exact"]}


class PlanEntrySerializer(ScopedModelSerializer):
    class Meta:
        model = PlanEntry
        fields = ["id", "plan", "company", "inspector", "planned_date", "selection", "score", "reason", "inspection"]
        read_only_fields = fields


class PlanSerializer(ScopedModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "office", "month", "status", "random_percent", "seed", "capacity", "confirmed_at"]
        read_only_fields = fields


class PlanGenerateSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="Any day of the month to plan; next month when omitted.", required=False)


class PlanSettingSerializer(serializers.Serializer):
    random_percent = serializers.IntegerField(min_value=0, max_value=50)


class EntryChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    company = serializers.IntegerField(required=False, allow_null=True, default=None)
    inspector = serializers.IntegerField(required=False, allow_null=True, default=None)
    planned_date = serializers.DateField(required=False, allow_null=True, default=None)


class EntryRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


def _own_office(request) -> Office:
    office = access.get_for_user(Office.objects.all(), request.user, "change", pk=request.user.office_id or 0)
    services.require_head(request.user, office.pk)
    return office


class PlanViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly visit plans: the office head generates a proposal, edits its entries, confirms it."""

    base_queryset = Plan.objects.select_related("office").order_by("-month", "office_id")
    serializer_class = PlanSerializer
    filterset_fields = ["office", "status"]

    @extend_schema(request=PlanGenerateSerializer, responses={201: PlanSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        """Propose the month's visits for the caller's office (replaces a draft of that month)."""
        office = _own_office(request)
        data = PlanGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = _call(services.plan_generate, actor=request.user, office=office, month=data.validated_data.get("month"))
        return Response(
            PlanSerializer(plan, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PlanSettingSerializer, responses=PlanSettingSerializer)
    @action(detail=False, methods=["post"])
    def setting(self, request):
        """The caller's office's share of visits chosen at random (per cent)."""
        office = _own_office(request)
        data = PlanSettingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        setting = _call(services.plan_setting_change, actor=request.user, office=office, **data.validated_data)
        return Response({"random_percent": setting.random_percent})

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm the plan: every entry becomes a planned visit, all or none."""
        plan = _call(services.plan_confirm, actor=request.user, plan=self.get_object())
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)


class PlanEntryViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The proposed visits of the plans in scope; the head changes or removes one, with a reason."""

    base_queryset = PlanEntry.objects.select_related("plan").order_by("plan_id", "-score", "id")
    serializer_class = PlanEntrySerializer
    filterset_fields = ["plan", "inspector", "selection"]

    @extend_schema(request=EntryChangeSerializer, responses=PlanEntrySerializer)
    @action(detail=True, methods=["post"])
    def change(self, request, pk=None):
        """Swap the company, change the inspector or the date (a reason is required)."""
        entry = self.get_object()
        services.require_head(request.user, entry.plan.office_id)
        data = EntryChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            company = (
                access.get_for_user(Company.objects.all(), request.user, pk=values["company"])
                if values["company"]
                else None
            )
            inspector = (
                access.get_for_user(Staff.objects.all(), request.user, pk=values["inspector"])
                if values["inspector"]
                else None
            )
        except Http404:
            raise serializers.ValidationError({"company": ["Not found."]}) from None
        entry = _call(
            services.plan_entry_change,
            actor=request.user,
            entry=entry,
            reason=values["reason"],
            company=company,
            inspector=inspector,
            planned_date=values["planned_date"],
        )
        return Response(PlanEntrySerializer(entry, context=self.get_serializer_context()).data)

    @extend_schema(request=EntryRemoveSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Remove the entry from its draft plan (a reason is required)."""
        entry = self.get_object()
        services.require_head(request.user, entry.plan.office_id)
        data = EntryRemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.plan_entry_remove, actor=request.user, entry=entry, reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class WeightSerializer(serializers.Serializer):
    factor = serializers.ChoiceField(choices=FactorCode.choices)
    label = serializers.CharField()
    points = serializers.IntegerField()
    available = serializers.BooleanField()


class WeightChangeSerializer(serializers.Serializer):
    points = serializers.IntegerField(min_value=0, max_value=100)
    reason = serializers.CharField(max_length=500)


class WeightViewSet(viewsets.ViewSet):
    """The risk score's factor weights (points per unit); administrators change them, each change kept."""

    # The factor's code is the key: /api/v1/risk-weights/{id}/change/ with id = "size", "findings", ...

    def _rows(self):
        stored = dict(FactorWeight.objects.values_list("factor", "points"))
        return [
            {
                "factor": code,
                "label": factor.label,
                "points": stored.get(code, DEFAULT_WEIGHTS.get(code, 0)),
                "available": factor.available,
            }
            for code, factor in REGISTRY.items()
        ]

    @extend_schema(responses=WeightSerializer(many=True))
    def list(self, request):
        return Response(WeightSerializer(self._rows(), many=True).data)

    @extend_schema(
        request=WeightChangeSerializer,
        responses=WeightSerializer,
        parameters=[OpenApiParameter("id", str, OpenApiParameter.PATH, description="The factor's code, e.g. size.")],
    )
    @action(detail=True, methods=["post"])
    def change(self, request, pk=None):
        """Change one weight (administrators, with a reason); every score is recomputed. ``id``: the factor's code."""
        factor = pk
        if factor not in REGISTRY:
            raise Http404
        if not access.is_admin(request.user):
            raise PermissionDenied
        data = WeightChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.weight_change, actor=request.user, factor=factor, **data.validated_data)
        row = next(r for r in self._rows() if r["factor"] == factor)
        return Response(WeightSerializer(row).data)


def _team_office(request, inspector_id) -> Office:
    """The office whose team is changed: the head's own; for an administrator, the inspector's office."""
    if access.is_admin(request.user):
        office_id = Staff.objects.filter(pk=inspector_id).values_list("office_id", flat=True).first()
        return access.get_for_user(Office.objects.all(), request.user, "change", pk=office_id or 0)
    return _own_office(request)


class TeamViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List, add and remove through the targeting services (the office head; administrators)."""

    add_service = None
    remove_service = None
    remove_arg = ""

    def create(self, request, *args, **kwargs):
        office = None if access.is_admin(request.user) else _own_office(request)  # refused before any reading
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {key: getattr(value, "pk", value) for key, value in data.validated_data.items()}
        office = office or _team_office(request, fields["inspector"])
        row = _call(type(self).add_service, actor=request.user, office=office, **fields)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Remove it (the office head); the answer is what was removed."""
        row = self.get_object()
        removed = self.get_serializer(row).data
        _call(type(self).remove_service, actor=request.user, **{self.remove_arg: row})
        return Response(removed)


class LeaveSerializer(ScopedModelSerializer):
    class Meta:
        model = Leave
        fields = ["id", "inspector", "start", "end", "note"]


class AssignmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "inspector", "district", "kbli_group"]


class LeaveViewSet(TeamViewSet):
    """Inspectors' planned leave (first and last day): the monthly plan counts fewer visits for them."""

    base_queryset = Leave.objects.order_by("-start", "id")
    serializer_class = LeaveSerializer
    filterset_fields = ["inspector"]
    add_service = services.leave_add
    remove_service = services.leave_remove
    remove_arg = "leave"


class AssignmentViewSet(TeamViewSet):
    """Inspectors' districts or KBLI groups: the monthly plan sends them there first."""

    base_queryset = Assignment.objects.order_by("inspector_id", "id")
    serializer_class = AssignmentSerializer
    filterset_fields = ["inspector"]
    add_service = services.assignment_add
    remove_service = services.assignment_remove
    remove_arg = "assignment"
