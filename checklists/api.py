"""/api/v1/checklist-versions/ (reference data, every signed-in user); scoped: /api/v1/visit-checklists/ (a visit's
checklist, started by POST), /api/v1/checklist-answers/ (save, photo) and /api/v1/checklist-drafts/ (confirm, dismiss).
Every write goes through the service the visit's checklist page calls."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from inspections.choices import Severity
from inspections.models import Inspection
from inspectorate import access
from inspectorate.api.scoping import ScopedModelSerializer
from inspectorate.api.views import ScopedViewSetMixin, as_drf_error

from . import services
from .models import Answer, DraftFinding, Question, Section, TemplateVersion, VisitChecklist


class QuestionSerializer(serializers.ModelSerializer):
    provision = serializers.StringRelatedField()

    class Meta:
        model = Question
        fields = [
            "id", "code", "text_id", "text_en", "provision", "category", "answer_type", "options",
            "noncompliant_answers", "note_required", "photo_required",
        ]  # fmt: skip
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "position", "title_id", "title_en", "questions"]
        read_only_fields = fields


class TemplateVersionSerializer(serializers.ModelSerializer):
    template_code = serializers.CharField(source="template.code", read_only=True)
    template_name = serializers.CharField(source="template.name", read_only=True)
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateVersion
        fields = ["id", "template_code", "template_name", "number", "status", "published_at", "sections"]
        read_only_fields = fields


class TemplateVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist template versions with their sections and questions (reference data, like provisions)."""

    queryset = (
        TemplateVersion.objects.select_related("template")
        .prefetch_related("sections__questions__provision")
        .order_by("template__code", "-number")
    )
    serializer_class = TemplateVersionSerializer


class AnswerSerializer(ScopedModelSerializer):
    inspection = serializers.IntegerField(source="checklist.inspection_id", read_only=True)
    question_code = serializers.CharField(source="question.code", read_only=True)
    draft_finding_status = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "id", "checklist", "inspection", "question", "question_code", "value", "note", "photo", "compliant",
            "answered_at", "version", "draft_finding_status",
        ]  # fmt: skip
        read_only_fields = fields

    def get_draft_finding_status(self, answer) -> str | None:
        draft = getattr(answer, "draft_finding", None)
        return draft.status if draft is not None else None


class AnswerWriteSerializer(serializers.Serializer):
    checklist = serializers.IntegerField()
    question = serializers.IntegerField()
    value = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True, required=False, default="")


def _checklist_and_question(request, checklist_id, question_id) -> tuple[VisitChecklist, Question]:
    checklist = access.get_for_user(
        VisitChecklist.objects.select_related("inspection"), request.user, "change", pk=checklist_id
    )
    question = Question.objects.filter(pk=question_id, section__version_id=checklist.version_id).first()
    if question is None:
        raise serializers.ValidationError({"question": _("This question is not on the visit's checklist.")})
    return checklist, question


class AnswerPhotoSerializer(serializers.Serializer):
    checklist = serializers.IntegerField()
    question = serializers.IntegerField()
    photo = serializers.ImageField(help_text="Stored as the visit's file, its metadata stripped, as on the page.")


class AnswerViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """A visit's checklist answers; POST saves one answer through the same service as the page."""

    base_queryset = Answer.objects.select_related("checklist", "question", "draft_finding").order_by("pk")
    serializer_class = AnswerSerializer
    filterset_fields = ["checklist"]

    @extend_schema(request=AnswerWriteSerializer, responses={201: AnswerSerializer})
    @action(detail=False, methods=["post"], url_path="save")
    def save_answer(self, request):
        data = AnswerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checklist = access.get_for_user(
            VisitChecklist.objects.select_related("inspection"),
            request.user,
            "change",
            pk=data.validated_data["checklist"],
        )
        question = Question.objects.filter(pk=data.validated_data["question"]).first()
        if question is None:
            raise serializers.ValidationError({"question": _("This question is not on the visit's checklist.")})
        try:
            answer = services.answer_save(
                checklist=checklist, question=question, actor=request.user,
                value=data.validated_data["value"], note=data.validated_data["note"],
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(AnswerSerializer(answer, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": AnswerPhotoSerializer}, responses={201: AnswerSerializer}, methods=["POST"]
    )
    @action(detail=False, methods=["post"], url_path="photo", parser_classes=[MultiPartParser, FormParser])
    def answer_photo(self, request):
        """A checklist answer's photo (a photo question's answer, or the evidence a non-compliant answer needs)."""
        data = AnswerPhotoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checklist, question = _checklist_and_question(
            request, data.validated_data["checklist"], data.validated_data["question"]
        )
        try:
            answer = services.answer_photo_add(
                checklist=checklist, question=question, actor=request.user, upload=data.validated_data["photo"]
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(AnswerSerializer(answer, context={"request": request}).data, status=status.HTTP_201_CREATED)


class VisitChecklistSerializer(ScopedModelSerializer):
    template = serializers.CharField(source="version.template.name", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = VisitChecklist
        fields = ["id", "inspection", "version", "template", "version_number", "started_by", "started_at"]
        read_only_fields = fields


class ChecklistStartSerializer(serializers.Serializer):
    inspection = serializers.IntegerField(help_text="A visit in progress.")
    version = serializers.IntegerField(help_text="A published checklist version (/api/v1/checklist-versions/).")


class VisitChecklistViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """A visit's checklists, on the version each was started with; POST starts one (as the page's start)."""

    base_queryset = VisitChecklist.objects.select_related("version__template").order_by("pk")
    serializer_class = VisitChecklistSerializer
    filterset_fields = ["inspection"]

    @extend_schema(request=ChecklistStartSerializer, responses={201: VisitChecklistSerializer})
    def create(self, request):
        data = ChecklistStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = access.get_for_user(
            Inspection.objects.all(), request.user, "change", pk=data.validated_data["inspection"]
        )
        version = TemplateVersion.objects.filter(pk=data.validated_data["version"]).first()
        if version is None:
            raise serializers.ValidationError({"version": _("Choose a checklist.")})
        try:
            checklist = services.checklist_start(inspection=inspection, actor=request.user, version=version)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        checklist = self.base_queryset.get(pk=checklist.pk)
        return Response(
            VisitChecklistSerializer(checklist, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class DraftFindingSerializer(ScopedModelSerializer):
    question_code = serializers.CharField(source="answer.question.code", read_only=True)
    inspection = serializers.IntegerField(source="answer.checklist.inspection_id", read_only=True)
    provision = serializers.StringRelatedField()

    class Meta:
        model = DraftFinding
        fields = [
            "id", "answer", "inspection", "question_code", "category", "provision", "description", "status", "reason",
            "finding", "decided_by", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class DraftConfirmSerializer(serializers.Serializer):
    description = serializers.CharField(required=False, help_text="Omitted: the draft's own description.")
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    corrective_action = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class DraftDismissSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the proposal does not stand (kept in the visit's history).")


class DraftFindingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The findings non-compliant answers propose; confirm one into a finding of the visit, or dismiss it."""

    base_queryset = DraftFinding.objects.select_related("answer__question", "answer__checklist", "provision").order_by(
        "pk"
    )
    serializer_class = DraftFindingSerializer
    filterset_fields = ["status", "answer__checklist__inspection"]

    def _respond(self, draft):
        draft = self.base_queryset.get(pk=draft.pk)
        return Response(DraftFindingSerializer(draft, context={"request": self.request}).data)

    @extend_schema(request=DraftConfirmSerializer, responses={200: DraftFindingSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        draft = self.get_object()
        data = DraftConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            draft = services.draft_finding_confirm(draft=draft, actor=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return self._respond(draft)

    @extend_schema(request=DraftDismissSerializer, responses={200: DraftFindingSerializer})
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        draft = self.get_object()
        data = DraftDismissSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            draft = services.draft_finding_dismiss(
                draft=draft, actor=request.user, reason=data.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return self._respond(draft)
