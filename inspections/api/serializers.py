from rest_framework import serializers

from complaints.models import Complaint
from inspectorate import access
from inspectorate.api.scoping import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from inspectorate.models import Company, Staff

from ..choices import InvestigationOutcome, Kind, NoticeStatus
from ..models import (
    WAGE_FOUND_MAX,
    Addendum,
    Attachment,
    FieldNote,
    Finding,
    Inspection,
    Investigation,
    InvestigationStep,
    LegalProvision,
    Notice,
)


class InspectionSerializer(ScopedModelSerializer):
    # origin_complaint is internal and deliberately not exposed here.
    class Meta:
        model = Inspection
        fields = [
            "id",
            "reference",
            "office",
            "company",
            "lead_inspector",
            "team",
            "kind",
            "status",
            "planned_date",
            "visited_at",
            "workers_present",
            "wage_found",
            "summary",
            "reported_at",
        ]
        read_only_fields = fields


class InspectionCreateSerializer(serializers.Serializer):
    company = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Company.objects.all()), required=False)
    complaint = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Complaint.objects.all()), required=False)
    kind = serializers.ChoiceField(choices=[k for k in Kind.values if k != Kind.COMPLAINT], required=False)
    lead_inspector = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Staff.objects.all()))
    team = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Staff.objects.all()), many=True, required=False)
    planned_date = serializers.DateField()

    def validate(self, attrs):
        if "complaint" in attrs:
            if "company" in attrs or "kind" in attrs:
                raise serializers.ValidationError("A visit from a complaint takes its company and kind from it.")
        elif "company" not in attrs or "kind" not in attrs:
            raise serializers.ValidationError("Give company and kind, or complaint.")
        return attrs


class InspectionUpdateSerializer(serializers.Serializer):
    planned_date = serializers.DateField(required=False)
    visited_at = serializers.DateTimeField(required=False)
    workers_present = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    wage_found = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=WAGE_FOUND_MAX,
        help_text="The monthly wage per worker found on the visit (payroll), in rupiah.",
    )
    summary = serializers.CharField(required=False, allow_blank=True)


class FindingSerializer(ScopedModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "category",
            "provision",
            "description",
            "severity",
            "corrective_action",
            "deadline",
            "status",
            "corrected_at",
            "version",
        ]
        read_only_fields = ["id", "status", "corrected_at", "version"]


class FindingWriteSerializer(serializers.Serializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Inspection.objects.all()))
    category = serializers.CharField()
    provision = ScopedPrimaryKeyRelatedField(queryset=LegalProvision.objects.all())
    description = serializers.CharField()
    severity = serializers.CharField()
    corrective_action = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class FindingUpdateSerializer(serializers.Serializer):
    category = serializers.CharField(required=False)
    provision = ScopedPrimaryKeyRelatedField(queryset=LegalProvision.objects.all(), required=False)
    description = serializers.CharField(required=False)
    severity = serializers.CharField(required=False)
    corrective_action = serializers.CharField(required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)


class NoticeSerializer(ScopedModelSerializer):
    class Meta:
        model = Notice
        fields = [
            "id",
            "number",
            "level",
            "inspection",
            "company",
            "issued_on",
            "compliance_deadline",
            "findings",
            "previous",
            "status",
        ]
        read_only_fields = fields


class NoticeCreateSerializer(serializers.Serializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Inspection.objects.all()), required=False)
    previous = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Notice.objects.all()), required=False)
    findings = ScopedPrimaryKeyRelatedField(
        queryset=access.restricted(Finding.objects.all()), many=True, required=False
    )
    compliance_deadline = serializers.DateField()

    def validate(self, attrs):
        if ("inspection" in attrs) == ("previous" in attrs):
            raise serializers.ValidationError("Give inspection (Nota I) or previous (Nota II).")
        if "inspection" in attrs and not attrs.get("findings"):
            raise serializers.ValidationError({"findings": "Choose findings."})
        return attrs


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class FieldNoteSerializer(ScopedModelSerializer):
    class Meta:
        model = FieldNote
        fields = ["id", "inspection", "author", "at", "text"]
        read_only_fields = fields


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class AttachmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "inspection", "kind", "original_name", "content_type", "size", "caption", "uploaded_at"]
        read_only_fields = fields


class AddendumSerializer(ScopedModelSerializer):
    class Meta:
        model = Addendum
        fields = ["id", "inspection", "notice", "author", "at", "text"]
        read_only_fields = fields


class ComplianceSerializer(serializers.Serializer):
    corrected = ScopedPrimaryKeyRelatedField(
        queryset=access.restricted(Finding.objects.all()), many=True, allow_empty=False
    )


class NoticeMarkSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[NoticeStatus.COMPLIED, NoticeStatus.NOT_COMPLIED])


class SecondNoticeSerializer(serializers.Serializer):
    findings = ScopedPrimaryKeyRelatedField(
        queryset=access.restricted(Finding.objects.all()), many=True, required=False
    )
    compliance_deadline = serializers.DateField()


class EscalateSerializer(serializers.Serializer):
    investigator = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Staff.objects.all()))


class InvestigationStepSerializer(ScopedModelSerializer):
    class Meta:
        model = InvestigationStep
        fields = ["id", "on", "description", "author", "created_at"]
        read_only_fields = fields


class InvestigationSerializer(ScopedModelSerializer):
    steps = InvestigationStepSerializer(many=True, read_only=True)

    class Meta:
        model = Investigation
        fields = ["id", "notice", "office", "investigator", "opened_on", "status", "outcome", "closed_on", "steps"]
        read_only_fields = fields


class InvestigationStepCreateSerializer(serializers.Serializer):
    on = serializers.DateField()
    description = serializers.CharField(max_length=5000)


class InvestigationCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=InvestigationOutcome.choices)


class ProvisionSerializer(ScopedModelSerializer):
    class Meta:
        model = LegalProvision
        fields = ["id", "act", "article", "title", "category", "is_active"]
