"""What the audit trail records: actions and outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Login locked")
    LOGOUT = "logout", _("Logout")
    STAFF_CHANGE = "staff_change", _("Staff account change")
    SEALED_READ = "sealed_read", _("Sealed data read")
    EXPORT = "export", _("Export")
    REPORT_DOWNLOAD = "report_download", _("Report download")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    TRANSITION = "transition", _("Status change")
    ERASE = "erase", _("Erase")
    DELETE = "delete", _("Delete")
    AUDIT_READ = "audit_read", _("Audit trail read")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    DENIED = "denied", _("Denied")
    FAILURE = "failure", _("Failure")
