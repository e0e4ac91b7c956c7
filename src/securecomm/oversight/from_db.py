"""Counts per jurisdiction and quarter from the booking flow's own records, fed to `analyze` unchanged.

The storage adapter reads the flow's tables and hands this module typed facts (`BookingFact`,
`DetainerFact`, `OutcomeFact`, `JurisdictionFact`); `flow_counts` turns them into the same `CountTable`
an analyst's CSV becomes. The definitions below are the reference system's own; the report's method
page and the public statistics page print them (`DEFINITIONS`).

* **Quarter** of a booking, a detainer or a decision: the calendar quarter of its local date in the county.
* **Arrest**: a booking. **Minor arrest**: a booking whose charges have Secure Communities identification
  Level 3 — the most severe of its charges, each levelled by its NCIC code under the rule in force on the
  booking date (`rules.offense_levels.identification_level`; the family table is a reconstruction [U]) —
  or no level at all (no charge the table levels).
* **Submission**: a booking whose prints the FBI forwarded to IDENT (IDENT searched it).
* **IDENT match**: a submission IDENT matched to an identity. Its **level** is the same charge-based level
  (the program levelled a match by the arrest charge, domain.md §1.5); **non-criminal**: no charge with a
  level. **Minor matches** are Level 3 plus non-criminal, like minor arrests. **Convicted**: the field
  office's advice found a criminal conviction (conviction level 1-3).
* **Detainer**: a detainer lodged, counted in the quarter it was issued.
* **Removal**: an officer's decision after interview that removes or returns the person — reinstatement of
  a prior removal order, or voluntary return (ICE's program statistics count "removals and returns"
  together). A notice to appear starts proceedings before an immigration judge whose outcome the database
  does not hold: it is counted apart (`notice_to_appear`), never as a removal; release and prosecutorial
  discretion are not removals. A removal's **level** is conviction-based (the 2010/2011 priorities memo),
  from the field office's advice on the case; each case counts once, in the quarter of its first removal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from securecomm.agencies.officer_policy import DecisionKind
from securecomm.complaints.monitoring import ComplaintCount, with_complaint_counts
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountRow, CountTable
from securecomm.rules import Case, Charge, Immigration, ImmigrationStatus, OffenseClass
from securecomm.rules.offense_levels import ConvictionLevel, OffenseLevel, identification_level
from securecomm.rules.ruleset import RuleSet

__all__ = [
    "DEFINITIONS",
    "REMOVAL_KINDS",
    "BookingFact",
    "ChargeFact",
    "DetainerFact",
    "FlowCounts",
    "JurisdictionFact",
    "OutcomeFact",
    "charge_level",
    "flow_counts",
]

REMOVAL_KINDS = frozenset({DecisionKind.REINSTATE_REMOVAL.value, DecisionKind.VOLUNTARY_RETURN.value})
# Outcomes after interview, reported beside the removals so that what is not a removal stays visible.
OUTCOME_KINDS = (
    DecisionKind.REINSTATE_REMOVAL.value,
    DecisionKind.VOLUNTARY_RETURN.value,
    DecisionKind.NTA.value,
    DecisionKind.RELEASE.value,
    DecisionKind.PROSECUTORIAL_DISCRETION.value,
)
DEFINITIONS = (
    "Arrests are bookings; a minor arrest is one whose charges have Secure Communities identification "
    "Level 3 (the most severe of its charges by NCIC code, under the rule in force on the booking date) or no "
    "level at all. Submissions are bookings whose prints were forwarded to IDENT; matches are submissions "
    "IDENT matched, levelled by the same charge-based rule (non-criminal: no charge with a level); minor "
    "matches are Level 3 plus non-criminal. A removal is an officer's decision after interview that removes or "
    "returns the person (reinstatement of a prior removal order, or voluntary return); a notice to appear "
    "starts proceedings whose outcome is not recorded here and is counted apart, never as a removal. Removal "
    "levels are conviction-based (Levels 1-3 convicted, non-criminal not). Each count falls in the quarter "
    "of its local date in the county."
)
_LEVEL_COLUMN = {
    OffenseLevel.L1: "matches_level1",
    OffenseLevel.L2: "matches_level2",
    OffenseLevel.L3: "matches_level3",
    OffenseLevel.NONE: "matches_noncriminal",
}
_REMOVAL_COLUMN = {
    ConvictionLevel.L1: "removals_level1",
    ConvictionLevel.L2: "removals_level2",
    ConvictionLevel.L3: "removals_level3",
    ConvictionLevel.NONCRIMINAL: "removals_noncriminal",
}
_COUNTS = (
    "submissions",
    "detainers",
    *_LEVEL_COLUMN.values(),
    "matches_convicted",
    *_REMOVAL_COLUMN.values(),
)


@dataclass(frozen=True, slots=True)
class ChargeFact:
    """One arrest charge as the booking recorded it."""

    ncic: str
    offense_class: OffenseClass | None = None
    traffic: bool = False


@dataclass(frozen=True, slots=True)
class BookingFact:
    """One booking and what became of its prints; `conviction_level` comes from the case's advice."""

    fips: str
    booked_on: date  # local date at the facility: decides the quarter
    charged_on: date  # the date the rules level the charges on (the field office's own choice)
    charges: tuple[ChargeFact, ...]
    forwarded: bool
    matched: bool
    conviction_level: ConvictionLevel | None = None


@dataclass(frozen=True, slots=True)
class DetainerFact:
    fips: str
    issued_on: date


@dataclass(frozen=True, slots=True)
class OutcomeFact:
    """An officer's decision on a case (any kind; only the outcomes after interview are counted)."""

    case_id: str
    fips: str
    decided_on: date
    kind: str
    conviction_level: ConvictionLevel | None


@dataclass(frozen=True, slots=True)
class JurisdictionFact:
    fips: str
    name: str
    state: str
    aor: str
    activated_on: date | None


@dataclass(frozen=True, slots=True)
class FlowCounts:
    """The counts table and what the package shows beside it."""

    table: CountTable
    jurisdictions: tuple[JurisdictionFact, ...]
    outcomes_by_fiscal_year: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (FY, ((kind, n), ...))
    through: Quarter | None

    @property
    def activations(self) -> dict[str, Quarter]:
        """The activation quarter of every county in the database that has one."""
        return {j.fips: Quarter.of(j.activated_on) for j in self.jurisdictions if j.activated_on is not None}

    def outcomes_json(self) -> dict[str, dict[str, int]]:
        return {year: dict(kinds) for year, kinds in self.outcomes_by_fiscal_year}

    def summary(self) -> dict[str, Any]:
        """Totals for the command's output: what was counted, so a reader can check it against the database."""
        rows = self.table.rows
        return {
            "jurisdictions_in_database": len(self.jurisdictions),
            "activated_by_quarter_end": sum(
                1
                for j in self.jurisdictions
                if j.activated_on is not None
                and (self.through is None or Quarter.of(j.activated_on) <= self.through)
            ),
            "arrests": sum(r.arrests_total for r in rows),
            "arrests_minor": sum(r.arrests_minor for r in rows),
            "submissions": sum(r.count("submissions") or 0 for r in rows),
            "matches": sum(r.matches_total for r in rows),
            "matches_minor": sum(r.matches_minor for r in rows),
            "detainers": sum(r.count("detainers") or 0 for r in rows),
        }


def charge_level(charges: Iterable[ChargeFact], *, on: date, ruleset: RuleSet) -> OffenseLevel:
    """The SC identification level of a booking's charges on `on` (NONE when no charge has a level).

    The identification level reads the charges only; `Case` requires an immigration status, which this
    rule never reads.
    """
    case = Case(
        charges=tuple(Charge(c.ncic, on, c.offense_class, c.traffic) for c in charges),
        convictions=(),
        immigration=Immigration(ImmigrationStatus.EWI),
    )
    return identification_level(case, as_of=on, ruleset=ruleset).value


class _Levels:
    """`charge_level` remembered per (charges, day): a county's bookings repeat a few charge mixes daily."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.known: dict[tuple[tuple[ChargeFact, ...], date], OffenseLevel] = {}

    def __call__(self, booking: BookingFact) -> OffenseLevel:
        key = (booking.charges, booking.charged_on)
        level = self.known.get(key)
        if level is None:
            level = self.known[key] = charge_level(
                booking.charges, on=booking.charged_on, ruleset=self.ruleset
            )
        return level


def _is_minor(level: OffenseLevel) -> bool:
    return level in (OffenseLevel.L3, OffenseLevel.NONE)


def flow_counts(
    jurisdictions: Iterable[JurisdictionFact],
    bookings: Iterable[BookingFact],
    detainers: Iterable[DetainerFact],
    outcomes: Iterable[OutcomeFact],
    *,
    ruleset: RuleSet,
    complaints: Iterable[ComplaintCount] = (),
    through: Quarter | None = None,
    source: str = "database",
) -> FlowCounts:
    """Count every (county, quarter) up to `through` (all quarters when None); see the module's definitions."""
    counties = tuple(sorted(jurisdictions, key=lambda j: j.fips))
    by_fips = {j.fips: j for j in counties}

    def keep(day: date) -> bool:
        return through is None or Quarter.of(day) <= through

    counts: dict[tuple[str, Quarter], Counter[str]] = {}
    levels = _Levels(ruleset)

    def cell(fips: str, day: date) -> Counter[str]:
        return counts.setdefault((fips, Quarter.of(day)), Counter())

    for booking in bookings:
        if not keep(booking.booked_on):
            continue
        level = levels(booking)
        c = cell(booking.fips, booking.booked_on)
        c["arrests_total"] += 1
        c["arrests_minor"] += _is_minor(level)
        c["submissions"] += booking.forwarded
        if booking.matched:
            c["matches_total"] += 1
            c["matches_minor"] += _is_minor(level)
            c[_LEVEL_COLUMN[level]] += 1
            convicted = booking.conviction_level not in (None, ConvictionLevel.NONCRIMINAL)
            c["matches_convicted"] += convicted
    for detainer in detainers:
        if keep(detainer.issued_on):
            cell(detainer.fips, detainer.issued_on)["detainers"] += 1
    outcome_counts: dict[str, Counter[str]] = {}
    removed: set[str] = set()
    for outcome in sorted(outcomes, key=lambda o: (o.decided_on, o.case_id, o.kind)):
        if outcome.kind not in OUTCOME_KINDS or not keep(outcome.decided_on):
            continue
        year = f"FY{Quarter.of(outcome.decided_on).fiscal_year}"
        outcome_counts.setdefault(year, Counter())[outcome.kind] += 1
        if outcome.kind in REMOVAL_KINDS and outcome.case_id not in removed:
            removed.add(outcome.case_id)
            removal_level = outcome.conviction_level or ConvictionLevel.NONCRIMINAL
            cell(outcome.fips, outcome.decided_on)[_REMOVAL_COLUMN[removal_level]] += 1
    rows = []
    for (fips, quarter), c in counts.items():
        county = by_fips.get(fips)
        activated = county.activated_on if county else None
        rows.append(
            CountRow(
                jurisdiction=fips,
                quarter=quarter,
                arrests_total=c["arrests_total"],
                arrests_minor=c["arrests_minor"],
                matches_total=c["matches_total"],
                matches_minor=c["matches_minor"],
                state=county.state if county else None,
                activation_quarter=Quarter.of(activated) if activated else None,
                extra=tuple(sorted((name, c[name]) for name in _COUNTS)),
            )
        )
    table = with_complaint_counts(CountTable.from_rows(rows, source=source), complaints)
    outcome_rows = tuple(
        (year, tuple((kind, outcome_counts[year][kind]) for kind in OUTCOME_KINDS))
        for year in sorted(outcome_counts)
    )
    return FlowCounts(
        table=table, jurisdictions=counties, outcomes_by_fiscal_year=outcome_rows, through=through
    )
