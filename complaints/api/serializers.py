from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from inspectorate import access
from inspectorate.api.scoping import ScopedModelSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from inspectorate.models import Company, District, Staff

from .. import confidentiality
from ..choices import Channel, Outcome, Status
from ..contact import normalise_email, normalise_phone
from ..models import Category, Complaint, ComplaintEvent


class ComplaintSerializer(ScopedModelSerializer):
    """A complaint; the sealed identity fields are filled only for the three roles allowed to see them."""

    categories = ScopedSlugRelatedField(slug_field="code", many=True, read_only=True)
    company_name = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    complainant_name = serializers.SerializerMethodField()
    complainant_contact = serializers.SerializerMethodField()
    complainant_phone = serializers.SerializerMethodField()
    complainant_email = serializers.SerializerMethodField()
    complainant_id_number = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "channel",
            "received_at",
            "status",
            "status_changed_at",
            "office",
            "company",
            "company_name",
            "reported_company_address",
            "reported_district",
            "categories",
            "description",
            "workers_affected",
            "amount_claimed",
            "assigned_to",
            "outcome",
            "amount_recovered",
            "due_date",
            "overdue",
            "resolved_at",
            "duplicate_of",
            "is_anonymous",
            "complainant_name",
            "complainant_contact",
            "complainant_phone",
            "complainant_email",
            "complainant_id_number",
        ]
        read_only_fields = fields

    def _sealed(self, complaint: Complaint, name: str) -> str | None:
        if complaint.pk in self.context.get("identity_visible", ()):
            return getattr(complaint, name)
        return str(confidentiality.CONFIDENTIAL) if not complaint.is_anonymous else None

    def get_complainant_name(self, complaint) -> str | None:
        return self._sealed(complaint, "complainant_name")

    def get_complainant_contact(self, complaint) -> str | None:
        return self._sealed(complaint, "complainant_contact")

    def get_complainant_phone(self, complaint) -> str | None:
        return self._sealed(complaint, "complainant_phone")

    def get_complainant_email(self, complaint) -> str | None:
        return self._sealed(complaint, "complainant_email")

    def get_complainant_id_number(self, complaint) -> str | None:
        return self._sealed(complaint, "complainant_id_number")


class ComplaintEventSerializer(ScopedModelSerializer):
    class Meta:
        model = ComplaintEvent
        fields = ["id", "kind", "actor", "at", "from_status", "to_status", "assignee", "note"]
        read_only_fields = fields


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    outcome = serializers.ChoiceField(
        choices=[c for c in Outcome.choices if c[0] != Outcome.DUPLICATE], required=False, allow_blank=True, default=""
    )
    assignee = ScopedPrimaryKeyRelatedField(
        queryset=access.restricted(Staff.objects.all()), required=False, allow_null=True
    )
    amount_recovered = serializers.DecimalField(
        max_digits=15, decimal_places=0, min_value=0, required=False, allow_null=True
    )


def _drf(normalise, value: str) -> str:
    try:
        return normalise(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


class IntakeFieldsSerializer(serializers.Serializer):
    """What the complainant tells us, shared by the public and the staff intake (as ComplaintIntakeForm)."""

    company_name = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    company_address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    categories = ScopedSlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), many=True, allow_empty=False
    )
    description = serializers.CharField(min_length=20, max_length=5000)
    workers_affected = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1)
    amount_claimed = serializers.DecimalField(
        max_digits=15, decimal_places=0, min_value=0, required=False, allow_null=True
    )
    is_anonymous = serializers.BooleanField(default=False)
    complainant_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    complainant_contact = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        default="",
        help_text="Any other contact; prefer complainant_phone and complainant_email.",
    )
    complainant_phone = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=30,
        default="",
        help_text="Normalised to international form: 0812-3456-7890 is stored as +6281234567890.",
    )
    complainant_email = serializers.CharField(required=False, allow_blank=True, max_length=254, default="")
    complainant_id_number = serializers.RegexField(
        r"^\d{16}$", required=False, allow_blank=True, default="", max_length=16
    )

    def validate_complainant_phone(self, value):
        return _drf(normalise_phone, value)

    def validate_complainant_email(self, value):
        return _drf(normalise_email, value)

    def validate(self, data):
        if data.get("company") is None and not data["company_name"].strip():
            raise serializers.ValidationError({"company_name": _("Give the name of the company.")})
        return data

    def has_contact(self, data) -> bool:
        return any(
            data.get(name, "").strip() for name in ("complainant_phone", "complainant_email", "complainant_contact")
        )


class PublicComplaintSerializer(IntakeFieldsSerializer):
    """The public intake over the API: the same fields as the form, attachments left to the form."""

    # Public intake: anyone may name any registered company or district (there is no user to scope by).
    company = serializers.PrimaryKeyRelatedField(  # scope: public
        queryset=Company.objects.select_related("district"), required=False, allow_null=True
    )
    district = serializers.PrimaryKeyRelatedField(queryset=District.objects.all())  # scope: public
    submission_token = serializers.RegexField(r"^[A-Za-z0-9_-]{20,64}$", required=False, allow_null=True, default=None)

    def validate(self, data):
        data = super().validate(data)
        if not data["is_anonymous"] and not (data["complainant_name"].strip() and self.has_contact(data)):
            raise serializers.ValidationError(
                {"complainant_name": _("Give your name and a phone number or e-mail, or choose to stay anonymous.")}
            )
        return data


class TrackSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=100)


class PublicReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    tracking_code = serializers.CharField(allow_null=True, help_text="Shown once; null when the form was a repeat.")


class TrackResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    text = serializers.CharField()
    changed_at = serializers.DateTimeField()


class CategorySerializer(ScopedModelSerializer):
    label = serializers.CharField(source="get_code_display", read_only=True)

    class Meta:
        model = Category
        fields = ["id", "code", "label", "position"]


class TriageSerializer(serializers.Serializer):
    """Screen and assign several complaints of the office head's queue to one inspector, all or nothing."""

    complaints = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=200)
    assignee = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class TriageResultSerializer(serializers.Serializer):
    assigned = serializers.ListField(child=serializers.CharField(), help_text="References of the assigned complaints.")
    screened = serializers.ListField(child=serializers.CharField(), help_text="Those of them screened first.")


class ComplaintAttachmentUploadSerializer(serializers.Serializer):
    attachments = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class AttachedSerializer(serializers.Serializer):
    attached = serializers.IntegerField()


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class DuplicateSerializer(serializers.Serializer):
    original = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Complaint.objects.all()))
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class OfficeLocalDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time; one without an offset stays naive, to be read in the handling office's zone."""

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            return value
        return super().enforce_timezone(value)


class StaffComplaintSerializer(IntakeFieldsSerializer):
    """Staff intake over the API: a complaint received by letter, phone, e-mail, walk-in or referral."""

    channel = serializers.ChoiceField(choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_at = OfficeLocalDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "When it was received; empty for now. Without an offset (2026-11-27T10:00) it is read in the time "
            "zone of the office that handles the complaint; at most COMPLAINT_BACKDATE_MAX_DAYS back."
        ),
    )
    company = ScopedPrimaryKeyRelatedField(
        queryset=access.restricted(Company.objects.select_related("district__office")), required=False, allow_null=True
    )
    # The district of the workplace: any district, as on the staff form (it decides the office; districts
    # are not scoped, and validate() refuses an inspector's district of another office).
    district = ScopedPrimaryKeyRelatedField(queryset=District.objects.select_related("office"))

    def validate(self, data):
        data = super().validate(data)
        company, district = data.get("company"), data["district"]
        target = company.district if company is not None else district
        if target.office_id is None:
            raise serializers.ValidationError({"district": _("No inspection office serves this district yet.")})
        user = self.context["request"].user
        if not (access.is_admin(user) or user.is_office_head) and target.office_id != user.office_id:
            raise serializers.ValidationError(
                {"district": _("This district is served by another office; ask your office head.")}
            )
        received = data.get("received_at")
        if received is not None and timezone.is_naive(received):
            data["received_at"] = received.replace(tzinfo=target.office.zone)
        return data


class StaffReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    office = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    tracking_code = serializers.CharField(help_text="Shown once: give it to the complainant.")


class MessageSendSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class ComplaintMessageSerializer(serializers.Serializer):
    """A message of the thread; its text only reaches those who may see the complainant (DESIGN §5)."""

    id = serializers.IntegerField()
    direction = serializers.CharField()
    created_at = serializers.DateTimeField()
    email_state = serializers.CharField()
    body = serializers.CharField()


class PublicMessageSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40)
    code = serializers.CharField(max_length=100)
    body = serializers.CharField(max_length=5000)


class PublicMessageReceiptSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    detail = serializers.CharField()
