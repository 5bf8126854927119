"""Factors of the risk score, hazard levels, plan statuses and why a company is in a plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FactorCode(models.TextChoices):
    SECTOR = "sector", _("Sector hazard")
    SIZE = "size", _("Size")
    NOTICES = "notices", _("Open or overdue Notas")
    FINDINGS = "findings", _("Findings in the last 24 months")
    COMPLAINTS = "complaints", _("Complaints in the last 12 months")
    LAST_VISIT = "last_visit", _("Time since the last visit")
    MISSING_DATA = "missing_data", _("Missing registry data")
    FOREIGN_WORKERS = "foreign_workers", _("Many foreign workers")
    ACCIDENTS = "accidents", _("Accidents and occupational disease")
    BPJS = "bpjs", _("BPJS flags and coverage gap")


class HazardLevel(models.IntegerChoices):
    LOW = 0, _("Low")
    MEDIUM = 1, _("Medium")
    HIGH = 2, _("High")
    VERY_HIGH = 3, _("Very high")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")


class Selection(models.TextChoices):
    RISK = "risk", _("Risk")
    RANDOM = "random", _("Random")
    OVERRIDE = "override", _("Head's choice")
