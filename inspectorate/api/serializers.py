from rest_framework import serializers

from ..models import Company, District, Office, Region, Staff


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "code", "name", "region", "office"]


class OfficeSerializer(serializers.ModelSerializer):
    districts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Office
        fields = ["id", "code", "name", "region", "time_zone", "monthly_quota", "complaint_due_days", "districts"]


class StaffSerializer(serializers.ModelSerializer):
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
        ]


class StaffWriteSerializer(StaffSerializer):
    password = serializers.CharField(write_only=True, required=False, allow_blank=False, min_length=10)

    class Meta(StaffSerializer.Meta):
        fields = [*StaffSerializer.Meta.fields, "password"]


class CompanySerializer(serializers.ModelSerializer):
    office = serializers.PrimaryKeyRelatedField(source="district.office", read_only=True)

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
