"""Building accidents for the tests through the service, with the shipped code lists."""

import datetime as dt

from accidents import services
from accidents.choices import CodeList, ReportSource, Sex
from accidents.models import Code


def ensure_codes() -> None:
    """The shipped code lists (a transactional test before may have flushed the migration's rows)."""
    if not Code.objects.exists():
        import importlib

        from django.apps import apps

        importlib.import_module("accidents.migrations.0002_code_lists").seed(apps, None)


def code(variable: str, value: str | None = None) -> Code:
    ensure_codes()
    rows = Code.objects.filter(variable=variable, is_active=True)
    return rows.get(code=value) if value else rows.first()


def person(name: str = "Budi Canary", **values) -> dict:
    return {
        "name": name,
        "sex": Sex.MALE,
        "age": 34,
        "occupation": code(CodeList.OCCUPATION, "8"),
        "employment_status": code(CodeList.EMPLOYMENT, "pkwtt"),
        "injury": code(CodeList.INJURY, "020"),
        "body_part": code(CodeList.BODY_PART, "50"),
        **values,
    }


def make_accident(actor, company, *, occurred_at=None, injured=None, source=ReportSource.EMPLOYER_FORM, **values):
    occurred_at = occurred_at or dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    return services.accident_create(
        actor=actor,
        company=company,
        occurred_at=occurred_at,
        place=values.pop("place", "Gudang bahan baku"),
        description=values.pop("description", "Tertimpa palet saat menurunkan barang."),
        deviation=code(CodeList.DEVIATION, "40"),
        contact=code(CodeList.CONTACT, "40"),
        agent=code(CodeList.AGENT, "11"),
        source=source,
        received_at=values.pop("received_at", occurred_at + dt.timedelta(hours=5)),
        injured=injured if injured is not None else [person()],
        **values,
    )
