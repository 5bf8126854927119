"""/api/v1/accidents/, /api/v1/occupational-diseases/, /api/v1/hours-worked/ and /api/v1/accident-codes/.

The same scope as the pages (ScopedViewSetMixin: out of scope is 404) and the same services.
Injured persons' and workers' names are sealed: filled only for those accidents/confidentiality.py
allows, each read audited; a list never carries them.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inspections.models import Inspection
from inspectorate import access
from inspectorate.api.scoping import ScopedPrimaryKeyRelatedField
from inspectorate.api.views import ReferenceDataViewSet, ScopedViewSetMixin, as_drf_error
from inspectorate.models import Company

from . import services
from .choices import CodeList, DiseaseSource, Nationality, ReportSource, Sex
from .confidentiality import names_for, worker_name_for
from .models import Accident, Code, HoursWorked, InjuredPerson, OccupationalDisease


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


def _code(variable: str, **kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=Code.objects.filter(variable=variable, is_active=True), **kwargs)


class LocalDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time; one without an offset is read in the office's zone of the company."""

    def enforce_timezone(self, value):
        return value if timezone.is_naive(value) else super().enforce_timezone(value)


def _companies():
    return access.restricted(Company.objects.select_related("district__office"), "change")


class CodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Code
        fields = ["id", "variable", "code", "name_id", "name_en", "position", "is_active"]
        read_only_fields = ["id"]


class CodeViewSet(ReferenceDataViewSet):
    """The code lists (ESAW-style variables, ISCO-08 major groups, the ILO list); admins write."""

    base_queryset = Code.objects.all()
    serializer_class = CodeSerializer
    filterset_fields = ["variable", "is_active"]
    create_service = services.code_create
    update_service = services.code_update
    update_arg = "item"
    http_method_names = ["get", "post", "patch", "head", "options"]


class InjuredSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text="Sealed: null unless the reader may see it (each read audited).")
    severity = serializers.CharField(read_only=True)

    class Meta:
        model = InjuredPerson
        fields = [
            "id", "name", "sex", "age", "occupation", "employment_status", "nationality", "injury", "body_part",
            "days_lost", "permanent_incapacity", "fatal", "severity",
        ]  # fmt: skip
        read_only_fields = fields

    def get_name(self, obj) -> str | None:
        names = self.context.get("names")
        return names.get(obj.pk) if names else None


class InjuredInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    sex = serializers.ChoiceField(choices=Sex.choices)
    age = serializers.IntegerField(min_value=10, max_value=100)
    occupation = _code(CodeList.OCCUPATION)
    employment_status = _code(CodeList.EMPLOYMENT)
    nationality = serializers.ChoiceField(choices=Nationality.choices, default=Nationality.INDONESIAN)
    injury = _code(CodeList.INJURY)
    body_part = _code(CodeList.BODY_PART)
    days_lost = serializers.IntegerField(min_value=0, default=0)
    permanent_incapacity = serializers.BooleanField(default=False)
    fatal = serializers.BooleanField(default=False)


class AccidentSerializer(serializers.ModelSerializer):
    late = serializers.SerializerMethodField(help_text="The employer's report came (or is) after 2×24 hours.")
    injured = serializers.SerializerMethodField()

    class Meta:
        model = Accident
        fields = [
            "id", "reference", "office", "company", "occurred_at", "place", "description", "deviation", "contact",
            "agent", "source", "received_at", "employer_reported_at", "report_due_at", "late", "inspection",
            "late_finding", "injured",
        ]  # fmt: skip
        read_only_fields = fields

    def get_late(self, obj) -> bool:
        return obj.is_late()

    @extend_schema_field(InjuredSerializer(many=True))
    def get_injured(self, obj) -> list[dict]:
        people = self.context.get("people", {}).get(obj.pk, [])
        return InjuredSerializer(people, many=True, context=self.context).data


class AccidentCreateSerializer(serializers.Serializer):
    company = ScopedPrimaryKeyRelatedField(queryset=_companies())
    occurred_at = LocalDateTimeField(help_text="Without an offset it is read in the office's zone.")
    place = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=5000)
    deviation = _code(CodeList.DEVIATION)
    contact = _code(CodeList.CONTACT)
    agent = _code(CodeList.AGENT)
    source = serializers.ChoiceField(choices=ReportSource.choices)
    received_at = LocalDateTimeField()
    employer_reported_at = LocalDateTimeField(required=False, allow_null=True, default=None)
    injured = InjuredInputSerializer(many=True)

    def validate(self, data):
        zone = data["company"].district.office.zone if data["company"].district.office else None
        for name in ("occurred_at", "received_at", "employer_reported_at"):
            if data.get(name) is not None and timezone.is_naive(data[name]) and zone is not None:
                data[name] = data[name].replace(tzinfo=zone)
        return data


class OpenVisitSerializer(serializers.Serializer):
    planned_date = serializers.DateField()


class LinkVisitSerializer(serializers.Serializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=access.restricted(Inspection.objects.all(), "change"))


class OutcomeSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="The injured person's id (the accident's `injured[].id`).")
    days_lost = serializers.IntegerField(min_value=0)
    permanent_incapacity = serializers.BooleanField(default=False)
    fatal = serializers.BooleanField(default=False)


class EmployerReportSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField()


class AccidentViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Accidents in the caller's scope, the latest first; injured persons' names sealed."""

    base_queryset = Accident.objects.select_related("office").order_by("-occurred_at", "-id")
    serializer_class = AccidentSerializer
    filterset_fields = ["office", "company", "source"]

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else None
        if instance is not None and self.action in ("list", "retrieve"):
            items = list(instance) if kwargs.get("many") else [instance]
            people: dict[int, list] = {}
            for p in InjuredPerson.objects.filter(accident__in=[a.pk for a in items]).order_by("pk"):
                people.setdefault(p.accident_id, []).append(p)
            context = kwargs.setdefault("context", self.get_serializer_context())
            context["people"] = people
            if self.action == "retrieve":
                context["names"] = names_for(
                    user=self.request.user, accident=instance, people=people.get(instance.pk, []),
                    request=self.request, via="api",
                )  # fmt: skip
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=AccidentCreateSerializer, responses={201: AccidentSerializer})
    def create(self, request, *args, **kwargs):
        """Record an accident with its injured persons (fatal or several: the office head is told at once)."""
        data = AccidentCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        accident = _call(services.accident_create, actor=request.user, **values)
        return Response(
            AccidentSerializer(accident, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=OpenVisitSerializer, responses={201: AccidentSerializer})
    @action(detail=True, methods=["post"], url_path="open-visit")
    def open_visit(self, request, pk=None):
        """Plan the investigation visit (kind accident, lead: the caller) and link it."""
        accident = self.get_object()
        data = OpenVisitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.accident_open_visit, accident=accident, actor=request.user, **data.validated_data)
        return Response(AccidentSerializer(Accident.objects.get(pk=accident.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LinkVisitSerializer, responses=AccidentSerializer)
    @action(detail=True, methods=["post"], url_path="link-visit")
    def link_visit(self, request, pk=None):
        """Link an existing visit to the same company as the investigation."""
        accident = self.get_object()
        data = LinkVisitSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        _call(services.accident_link_visit, accident=accident, actor=request.user, **data.validated_data)
        return Response(AccidentSerializer(Accident.objects.get(pk=accident.pk)).data)

    @extend_schema(request=EmployerReportSerializer, responses=AccidentSerializer)
    @action(detail=True, methods=["post"], url_path="employer-report")
    def employer_report(self, request, pk=None):
        """Record when the employer's form 3 KK2 A arrived."""
        accident = self.get_object()
        data = EmployerReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.accident_record_employer_report, accident=accident, actor=request.user, **data.validated_data)
        return Response(AccidentSerializer(Accident.objects.get(pk=accident.pk)).data)

    @extend_schema(request=OutcomeSerializer, responses=AccidentSerializer)
    @action(detail=True, methods=["post"], url_path="injured-outcome")
    def injured_outcome(self, request, pk=None):
        """Bring an injured person's outcome up to date: days lost, permanent incapacity, death (the
        office head is told of a death at once)."""
        accident = self.get_object()
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person_id = values.pop("person")
        _call(services.injured_outcome_update, accident=accident, actor=request.user, person_id=person_id, **values)
        return Response(AccidentSerializer(Accident.objects.get(pk=accident.pk)).data)

    @extend_schema(request=None, responses=AccidentSerializer)
    @action(detail=True, methods=["post"], url_path="late-finding")
    def late_finding(self, request, pk=None):
        """Turn the late-report flag into a finding on the accident's visit (in progress)."""
        accident = self.get_object()
        _call(services.accident_late_finding, accident=accident, actor=request.user)
        return Response(AccidentSerializer(Accident.objects.get(pk=accident.pk)).data)


class DiseaseSerializer(serializers.ModelSerializer):
    worker_name = serializers.SerializerMethodField(help_text="Sealed: null unless the reader may see it.")

    class Meta:
        model = OccupationalDisease
        fields = [
            "id", "reference", "office", "company", "disease", "worker_name", "sex", "age", "exposure",
            "diagnosed_on", "source", "notified_on",
        ]  # fmt: skip
        read_only_fields = fields

    def get_worker_name(self, obj) -> str | None:
        return self.context.get("worker_names", {}).get(obj.pk)


class DiseaseCreateSerializer(serializers.Serializer):
    company = ScopedPrimaryKeyRelatedField(queryset=_companies())
    disease = _code(CodeList.DISEASE)
    worker_name = serializers.CharField(max_length=200)
    sex = serializers.ChoiceField(choices=Sex.choices)
    age = serializers.IntegerField(min_value=10, max_value=100, required=False, allow_null=True, default=None)
    exposure = serializers.CharField(max_length=5000)
    diagnosed_on = serializers.DateField()
    source = serializers.ChoiceField(choices=DiseaseSource.choices)
    notified_on = serializers.DateField()


class DiseaseViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Occupational disease cases in the caller's scope; the worker's name sealed."""

    base_queryset = OccupationalDisease.objects.order_by("-diagnosed_on", "-id")
    serializer_class = DiseaseSerializer
    filterset_fields = ["office", "company", "disease"]

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        name = worker_name_for(user=request.user, case=case, request=request, via="api")
        context = {**self.get_serializer_context(), "worker_names": {case.pk: name} if name is not None else {}}
        return Response(DiseaseSerializer(case, context=context).data)

    @extend_schema(request=DiseaseCreateSerializer, responses={201: DiseaseSerializer})
    def create(self, request, *args, **kwargs):
        """Record an occupational disease case."""
        data = DiseaseCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        case = _call(services.disease_create, actor=request.user, **data.validated_data)
        return Response(
            DiseaseSerializer(case, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class HoursWorkedSerializer(serializers.ModelSerializer):
    class Meta:
        model = HoursWorked
        fields = ["id", "company", "year", "hours", "workers", "updated_at"]
        read_only_fields = fields


class HoursInputSerializer(serializers.Serializer):
    company = ScopedPrimaryKeyRelatedField(queryset=_companies())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    hours = serializers.IntegerField(min_value=1)
    workers = serializers.IntegerField(min_value=1)


class HoursWorkedViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Hours worked per company and year (POST enters or corrects a year)."""

    base_queryset = HoursWorked.objects.order_by("-year", "company_id")
    serializer_class = HoursWorkedSerializer
    filterset_fields = ["company", "year"]

    @extend_schema(request=HoursInputSerializer, responses={201: HoursWorkedSerializer})
    def create(self, request, *args, **kwargs):
        """Enter or correct a company's hours worked and average workers for a year."""
        data = HoursInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        row = _call(services.hours_set, actor=request.user, **data.validated_data)
        return Response(
            HoursWorkedSerializer(row, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )
