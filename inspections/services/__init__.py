"""Writes of visits, findings, notices and investigations.

Every service is one transaction, locks the row it changes, checks the transition map and
appends a :class:`~inspections.models.ChangeRecord`. A reported visit and an issued notice
are records: services refuse to edit them (:class:`Locked`); corrections are addenda.
"""

from ._common import (
    FINDING_FIELDS,
    PLAN_FIELDS,
    VISIT_FIELDS,
    Locked,
    VersionConflict,
    allow_on_visit,
    finding_for_visit,
    lock_inspection,
    require_in_progress,
)
from .history import (
    ADDED_PARTS,
    CREATING_ACTIONS,
    SENSITIVE_FIELDS,
    addendum_add,
    record_change,
)
from .investigations import (
    investigation_close,
    investigation_open,
    investigation_step_add,
)
from .notices import (
    notice_issue_first,
    notice_issue_second,
    notice_mark,
    notice_move_deadline,
    notice_record_compliance,
)
from .provisions import (
    PROVISION_FIELDS,
    provision_create,
    provision_update,
)
from .visits import (
    attachment_add,
    field_note_add,
    finding_add,
    finding_update,
    inspection_cancel,
    inspection_close,
    inspection_import,
    inspection_plan,
    inspection_plan_from_complaint,
    inspection_report,
    inspection_start,
    inspection_update,
    offline_conflict_note,
)

__all__ = [
    "ADDED_PARTS",
    "CREATING_ACTIONS",
    "FINDING_FIELDS",
    "Locked",
    "VersionConflict",
    "PLAN_FIELDS",
    "PROVISION_FIELDS",
    "SENSITIVE_FIELDS",
    "VISIT_FIELDS",
    "addendum_add",
    "allow_on_visit",
    "finding_for_visit",
    "lock_inspection",
    "record_change",
    "require_in_progress",
    "attachment_add",
    "field_note_add",
    "finding_add",
    "finding_update",
    "inspection_cancel",
    "inspection_close",
    "inspection_import",
    "inspection_plan",
    "inspection_plan_from_complaint",
    "inspection_report",
    "inspection_start",
    "inspection_update",
    "investigation_close",
    "investigation_open",
    "investigation_step_add",
    "notice_issue_first",
    "notice_issue_second",
    "notice_mark",
    "notice_move_deadline",
    "notice_record_compliance",
    "offline_conflict_note",
    "provision_create",
    "provision_update",
]
