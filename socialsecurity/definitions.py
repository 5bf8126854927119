"""The cross-check rules: which programmes a company must have, and the flags of one company.

One place: the import, the visit hook and ``reporting/figures/socialsecurity.py`` read these.
Size classes are counted by workers (BPS: micro 1–4, small 5–19, medium and large 20 and more);
the mandatory programmes per class follow Perpres 109/2013 art. 6 (micro: JKK and JKM; small: JKK,
JKM and JHT; medium and large: JKK, JKM, JHT and JP) and PP 37/2021 (JKP for those in JP).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .choices import FlagKind

PROGRAMME_CODES = ("JKK", "JKM", "JHT", "JP", "JKP")


def mandatory_programmes(workers: int) -> tuple[str, ...]:
    if workers >= 20:
        return ("JKK", "JKM", "JHT", "JP", "JKP")
    if workers >= 5:
        return ("JKK", "JKM", "JHT")
    if workers >= 1:
        return ("JKK", "JKM")
    return ()


@dataclass
class Facts:
    """What is known of one company: the registry, its latest BPJS snapshot, its latest visit, the UMK."""

    company_id: int
    workers_registry: int
    registered_legacy: bool = False  # Company.bpjs_registered when no snapshot was ever imported
    npp: str = ""
    snapshot_as_of: object = None
    snapshot_source: str = ""
    participants: int = 0
    programmes: tuple[str, ...] = ()
    wage_base: Decimal | None = None
    visit_reference: str = ""
    workers_visit: int | None = None
    umk: Decimal | None = None
    umk_decree: str = ""


@dataclass
class FlagResult:
    kind: str
    reason: str
    evidence: dict = field(default_factory=dict)
    gap: int = 0


def _workers(facts: Facts) -> tuple[int, str]:
    if facts.workers_visit is not None and facts.workers_visit > facts.workers_registry:
        return facts.workers_visit, "visit"
    return facts.workers_registry, "registry"


def company_flags(facts: Facts) -> list[FlagResult]:
    """The flags of one company, each with its evidence, the sentence saying why and the workers not covered."""
    workers, workers_from = _workers(facts)
    evidence = {
        "workers_registry": facts.workers_registry,
        "workers_visit": facts.workers_visit,
        "visit": facts.visit_reference,
        "npp": facts.npp,
        "participants": facts.participants,
        "as_of": facts.snapshot_as_of.isoformat() if facts.snapshot_as_of else None,
        "source": facts.snapshot_source,
    }
    registered = bool(facts.npp) if facts.snapshot_as_of else facts.registered_legacy
    if workers <= 0:
        return []
    if not registered:
        return [
            FlagResult(
                FlagKind.NOT_REGISTERED,
                str(_("Employs %(workers)s workers but has no BPJS employer number (NPP).") % {"workers": workers}),
                evidence,
                gap=workers,
            )
        ]
    flags = []
    if facts.participants < workers:
        source = (
            _("found on visit %(ref)s") % {"ref": facts.visit_reference}
            if workers_from == "visit"
            else _("reported to the registry")
        )
        flags.append(
            FlagResult(
                FlagKind.PARTIAL_WORKERS,
                str(
                    _("%(participants)s BPJS participants for %(workers)s workers (%(source)s).")
                    % {"participants": facts.participants, "workers": workers, "source": source}
                ),
                evidence,
                gap=workers - facts.participants,
            )
        )
    if facts.wage_base is not None and facts.umk is not None and facts.wage_base < facts.umk:
        flags.append(
            FlagResult(
                FlagKind.PARTIAL_WAGES,
                str(
                    _("Reported wage base Rp %(wage)s is below the minimum wage Rp %(umk)s (%(decree)s).")
                    % {"wage": f"{facts.wage_base:,.0f}", "umk": f"{facts.umk:,.0f}", "decree": facts.umk_decree}
                ),
                {**evidence, "wage_base": str(facts.wage_base), "umk": str(facts.umk), "decree": facts.umk_decree},
            )
        )
    missing = [code for code in mandatory_programmes(workers) if code not in facts.programmes]
    if missing:
        flags.append(
            FlagResult(
                FlagKind.PARTIAL_PROGRAMMES,
                str(
                    _("Missing mandatory programmes for a company of %(workers)s workers: %(missing)s.")
                    % {"workers": workers, "missing": ", ".join(missing)}
                ),
                {**evidence, "programmes": list(facts.programmes), "missing": missing},
            )
        )
    return flags


# The provision each flag cites (act, article): a finding of a joint inspection offers it first.
FLAG_PROVISIONS = {
    FlagKind.NOT_REGISTERED: ("UU 24/2011", "ps. 15"),
    FlagKind.PARTIAL_WORKERS: ("UU 24/2011", "ps. 15"),
    FlagKind.PARTIAL_WAGES: ("UU 24/2011", "ps. 15"),
    FlagKind.PARTIAL_PROGRAMMES: ("Perpres 109/2013", "ps. 6"),
}
SANCTION_PROVISION = ("PP 86/2013", "ps. 5")
