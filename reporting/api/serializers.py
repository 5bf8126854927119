from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from inspectorate.api.scoping import ScopedModelSerializer

from ..choices import ReportKind
from ..forms import parse_month
from ..models import Report


class ReportSerializer(ScopedModelSerializer):
    level = serializers.CharField(read_only=True)
    scope_name = serializers.CharField(read_only=True)
    month = serializers.DateField(format="%Y-%m", read_only=True)
    download_url = serializers.SerializerMethodField()
    spreadsheet_url = serializers.SerializerMethodField()
    builds = serializers.IntegerField(read_only=True, help_text=_("How many times the report was built."))

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "level",
            "scope_key",
            "scope_name",
            "office",
            "region",
            "month",
            "language",
            "status",
            "error",
            "requested_at",
            "started_at",
            "finished_at",
            "attempts",
            "builds",
            "download_url",
            "spreadsheet_url",
        ]
        read_only_fields = fields

    def get_download_url(self, report) -> str | None:
        if not report.is_done:
            return None
        return reverse("api:report-download", kwargs={"pk": report.pk})

    def get_spreadsheet_url(self, report) -> str | None:
        if not report.is_done or not report.spreadsheet:
            return None
        return reverse("api:report-spreadsheet", kwargs={"pk": report.pk})


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    month = serializers.CharField(help_text=_("YYYY-MM"))
    office = serializers.IntegerField(required=False, min_value=1)
    region = serializers.IntegerField(required=False, min_value=1)
    national = serializers.BooleanField(required=False, default=False)
    language = serializers.ChoiceField(choices=["id", "en"], required=False)
    rebuild = serializers.BooleanField(required=False, default=False)

    def validate_month(self, value):
        try:
            return parse_month(value)
        except ValueError:
            raise serializers.ValidationError(_("Enter a month as YYYY-MM.")) from None

    def validate(self, attrs):
        given = [name for name in ("office", "region") if attrs.get(name)] + (["national"] if attrs["national"] else [])
        if len(given) != 1:
            raise serializers.ValidationError(_('Give exactly one of "office", "region" or "national": true.'))
        return attrs
