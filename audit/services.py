"""Writing the audit trail. Callers record inside their own transaction, so the entry and the
change it describes are committed (or rolled back) together."""

import json
from collections.abc import Iterable
from typing import Any

from django.db import models

from .choices import Action, Outcome
from .models import AuditEntry
from .request_info import client_address, current_request

EXTRA_MAX_CHARS = 2000
# Keys that suggest a secret or personal value; ``extra`` must never carry one.
SENSITIVE_KEY_PARTS = ("password", "token", "secret", "otp", "code", "key", "session", "cookie", "identity", "contact")


def _check_extra(extra: dict[str, Any]) -> None:
    for name in extra:
        lowered = str(name).lower()
        if any(part in lowered for part in SENSITIVE_KEY_PARTS):
            raise ValueError(f"Audit extra must not carry sensitive values: {name!r}")
    if len(json.dumps(extra, default=str)) > EXTRA_MAX_CHARS:
        raise ValueError("Audit extra is too large.")


def record(
    *,
    action: str,
    request=None,
    actor=None,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    outcome: str = Outcome.SUCCESS,
    fields: Iterable[str] = (),
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail (a plain insert in the caller's transaction).

    The actor defaults to the request's user; ``fields`` are field names only, never values.
    Without ``request``, the request being served (if any) gives the request id and address,
    so services record them without taking the request as a parameter.
    """
    if action not in Action.values:
        raise ValueError(f"Unknown audit action: {action!r}")
    if outcome not in Outcome.values:
        raise ValueError(f"Unknown audit outcome: {outcome!r}")
    extra = dict(extra or {})
    _check_extra(extra)
    if request is None:
        request = current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
    entry = AuditEntry(
        action=action,
        outcome=outcome,
        actor=actor,
        actor_username=getattr(actor, "username", "") or "",
        actor_role=("admin" if getattr(actor, "is_superuser", False) else getattr(actor, "role", "")) or "",
        actor_office_id=getattr(actor, "office_id", None),
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        changed_fields=sorted({str(name) for name in fields}),
        request_id=getattr(request, "request_id", "") if request is not None else "",
        client_address=client_address(request),
        extra=extra,
    )
    entry.save(force_insert=True)
    return entry
