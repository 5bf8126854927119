"""Reads of the targeting pages: scores in scope, plans and their entries, the weights."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.models import Company, District, Office, Staff

from . import scoring
from .models import Assignment, FactorWeight, Leave, Plan, PlanEntry, RiskScore, WeightChange


def score_list(*, user) -> QuerySet[RiskScore]:
    """Scores of the companies in the user's scope, highest first (the company's office is the scope)."""
    return access.restrict(RiskScore.objects.select_related("company", "company__district"), user).filter(
        company__district__office_id__isnull=False
    )


def company_score(*, user, company: Company) -> dict | None:
    """The stored score of one company (already fetched through access.py) explained in plain words."""
    rows = access.rows_for_user(RiskScore, _company_risk, user, as_of=(company.pk,))  # its query built once
    if not rows:
        return None
    row = rows[0]
    return {"score": row.score, "computed_at": row.computed_at, "lines": scoring.explain(row.breakdown)}


def _company_risk(of_company: tuple[int]) -> QuerySet[RiskScore]:
    return RiskScore.objects.filter(company_id=of_company[0])  # one at most


def plan_list(*, user) -> QuerySet[Plan]:
    return access.restrict(Plan.objects.select_related("office"), user).order_by("-month", "office__code")


def plan_entries(*, plan: Plan) -> QuerySet[PlanEntry]:
    return plan.entries.select_related("company", "company__district", "inspector", "inspection").order_by(
        "planned_date", "inspector__username", "-score", "id"
    )


def plan_inspectors(*, plan: Plan) -> QuerySet[Staff]:
    return Staff.objects.filter(office_id=plan.office_id, role=Role.INSPECTOR, is_active=True).order_by("username")


def swap_candidates(*, plan: Plan, limit: int = 30) -> QuerySet[RiskScore]:
    """The highest-scoring companies of the office not yet in the plan (the head's swap choices)."""
    return (
        RiskScore.objects.filter(office_id=plan.office_id, company__district__office_id=plan.office_id)
        .exclude(company_id__in=plan.entries.values("company_id"))
        .select_related("company")
        .order_by("-score", "company_id")[:limit]
    )


def weights_with_history(*, limit: int = 50):
    weights = {w.factor: w for w in FactorWeight.objects.all()}
    history = list(WeightChange.objects.select_related("actor")[:limit])
    return weights, history


def team(*, office: Office, today: dt.date) -> list[Staff]:
    """The office's active inspectors, each with ``assignment_list`` and ``leave_list`` (leave not yet over):
    three queries, however many inspectors."""
    return list(
        Staff.objects.filter(office=office, role=Role.INSPECTOR, is_active=True)
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("district"), to_attr="assignment_list"),
            Prefetch("leaves", queryset=Leave.objects.filter(end__gte=today), to_attr="leave_list"),
        )
        .order_by(*Staff.NAME_ORDER)
    )


def office_districts(*, office: Office) -> QuerySet[District]:
    return District.objects.filter(office=office).order_by("name")
