"""The audit trail: one append-only row per security-relevant event."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Action, Outcome


class AuditEntry(models.Model):
    """One security-relevant event: who did what to which object, when, from where and with what result."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    # No database constraint and no cascade: the trail must outlive the account, and an
    # append-only table cannot have its rows updated (SET_NULL) or deleted (CASCADE).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    actor_role = models.CharField(_("actor role"), max_length=20, blank=True)
    actor_office_id = models.PositiveBigIntegerField(_("actor office id"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    # Names of the changed fields only, never their values.
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    # The hash chain (tamper evidence), filled by the database on insert (migration 0004_entry_hash_chain): the
    # entry's place in the chain, the previous entry's hash and the hash of this entry's
    # columns with it. `manage.py verify_audit` recomputes the chain.
    chain_seq = models.BigIntegerField(_("chain position"), null=True, blank=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object_idx"),
            models.Index(fields=["actor", "created_at"], name="audit_entry_actor_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=Action.values), name="audit_entry_action_valid"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="audit_entry_outcome_valid"),
            models.UniqueConstraint(fields=["chain_seq"], name="audit_entry_chain_seq_unique"),
        ]

    def __str__(self) -> str:
        who = self.actor_username or "-"
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.outcome}"

    @property
    def actor_role_label(self) -> str:
        """The role as the reader's language names it (the stored value is the role's code)."""
        from inspectorate.choices import Role

        return Role(self.actor_role).label if self.actor_role in Role.values else self.actor_role
