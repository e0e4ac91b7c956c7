"""The quarterly package from the booking flow's database: the analysis of one quarter, with its history.

`build_package(counts, quarter)` analyses every quarter up to the package's own (the history gives trends,
the funnel plots of earlier quarters and the difference in differences) and flags that quarter's cells
only: earlier quarters had their own packages, and later records are not seen, so a package re-made for a
past quarter says what it said then (except for records entered late). Its JSON is the `oversight
analyze` contract plus the quarter, removals by level and fiscal year, officers' decisions after
interview, the activation of the database's counties and complaint counts beside each flag.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from securecomm.oversight.analysis import Analysis, analyze
from securecomm.oversight.effectiveness import LEVEL_NAMES
from securecomm.oversight.errors import PackageInputError
from securecomm.oversight.from_db import DEFINITIONS, OUTCOME_KINDS, REMOVAL_KINDS, FlowCounts
from securecomm.oversight.outliers import OutlierSettings
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.report import ExtraTable, ReportExtras, render_report
from securecomm.oversight.report_tables import count_text

__all__ = ["QuarterlyPackage", "build_package", "check_quarter"]

_LEVEL_KEYS = dict(zip(LEVEL_NAMES, ("level1", "level2", "level3", "noncriminal"), strict=True))


def check_quarter(quarter: Quarter, span: tuple[date, date] | None) -> None:
    """Refuse a package for a database without bookings, or for a quarter outside its bookings' span."""
    if span is None:
        raise PackageInputError(
            "the database holds no bookings; build a world first (securecomm simulate ... --db URL)",
            where="--db",
        )
    first, last = Quarter.of(span[0]), Quarter.of(span[1])
    if not first <= quarter <= last:
        raise PackageInputError(
            f"the database has no bookings in {quarter}; its bookings run from {first} to {last}",
            where="--quarter",
        )


@dataclass(frozen=True, slots=True)
class QuarterlyPackage:
    quarter: Quarter
    counts: FlowCounts
    analysis: Analysis

    def removals_by_fiscal_year(self) -> list[dict[str, Any]]:
        out = []
        for row in self.analysis.by_fiscal_year:
            levels = dict(row.removals_by_level)
            entry: dict[str, Any] = {"fiscal_year": row.period}
            entry.update({_LEVEL_KEYS[name]: levels.get(name, 0) for name in LEVEL_NAMES})
            entry["total"] = row.removals_total
            entry["convicted"] = row.removals_convicted
            out.append(entry)
        return out

    def activation(self) -> dict[str, Any]:
        activations = self.counts.activations
        by_quarter = Counter(str(q) for q in activations.values() if q <= self.quarter)
        return {
            "counties": len(self.counts.jurisdictions),
            "activated_by_quarter_end": sum(by_quarter.values()),
            "by_quarter": dict(sorted(by_quarter.items())),
            "map": "activation-map.png",
        }

    def complaints(self) -> dict[str, int]:
        rows = self.analysis.table.in_quarter(self.quarter)
        return {
            "total": sum(r.count("complaints") or 0 for r in rows),
            "crcl": sum(r.count("complaints_crcl") or 0 for r in rows),
        }

    def to_json(self) -> dict[str, Any]:
        """The `--json` object of `securecomm oversight report` (the CLI adds `files`)."""
        payload = self.analysis.to_json()
        payload.update(
            {
                "removals_by_fiscal_year": self.removals_by_fiscal_year(),
                "outcomes_by_fiscal_year": self.counts.outcomes_json(),
                "activation": self.activation(),
                "complaints": self.complaints(),
                "database": self.counts.summary(),
                "definitions": DEFINITIONS,
            }
        )
        return payload

    def report_extras(self) -> ReportExtras:
        header = ("fiscal year", *(kind.replace("_", " ") for kind in OUTCOME_KINDS), "removals")
        rows = tuple(
            (
                year,
                *(count_text(dict(kinds).get(kind, 0)) for kind in OUTCOME_KINDS),
                count_text(sum(n for kind, n in kinds if kind in REMOVAL_KINDS)),
            )
            for year, kinds in self.counts.outcomes_by_fiscal_year
        )
        outcomes = ExtraTable(
            title="Officers' decisions after interview",
            intro=(
                "Every decision recorded after an interview, by fiscal year. Removals are reinstatements of a "
                "prior removal order and voluntary returns; a notice to appear starts proceedings whose outcome "
                "is not in this database, so it is not counted as a removal."
            ),
            header=header,
            rows=rows,
        )
        activated = {fips: q for fips, q in self.counts.activations.items() if q <= self.quarter}
        return ReportExtras(
            activations=activated,
            activation_caption=(
                f"Secure Communities activation by county: the {len(activated)} of the database's "
                f"{len(self.counts.jurisdictions)} counties activated by the end of {self.quarter} (grey: not "
                "activated then), whether or not they were tested."
            ),
            definitions=(DEFINITIONS,),
            tables=(outcomes,) if rows else (),
        )

    def render(self, *, prepared_on: date, pdf: bool = True) -> dict[str, bytes]:
        return render_report(
            self.analysis,
            prepared_on=prepared_on,
            title=f"Quarterly statistical monitoring, {self.quarter}",
            pdf=pdf,
            extras=self.report_extras(),
        )


def build_package(
    counts: FlowCounts, quarter: Quarter, settings: OutlierSettings | None = None
) -> QuarterlyPackage:
    """Analyse the counts up to `quarter`, flagging that quarter's cells only."""
    if quarter not in counts.table.quarters:
        raise PackageInputError(f"the database has no bookings in {quarter}", where="--quarter")
    return QuarterlyPackage(
        quarter=quarter, counts=counts, analysis=analyze(counts.table, settings, focus=quarter)
    )
