"""Step maps: each lifecycle's moves, stated once.

A :class:`Step` names a move (``"screen"``, ``"report"``), the statuses it may start from,
the status it leads to (``None`` when the status stays: a note, a planned visit), the actor
roles that may take it and whether a note (reason) is required. Each app keeps one map per
lifecycle (``complaints/steps.py``, ``inspections/steps.py``); its services check the map,
its pages and API decide which buttons and endpoints answer from the same map, and the demo
generators walk only the paths it allows.

Roles are Staff roles (``office_head``, ``admin``) or relations of the actor to the object
(``assignee``, ``lead``, ``team``, ``investigator``); each app says which apply to an actor
and an object (``actor_roles``). Scope (the office) is checked separately by
:mod:`inspectorate.access`; a role only counts within scope.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# Relations of an actor to an object; Staff roles (inspectorate.choices.Role) are used as they are.
ASSIGNEE = "assignee"
LEAD = "lead"
TEAM = "team"
INVESTIGATOR = "investigator"


@dataclass(frozen=True)
class Step:
    """One move of a lifecycle: from which statuses, to which status, by whom, with a note or not."""

    name: str
    sources: frozenset[str]
    to: str | None
    roles: frozenset[str]
    note_required: bool = False

    def starts_from(self, status: str) -> bool:
        return status in self.sources

    def open_to(self, roles: Iterable[str]) -> bool:
        return not self.roles.isdisjoint(roles)


def step_map(*steps: Step) -> Mapping[str, Step]:
    """A read-only map name → step; a name given twice is a programming error."""
    names = [s.name for s in steps]
    if len(names) != len(set(names)):
        raise ValueError(f"a step is defined twice: {names}")
    return MappingProxyType({s.name: s for s in steps})


def transitions(steps: Mapping[str, Step], statuses: Iterable[str]) -> dict[str, frozenset[str]]:
    """Every status each status may move to, derived from the step map."""
    return {
        status: frozenset(s.to for s in steps.values() if s.to is not None and s.starts_from(status))
        for status in statuses
    }


def steps_between(steps: Mapping[str, Step], current: str, to: str) -> list[Step]:
    """The steps leading from ``current`` to ``to`` (for endpoints that name the target status)."""
    return [s for s in steps.values() if s.to == to and s.starts_from(current)]
