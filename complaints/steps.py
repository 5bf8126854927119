"""The complaint lifecycle's step map (DESIGN.md §2) and who may take each step.

``received → screened → assigned → in_progress → resolved → closed``, with ``rejected`` from
received|screened, ``referred`` from screened|assigned|in_progress, ``reopen`` back to assigned
from resolved|closed. The services (complaints/services.py) check this map; the detail page
shows a button for a step exactly when :func:`allowed` says so; the API's ``transition/``
endpoint routes a target status to the step this map names; the demo walks only these steps.
"""

from inspectorate import access
from inspectorate.choices import Role
from inspectorate.steps import ASSIGNEE, Step, step_map, steps_between, transitions

from .choices import MESSAGE_STATUSES, Status

HEAD = Role.OFFICE_HEAD.value
ADMIN = Role.ADMIN.value
ALL_STATUSES = frozenset(Status.values)

STEPS = step_map(
    Step("screen", frozenset({Status.RECEIVED}), Status.SCREENED, frozenset({HEAD, ADMIN})),
    # screened → assigned, or assigned → assigned (reassign to another inspector).
    Step("assign", frozenset({Status.SCREENED, Status.ASSIGNED}), Status.ASSIGNED, frozenset({HEAD, ADMIN})),
    Step("start", frozenset({Status.ASSIGNED}), Status.IN_PROGRESS, frozenset({ASSIGNEE, ADMIN})),
    # The head also resolves, e.g. when a visit's findings were all corrected after a notice.
    Step("resolve", frozenset({Status.IN_PROGRESS}), Status.RESOLVED, frozenset({HEAD, ASSIGNEE, ADMIN})),
    # A screened complaint that needs no work is closed with its outcome.
    Step("close", frozenset({Status.SCREENED, Status.RESOLVED}), Status.CLOSED, frozenset({HEAD, ADMIN})),
    Step("reject", frozenset({Status.RECEIVED, Status.SCREENED}), Status.REJECTED, frozenset({HEAD, ADMIN}), True),
    Step(
        "refer",
        frozenset({Status.SCREENED, Status.ASSIGNED, Status.IN_PROGRESS}),
        Status.REFERRED,
        frozenset({HEAD, ASSIGNEE, ADMIN}),
        True,
    ),
    Step("reopen", frozenset({Status.RESOLVED, Status.CLOSED}), Status.ASSIGNED, frozenset({HEAD, ADMIN}), True),
    Step("duplicate", frozenset({Status.SCREENED}), Status.CLOSED, frozenset({HEAD, ADMIN})),
    # Steps that leave the status as it is.
    Step("note", ALL_STATUSES, None, frozenset({HEAD, ASSIGNEE, ADMIN}), True),
    Step("attach", ALL_STATUSES, None, frozenset({HEAD, ASSIGNEE, ADMIN})),
    # A question or an update to the complainant (complaints/messaging.py); read-only once closed.
    Step("message", frozenset(MESSAGE_STATUSES), None, frozenset({HEAD, ASSIGNEE, ADMIN}), True),
    # The office head plans visits; the assigned inspector may plan one for themselves.
    Step("plan_visit", frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), None, frozenset({HEAD, ASSIGNEE, ADMIN})),
)

# Every status a complaint may move to from each status, derived from the steps above.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = transitions(STEPS, Status.values)

# The steps the API's transition endpoint reaches by naming the target status.
TRANSITION_STEPS = ("screen", "assign", "start", "resolve", "close", "reject", "refer", "reopen")


def actor_roles(actor, complaint) -> frozenset[str]:
    """The roles ``actor`` holds on this complaint (scope is checked separately, by access.py)."""
    if access.is_admin(actor):
        return frozenset({ADMIN})
    if not (actor.is_authenticated and actor.is_active) or actor.office_id != complaint.office_id:
        return frozenset()
    if actor.role == Role.OFFICE_HEAD:
        return frozenset({HEAD})
    if actor.role == Role.INSPECTOR and complaint.assigned_to_id == actor.pk:
        return frozenset({ASSIGNEE})
    return frozenset()


def may(actor, complaint, step: str) -> bool:
    """Whether the actor's role allows this step on this complaint, whatever its status."""
    return STEPS[step].open_to(actor_roles(actor, complaint))


def allowed(actor, complaint, step: str) -> bool:
    """Whether the step can be taken now: the complaint's status and the actor's role both allow it."""
    return STEPS[step].starts_from(complaint.status) and may(actor, complaint, step)


def available(actor, complaint) -> dict[str, bool]:
    """Every step of the map → whether the actor can take it now (what the detail page shows)."""
    roles = actor_roles(actor, complaint)
    return {name: s.starts_from(complaint.status) and s.open_to(roles) for name, s in STEPS.items()}


def step_to(current: str, to: str) -> str | None:
    """The API's step for a requested target status, or None when no step leads there."""
    candidates = [s.name for s in steps_between(STEPS, current, to) if s.name in TRANSITION_STEPS]
    return candidates[0] if candidates else None
