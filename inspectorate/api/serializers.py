from rest_framework import serializers

from .. import access
from ..models import Company, District, Office, Region, Staff
from .scoping import ScopedModelSerializer, ScopedPrimaryKeyRelatedField


class RegionSerializer(ScopedModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class DistrictSerializer(ScopedModelSerializer):
    class Meta:
        model = District
        fields = ["id", "code", "name", "region", "office"]


class OfficeSerializer(ScopedModelSerializer):
    districts = ScopedPrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Office
        fields = [
            "id",
            "code",
            "name",
            "region",
            "time_zone",
            "monthly_quota",
            "complaint_due_days",
            "address",
            "districts",
        ]


class OfficeWriteSerializer(OfficeSerializer):
    # The districts it serves: given, they become exactly these (each must be in the office's region).
    districts = ScopedPrimaryKeyRelatedField(
        queryset=access.restricted(District.objects.all(), "change"), many=True, required=False
    )


class StaffSerializer(ScopedModelSerializer):
    # Blank is allowed, so the published schema must allow it; the model validates on save.
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    nip = serializers.RegexField(r"^(\d{18})?$", required=False, allow_blank=True, max_length=18)

    class Meta:
        model = Staff
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "office",
            "region",
            "is_investigator",
            "nip",
            "is_active",
            "sex",
            "service_ended_on",
        ]


class StaffWriteSerializer(StaffSerializer):
    # Checked by AUTH_PASSWORD_VALIDATORS in the service (services.staff_create / staff_update).
    password = serializers.CharField(write_only=True, required=False, allow_blank=False)

    class Meta(StaffSerializer.Meta):
        fields = [*StaffSerializer.Meta.fields, "password"]


class CompanySerializer(ScopedModelSerializer):
    nib = serializers.RegexField(r"^(\d{13})?$", required=False, allow_blank=True, max_length=13)
    kbli = serializers.RegexField(r"^(\d{2,5})?$", required=False, allow_blank=True, max_length=5)
    office = ScopedPrimaryKeyRelatedField(source="district.office", read_only=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "nib",
            "kbli",
            "address",
            "district",
            "office",
            "workers_total",
            "workers_female",
            "workers_foreign",
            "bpjs_registered",
            "bpjs_participants",
        ]
        read_only_fields = ["id", "office"]
