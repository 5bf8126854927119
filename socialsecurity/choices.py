"""Programmes, flag kinds, the sanction ladder's levels and states, import states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.TextChoices):
    JKK = "JKK", _("Work accident insurance (JKK)")
    JKM = "JKM", _("Death insurance (JKM)")
    JHT = "JHT", _("Old-age savings (JHT)")
    JP = "JP", _("Pension (JP)")
    JKP = "JKP", _("Job-loss insurance (JKP)")


class FlagKind(models.TextChoices):
    NOT_REGISTERED = "not_registered", _("Not registered")
    PARTIAL_WORKERS = "partial_workers", _("Partial: workers")
    PARTIAL_WAGES = "partial_wages", _("Partial: wages")
    PARTIAL_PROGRAMMES = "partial_programmes", _("Partial: programmes")


class ImportState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Level(models.TextChoices):
    """The PP 86/2013 ladder, in order."""

    WARNING_1 = "warning_1", _("Written warning I")
    WARNING_2 = "warning_2", _("Written warning II")
    FINE = "fine", _("Fine recommendation")
    TMP2T = "tmp2t", _("Recommendation to deny certain public services (TMP2T)")


NEXT_LEVEL = {Level.WARNING_1: Level.WARNING_2, Level.WARNING_2: Level.FINE, Level.FINE: Level.TMP2T}
# Only the two written warnings run a period (PP 86/2013 art. 8: 10 working days each).
TIMED_LEVELS = (Level.WARNING_1, Level.WARNING_2)


class SanctionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    EXPIRED = "expired", _("Period passed")
    COMPLIED = "complied", _("Complied")
    DISCARDED = "discarded", _("Discarded")


# What a sanction step's history says (SanctionEvent.action).
SANCTION_ACTIONS = {
    "drafted": _("drafted"),
    "issued": _("issued"),
    "expired": _("period passed; reminder sent and next step drafted"),
    "complied": _("complied"),
    "discarded": _("discarded"),
}
