"""The annual report's sections and tables, laid out once for the PDF and the spreadsheet.

:func:`annual_sections` turns :class:`reporting.figures.annual.AnnualFigures` into labelled
sections (ILO C81 art. 21 items (a)–(g) and the ILOSTAT indicators); the PDF template prints
every table and :func:`annual_xlsx` writes the very same tables, one sheet each, so the two
files cannot disagree. :func:`cell_text` is how a cell is printed (in the active language).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accidents.choices import Severity as AccidentSeverity
from accidents.choices import Sex as AccidentSex
from inspections.choices import InvestigationOutcome, Kind, NoticeLevel
from inspectorate.choices import NormCategory

from .figures import annual as figures


def no_data_sentence() -> str:
    return _("No data recorded for this year.")


@dataclass
class Table:
    key: str  # the spreadsheet's sheet name (at most 31 characters)
    title: str
    header: list[str]
    rows: list[list]

    @property
    def numeric(self) -> set[int]:
        """The columns holding numbers (right-aligned in the PDF)."""
        width = len(self.header)
        return {
            i
            for i in range(width)
            if any(isinstance(r[i], int | float) and not isinstance(r[i], bool) for r in self.rows)
            and all(r[i] is None or isinstance(r[i], int | float) for r in self.rows)
        }


@dataclass
class Section:
    letter: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def cell_text(value) -> str:
    """A cell as printed: whole numbers grouped, decimals with one place (or two), empty as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    if isinstance(value, float):
        # One decimal place, two where the figure was kept with two (inspectors per 10,000).
        places = 1 if round(value, 1) == value else 2
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return str(value)


def _section_labels() -> dict[str, str]:
    labels = {letter: _("Section %(letter)s") % {"letter": letter} for letter, _low, _high in figures.KBLI_SECTIONS}
    labels[figures.UNKNOWN_SECTION] = _("Sector not recorded")
    return labels


def _size_labels() -> dict[str, str]:
    return {
        "micro": _("Micro (1–4 workers)"),
        "small": _("Small (5–19 workers)"),
        "medium": _("Medium (20–99 workers)"),
        "large": _("Large (100 or more workers)"),
    }


def _laws(f: figures.AnnualFigures) -> Section:
    section = Section("a", _("Laws and regulations relevant to the inspection service"))
    section.paragraphs = [p.strip() for p in f.laws_text.split("\n\n") if p.strip()] or [
        _("No text on the year's laws and regulations has been written for this report.")
    ]
    categories = dict(NormCategory.choices)
    section.tables.append(
        Table(
            "a_provisions",
            _("Legal provisions enforced (%(count)s)") % {"count": len(f.provisions)},
            [_("Act"), _("Article"), _("Subject"), _("Norm category")],
            [[p.act, p.article, p.title, str(categories.get(p.category, p.category))] for p in f.provisions],
        )
    )
    return section


def _staff(f: figures.AnnualFigures) -> Section:
    section = Section("b", _("Staff of the inspection service"))
    header = [
        _("Office"),
        _("Inspectors in service at year end"),
        _("Women"),
        _("Men"),
        _("Sex not recorded"),
        _("PPNS investigators"),
        _("Joined in the year"),
        _("Left in the year"),
    ]

    def row(label, r):
        return [label, r.in_service, r.women, r.men, r.sex_unknown, r.ppns, r.joined, r.left]

    rows = [row(r.office.name, r) for r in f.staff] + [row(_("Total"), f.staff_total)]
    section.tables.append(Table("b_staff", _("Inspectors by office"), header, rows))
    return section


def _workplaces(f: figures.AnnualFigures) -> Section:
    w = f.workplaces
    section = Section("c", _("Workplaces liable to inspection and workers employed in them"))
    section.paragraphs = [_("From the company registry of the districts the offices serve, as it stands when built.")]
    section.tables += [
        Table(
            "c_workers",
            _("Workplaces and workers"),
            [_("Figure"), _("Count")],
            [
                [_("Workplaces"), w.companies],
                [_("Workers"), w.workers],
                [_("Women workers"), w.women],
                [_("Foreign workers (TKA)"), w.foreign],
            ],
        ),
        Table(
            "c_sectors",
            _("Workplaces by sector (KBLI section)"),
            [_("Sector"), _("Workplaces")],
            [[label, w.by_section.get(key, 0)] for key, label in _section_labels().items() if w.by_section.get(key)],
        ),
        Table(
            "c_sizes",
            _("Workplaces by size"),
            [_("Size"), _("Workplaces")],
            [[label, w.by_size.get(key, 0)] for key, label in _size_labels().items()],
        ),
    ]
    coverage = _coverage_table(f)
    if coverage is None:
        section.paragraphs.append(
            _("BPJS Ketenagakerjaan coverage: no estimate of the workers is recorded for this year.")
        )
    else:
        section.tables.append(coverage)
    return section


def _visits(f: figures.AnnualFigures) -> Section:
    section = Section("d", _("Inspection visits"))
    kinds = list(Kind.choices)
    header = [_("Office"), *[str(label) for _k, label in kinds], _("Total"), _("Inspectors"), _("Visits per inspector")]
    rows = [
        [v.office.name, *[v.by_kind.get(k, 0) for k, _l in kinds], v.total, v.inspectors, one_decimal(v.per_inspector)]
        for v in f.visits
    ]
    totals = f.visits_by_kind
    rows.append(
        [
            _("Total"),
            *[totals.get(k, 0) for k, _l in kinds],
            f.visits_total,
            f.ilostat.inspectors,
            one_decimal(f.ilostat.visits_per_inspector),
        ]
    )
    section.tables += [
        Table("d_visits", _("Visits by kind and office"), header, rows),
        Table(
            "d_sectors",
            _("Visits by sector (KBLI section)"),
            [_("Sector"), _("Visits")],
            [
                [label, f.visits_by_section[key]]
                for key, label in _section_labels().items()
                if key in f.visits_by_section
            ],
        ),
    ]
    return section


def _enforcement(f: figures.AnnualFigures) -> Section:
    e = f.enforcement
    section = Section("e", _("Violations found and penalties imposed"))
    categories = dict(NormCategory.choices)
    sanctions = figures.sanction_labels()
    outcomes = dict(InvestigationOutcome.choices)
    section.tables += [
        Table(
            "e_summary",
            _("Enforcement in the year"),
            [_("Figure"), _("Count")],
            [
                [_("Violations found"), e.findings],
                [str(NoticeLevel.FIRST.label), e.notices.get(NoticeLevel.FIRST, 0)],
                [str(NoticeLevel.SECOND.label), e.notices.get(NoticeLevel.SECOND, 0)],
                [_("Notas complied with"), e.complied],
                [_("Notas not complied with"), e.not_complied],
                [_("Compliance rate (%)"), percent(e.compliance_rate)],
                [_("Handed over to PPNS investigation"), e.ppns_handovers],
                [_("PPNS investigations opened"), e.investigations_opened],
                [_("PPNS investigations still open"), e.investigations_open],
            ],
        ),
        Table(
            "e_categories",
            _("Violations by norm category"),
            [_("Norm category"), _("Violations")],
            [
                [str(label), e.findings_by_category[code]]
                for code, label in categories.items()
                if code in e.findings_by_category
            ],
        ),
        Table(
            "e_provisions",
            _("Provisions most often violated"),
            [_("Provision"), _("Violations")],
            [[label, n] for label, n in e.findings_by_provision],
        ),
        Table(
            "e_sanctions",
            _("Administrative sanctions recommended"),
            [_("Sanction"), _("Recommendations")],
            [[str(label), e.sanctions.get(code, 0)] for code, label in sanctions.items() if code],
        ),
        Table(
            "e_investigations",
            _("Outcomes of PPNS investigations opened in the year"),
            [_("Outcome"), _("Investigations")],
            [[str(label), e.investigation_outcomes.get(code, 0)] for code, label in outcomes.items()],
        ),
    ]
    return section


def _by_section(by_division: dict[str, int]) -> list[list]:
    """Cases per KBLI division summed to the KBLI section, in the sections' order."""
    totals: dict[str, int] = {}
    for division, n in by_division.items():
        key = figures.kbli_section(division)
        totals[key] = totals.get(key, 0) + n
    return [[label, totals[key]] for key, label in _section_labels().items() if totals.get(key)]


def _accidents(f: figures.AnnualFigures) -> Section:
    section = Section("f", _("Industrial accidents"))
    a = f.accidents
    if a is None:
        section.paragraphs = [no_data_sentence()]
        return section
    section.paragraphs = [
        _(
            "Work accidents recorded by the offices, by the day they occurred in the office's time zone; "
            "a case is a person injured or killed."
        )
    ]
    sexes = dict(AccidentSex.choices)
    section.tables += [
        Table(
            "f_accidents",
            _("Industrial accidents in the year"),
            [_("Figure"), _("Count")],
            [
                [_("Accidents"), a["accidents"]],
                [_("Persons injured or killed (cases)"), a["cases"]],
                [_("Fatal cases"), a["fatalities"]],
                [_("Working days lost"), a["days_lost"]],
            ],
        ),
        Table(
            "f_severity",
            _("Cases by severity"),
            [_("Severity"), _("Cases")],
            [[str(label), a["by_severity"].get(code, 0)] for code, label in AccidentSeverity.choices],
        ),
        Table("f_sectors", _("Cases by sector (KBLI section)"), [_("Sector"), _("Cases")], _by_section(a["by_sector"])),
        Table(
            "f_sex",
            _("Cases by sex"),
            [_("Sex"), _("Cases")],
            [[str(sexes.get(code, code)), n] for code, n in sorted(a["by_sex"].items())],
        ),
    ]
    return section


def _diseases(f: figures.AnnualFigures) -> Section:
    section = Section("g", _("Cases of occupational disease"))
    d = f.diseases
    if d is None:
        section.paragraphs = [no_data_sentence()]
        return section
    section.paragraphs = [
        _("Cases recorded by the offices, by the day they were diagnosed; diseases as in the ILO list (2010).")
    ]
    names = d["disease_names"]
    section.tables += [
        Table(
            "g_diseases",
            _("Cases of occupational disease in the year"),
            [_("Figure"), _("Count")],
            [[_("Cases diagnosed"), d["diseases"]]],
        ),
        Table(
            "g_by_disease",
            _("Cases by disease (ILO list)"),
            [_("ILO code"), _("Disease"), _("Cases")],
            [[code, names.get(code, ""), n] for code, n in d["by_disease"].items()],
        ),
    ]
    return section


def _coverage_table(f: figures.AnnualFigures) -> Table | None:
    cov = f.coverage
    if cov is None:
        return None

    def row(label, r):
        return [
            label,
            r.formal.participants,
            r.formal.workers,
            None if r.formal.rate is None else float(r.formal.rate),
            r.informal.participants,
            r.informal.workers,
            None if r.informal.rate is None else float(r.informal.rate),
        ]

    area = _("District") if cov.level == "district" else _("Region")
    sources = sorted(cov.total.formal.worker_sources | cov.total.informal.worker_sources)
    return Table(
        "c_bpjs",
        _("BPJS Ketenagakerjaan coverage (estimated workers: %(sources)s)") % {"sources": "; ".join(sources) or "—"},
        [
            area,
            _("Formal: participants"),
            _("Formal: estimated workers"),
            _("Formal coverage (%)"),
            _("Informal: participants"),
            _("Informal: estimated workers"),
            _("Informal coverage (%)"),
        ],
        [row(r.name, r) for r in cov.rows] + [row(_("Total"), cov.total)],
    )


def _ilostat(f: figures.AnnualFigures) -> Section:
    i = f.ilostat
    section = Section("ILOSTAT", _("ILOSTAT labour inspection indicators"))
    if i.employed is None:
        missing = ", ".join(r.name for r in i.employment_missing)
        section.paragraphs.append(
            _(
                "Employed persons are not recorded for this year (missing: %(regions)s); "
                "the ratios to employment cannot be given."
            )
            % {"regions": missing or "—"}
        )
    else:
        section.paragraphs.append(_("Employed persons: %(sources)s.") % {"sources": "; ".join(i.employment_sources)})
    section.paragraphs.append(_("ILO benchmark source: %(source)s.") % {"source": figures.ILO_BENCHMARK_SOURCE})
    section.tables.append(
        Table(
            "ilostat",
            _("Indicators"),
            [_("Indicator"), _("Value")],
            [
                [_("Inspectors"), i.inspectors],
                [_("Employed persons"), i.employed],
                [_("Inspectors per 10,000 employed persons"), None if i.per_10000 is None else round(i.per_10000, 2)],
                [
                    _("Employed persons per inspector"),
                    None if i.workers_per_inspector is None else round(i.workers_per_inspector),
                ],
                [_("Visits per inspector"), one_decimal(i.visits_per_inspector)],
                [_("Share of women inspectors (%)"), percent(i.women_share)],
            ],
        )
    )
    names = {
        "industrial": _("Industrial market economies"),
        "transition": _("Transition economies"),
        "developing": _("Less developed countries"),
    }
    section.tables.append(
        Table(
            "ilo_benchmark",
            _("ILO benchmark comparison"),
            [_("Benchmark"), _("One inspector per"), _("Inspectors needed"), _("Met")],
            [[names[key], workers, needed, met] for key, workers, needed, met in i.benchmarks()],
        )
    )
    return section


def annual_sections(f: figures.AnnualFigures) -> list[Section]:
    """Items (a)–(g) and the ILOSTAT indicators, in the active language."""
    return [
        _laws(f),
        _staff(f),
        _workplaces(f),
        _visits(f),
        _enforcement(f),
        _accidents(f),
        _diseases(f),
        _ilostat(f),
    ]


def all_tables(sections: list[Section]) -> list[Table]:
    return [table for section in sections for table in section.tables]


def xlsx_value(value):
    """What a spreadsheet cell holds: numbers as numbers, yes/no and empty as printed."""
    if value is None or isinstance(value, bool):
        return cell_text(value)
    return value


def annual_xlsx(sections: list[Section]) -> bytes:
    """Every table of the report, one sheet each: the title, the header, the rows."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in all_tables(sections):
        sheet = book.create_sheet(table.key[:31])
        sheet.append([table.title])
        sheet.append(table.header)
        for row in table.rows:
            sheet.append([xlsx_value(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
