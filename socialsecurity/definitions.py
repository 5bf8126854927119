"""The cross-check rules: which programmes a company must have, and the flags of one company.

One place: the import, the visit hook and ``reporting/figures/socialsecurity.py`` read these.
Size classes are counted by workers (BPS: micro 1–4, small 5–19, medium and large 20 and more);
the mandatory programmes per class follow Perpres 109/2013 art. 6 (micro: JKK and JKM; small: JKK,
JKM and JHT; medium and large: JKK, JKM, JHT and JP) and PP 37/2021 (JKP for those in JP).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
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
    wage_found: int | None = None  # the monthly wage per worker found on the latest reported visit recording one
    wage_visit_reference: str = ""


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
    wages = _partial_wages(facts, evidence)
    if wages is not None:
        flags.append(wages)
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


def _rupiah(amount) -> str:
    """Whole rupiah grouped as the language writes them (Indonesian 5.000.000, English 5,000,000)."""
    return number_format(amount, decimal_pos=0, force_grouping=True)


def _partial_wages(facts: Facts, evidence: dict) -> FlagResult | None:
    """The wage base below the district's UMK, or below the wage found on a visit; the sentence names which."""
    if facts.wage_base is None:
        return None
    below_umk = facts.umk is not None and facts.wage_base < facts.umk
    below_found = facts.wage_found is not None and facts.wage_base < facts.wage_found
    if not (below_umk or below_found):
        return None
    values = {"wage": _rupiah(facts.wage_base), "decree": facts.umk_decree, "ref": facts.wage_visit_reference}
    evidence = {**evidence, "wage_base": str(facts.wage_base)}
    if facts.umk is not None:
        values["umk"] = _rupiah(facts.umk)
        evidence.update(umk=str(facts.umk), decree=facts.umk_decree)
    if facts.wage_found is not None:
        values["found"] = _rupiah(facts.wage_found)
        evidence.update(wage_found=facts.wage_found, wage_visit=facts.wage_visit_reference)
    if below_umk and below_found:
        reason = _(
            "Reported wage base Rp %(wage)s is below the minimum wage Rp %(umk)s (%(decree)s) and below the "
            "wage of Rp %(found)s found on visit %(ref)s."
        )
    elif below_umk:
        reason = _("Reported wage base Rp %(wage)s is below the minimum wage Rp %(umk)s (%(decree)s).")
    else:
        reason = _("Reported wage base Rp %(wage)s is below the wage of Rp %(found)s found on visit %(ref)s.")
    return FlagResult(FlagKind.PARTIAL_WAGES, str(reason % values), evidence)


# The provision each flag cites (act, article): a finding of a joint inspection offers it first.
FLAG_PROVISIONS = {
    FlagKind.NOT_REGISTERED: ("UU 24/2011", "ps. 15"),
    FlagKind.PARTIAL_WORKERS: ("UU 24/2011", "ps. 15"),
    FlagKind.PARTIAL_WAGES: ("UU 24/2011", "ps. 15"),
    FlagKind.PARTIAL_PROGRAMMES: ("Perpres 109/2013", "ps. 6"),
}
SANCTION_PROVISION = ("PP 86/2013", "ps. 5")
