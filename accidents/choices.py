"""The code lists, report sources and the other fixed choices of accidents and occupational disease."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CodeList(models.TextChoices):
    """The variables whose values are reference data (ESAW-style, ISCO-08, the ILO list)."""

    DEVIATION = "deviation", _("Deviation (what went wrong)")
    CONTACT = "contact", _("Contact / mode of injury")
    AGENT = "agent", _("Material agent")
    INJURY = "injury", _("Nature of injury")
    BODY_PART = "body_part", _("Part of body injured")
    EMPLOYMENT = "employment", _("Employment status")
    OCCUPATION = "occupation", _("Occupation (ISCO-08 major group)")
    DISEASE = "disease", _("Occupational disease (ILO list)")


class ReportSource(models.TextChoices):
    """How the office learned of an accident."""

    EMPLOYER_FORM = "employer_form", _("Employer's report (form 3 KK2 A)")
    BPJS = "bpjs", _("BPJS Ketenagakerjaan")
    HOSPITAL = "hospital", _("Hospital or clinic")
    NEWS = "news", _("News")
    COMPLAINT = "complaint", _("Complaint")


class DiseaseSource(models.TextChoices):
    """Who notified the office of an occupational disease."""

    DOCTOR = "doctor", _("Company or examining doctor")
    EMPLOYER = "employer", _("Employer")
    BPJS = "bpjs", _("BPJS Ketenagakerjaan")
    HOSPITAL = "hospital", _("Hospital or clinic")
    WORKER = "worker", _("Worker or union")
    INSPECTION = "inspection", _("Found on an inspection")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Nationality(models.TextChoices):
    INDONESIAN = "indonesian", pgettext_lazy("nationality", "Indonesian")
    FOREIGN = "foreign", pgettext_lazy("nationality", "Foreign (TKA)")


class Severity(models.TextChoices):
    """An injured person's outcome, worst first (the order statistics are grouped by)."""

    FATAL = "fatal", _("Fatal")
    PERMANENT = "permanent", _("Permanent incapacity")
    TEMPORARY = "temporary", _("Temporary incapacity (days lost)")
    NO_DAYS_LOST = "no_days_lost", _("No days lost")


class HoursBasis(models.TextChoices):
    ENTERED = "entered", _("Entered")
    ESTIMATED = "estimated", _("Estimated (workers × normal hours)")
