"""/api/v1/checklist-versions/ (reference data, every signed-in user) and /api/v1/checklist-answers/ (scoped)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inspectorate import access
from inspectorate.api.scoping import ScopedModelSerializer
from inspectorate.api.views import ScopedViewSetMixin, as_drf_error

from . import services
from .models import Answer, Question, Section, TemplateVersion, VisitChecklist


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
