"""The quarterly package: every measure over a `CountTable`, and the flags with their evidence.

`analyze(table)` is the one entry point that the CSV command and the database command share. The
database's quarterly package analyses every quarter up to its own (`focus`): the history gives trends
and the difference in differences, while the flags and the count of tested cells are the focus quarter's
(earlier quarters had their own packages). A flag is a referral for in-depth review, never a finding:
each carries a sentence that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from securecomm.oversight.betabinom import predictive_share_range
from securecomm.oversight.did import DidResult, difference_in_differences
from securecomm.oversight.effectiveness import EffectivenessRow, Period, effectiveness
from securecomm.oversight.multiple import wilson_interval
from securecomm.oversight.outliers import (
    OutlierSettings,
    QuarterFit,
    ShareCell,
    ShareTest,
    find_excess_shares,
)
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountRow, CountTable

__all__ = ["MATCHES_MEASURE", "Analysis", "Flag", "analyze", "demographic_measure"]

MATCHES_MEASURE = "minor share of IDENT matches"
ARRESTS_MEASURE = "minor share of arrests"
REFERRAL_NOTE = (
    "This is a statistical signal for a referral to in-depth review, not a finding of profiling or "
    "misconduct; the review weighs other evidence (complaints, field office contact, local context)."
)


def demographic_measure(group: str) -> str:
    return f"{group.replace('_', ' ')} share of minor arrests"


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


@dataclass(frozen=True, slots=True)
class Flag:
    """A jurisdiction-quarter with q <= FDR that met the minimum counts, and the evidence for it."""

    measure: str
    test: ShareTest
    observed_interval: tuple[float, float]  # Wilson 95 % interval of the observed share
    expected_range: tuple[float, float]  # 95 % of jurisdictions like this one fall here under the peer model
    sentence: str

    @property
    def jurisdiction(self) -> str:
        return self.test.cell.jurisdiction

    @property
    def quarter(self) -> str:
        return str(self.test.cell.quarter)

    def to_json(self) -> dict[str, Any]:
        t, c = self.test, self.test.cell
        return {
            "jurisdiction": c.jurisdiction,
            "quarter": str(c.quarter),
            "observed_share": round(c.share, 6),
            "expected_share": round(t.expected_share or 0.0, 6),
            "q_value": t.q_value,
            "evidence": {
                "measure": self.measure,
                "successes": c.successes,
                "trials": c.trials,
                "observed_interval_95": [round(v, 6) for v in self.observed_interval],
                "expected_interval_95": [round(t.expected_low or 0.0, 6), round(t.expected_high or 0.0, 6)],
                "expected_range_95": [round(v, 6) for v in self.expected_range],
                "reference_share": round(c.reference_share, 6),
                "p_value": t.p_value,
                "q_value": t.q_value,
                "peer_group": t.peer_group,
                "peers": t.peers,
                "overdispersion_rho": round(1 / (1 + t.phi), 6) if t.phi else None,
                "state_peer_share": None if t.state_peer_share is None else round(t.state_peer_share, 6),
                "size_band_peer_share": None if t.size_peer_share is None else round(t.size_peer_share, 6),
                "sentence": self.sentence,
            },
        }


def _flag(measure: str, test: ShareTest, *, counted: str, reference_label: str) -> Flag:
    """`counted` completes "In 2012Q2, 314 of 658 ..." (e.g. "IDENT matches in X were for minor offenses")."""
    c = test.cell
    low, high = predictive_share_range(
        np.array([c.trials]), np.array([test.expected_share or 0.0]), test.phi or 1e6, level=0.95
    )
    observed = wilson_interval(c.successes, c.trials)
    sentence = (
        f"In {c.quarter}, {c.successes:,} of {c.trials:,} {counted.format(jurisdiction=c.jurisdiction)} "
        f"({_pct(c.share)}), against {_pct(test.expected_share or 0.0)} expected from {test.peers} peer "
        f"jurisdictions with the same {reference_label} ({_pct(c.reference_share)} here); 95 % of "
        f"comparable jurisdictions fall between {_pct(float(low[0]))} and {_pct(float(high[0]))} "
        f"(q = {test.q_value:.3g}). {REFERRAL_NOTE}"
    )
    return Flag(measure, test, observed, (float(low[0]), float(high[0])), sentence)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the report and the JSON output show."""

    table: CountTable
    settings: OutlierSettings
    matches: tuple[QuarterFit, ...]
    flags: tuple[Flag, ...]
    demographics: tuple[tuple[str, tuple[QuarterFit, ...]], ...] = ()
    demographic_flags: tuple[Flag, ...] = ()
    did: tuple[DidResult, ...] = ()
    by_quarter: tuple[EffectivenessRow, ...] = field(default=())
    by_fiscal_year: tuple[EffectivenessRow, ...] = field(default=())
    focus: Quarter | None = None  # flags and `tested` are this quarter's only (the database's package)

    @property
    def tested(self) -> int:
        """Jurisdiction-quarters tested for an excess of minor matches (all quarters, or the focus one)."""
        return sum(len(fit.tested) for fit in self.matches if self.focus in (None, fit.quarter))

    def complaints_of(self, jurisdiction: str, quarter: str) -> dict[str, int] | None:
        """The complaint counts of a jurisdiction-quarter, when the table has them (shown beside a flag)."""
        if not self.table.has("complaints"):
            return None
        row = next(
            (r for r in self.table.in_quarter(Quarter.parse(quarter)) if r.jurisdiction == jurisdiction), None
        )
        if row is None:
            return None
        return {"total": row.count("complaints") or 0, "crcl": row.count("complaints_crcl") or 0}

    def _flag_json(self, flag: Flag) -> dict[str, Any]:
        out = flag.to_json()
        complaints = self.complaints_of(flag.jurisdiction, flag.quarter)
        if complaints is not None:
            out["complaints"] = complaints
        return out

    def to_json(self) -> dict[str, Any]:
        did_tested = [r for r in self.did if r.p_value is not None]
        focus = {} if self.focus is None else {"quarter": str(self.focus)}
        return {
            **focus,
            "flags": [self._flag_json(flag) for flag in self.flags],
            "tested": self.tested,
            "quarters": [str(fit.quarter) for fit in self.matches],
            "jurisdictions": len(self.table.jurisdictions),
            "fdr": self.settings.fdr,
            "peers": self.settings.peers.value,
            "demographic_flags": [self._flag_json(flag) for flag in self.demographic_flags],
            "did_flags": [
                {
                    "jurisdiction": r.jurisdiction,
                    "outcome": r.outcome,
                    "activation_quarter": str(r.activation),
                    "pre_share": round(r.pre_share, 6),
                    "post_share": round(r.post_share, 6),
                    "peer_pre_share": round(r.peer_pre_share, 6),
                    "peer_post_share": round(r.peer_post_share, 6),
                    "did_logit": round(r.did_logit, 6),
                    "q_value": r.q_value,
                    "peers": r.peers,
                    "peer_kind": r.peer_kind,
                }
                for r in did_tested
                if r.flagged(self.settings.fdr)
            ],
            "did_tested": len(did_tested),
        }


def _activated(row: CountRow) -> bool:
    return row.activation_quarter is None or row.quarter >= row.activation_quarter


def _match_cell(row: CountRow) -> ShareCell:
    return ShareCell(
        jurisdiction=row.jurisdiction,
        quarter=row.quarter,
        successes=row.matches_minor,
        trials=row.matches_total,
        reference_successes=row.arrests_minor,
        reference_trials=row.arrests_total,
        state=row.effective_state,
    )


def _demographic_cell(group: str) -> Callable[[CountRow], ShareCell | None]:
    def build(row: CountRow) -> ShareCell | None:
        minor, population = row.count(f"arrests_minor_{group}"), row.count(f"population_{group}")
        total = row.count("population_total")
        if minor is None or population is None or total is None:
            return None
        return ShareCell(
            jurisdiction=row.jurisdiction,
            quarter=row.quarter,
            successes=minor,
            trials=row.arrests_minor,
            reference_successes=population,
            reference_trials=total,
            state=row.effective_state,
        )

    return build


def _run(
    table: CountTable, build: Callable[[CountRow], ShareCell | None], settings: OutlierSettings
) -> tuple[QuarterFit, ...]:
    fits = []
    for quarter in table.quarters:
        cells = [c for row in table.in_quarter(quarter) if _activated(row) and (c := build(row)) is not None]
        if cells:
            fits.append(find_excess_shares(cells, settings))
    return tuple(fits)


def analyze(
    table: CountTable, settings: OutlierSettings | None = None, *, focus: Quarter | None = None
) -> Analysis:
    """Run every measure the table's columns allow; with `focus`, flag that quarter's cells only."""
    settings = settings or OutlierSettings()
    matches = _run(table, _match_cell, settings)
    flags = tuple(
        _flag(
            MATCHES_MEASURE,
            t,
            counted="IDENT matches in {jurisdiction} were for minor offenses (Level 3 or non-criminal)",
            reference_label="share of minor arrests",
        )
        for fit in matches
        if focus in (None, fit.quarter)
        for t in fit.tests
        if t.flagged(settings.fdr)
    )
    demographics = []
    demographic_flags = []
    for group in table.demographic_groups:
        fits = _run(table, _demographic_cell(group), settings)
        demographics.append((group, fits))
        demographic_flags += [
            _flag(
                demographic_measure(group),
                t,
                counted=f"arrests for minor offenses in {{jurisdiction}} were of {group.replace('_', ' ')} people",
                reference_label=f"{group.replace('_', ' ')} population share",
            )
            for fit in fits
            if focus in (None, fit.quarter)
            for t in fit.tests
            if t.flagged(settings.fdr)
        ]
    did: list[DidResult] = []
    if table.has_activation:
        did += difference_in_differences(
            table,
            outcome=ARRESTS_MEASURE,
            counts=lambda r: (r.arrests_minor, r.arrests_total),
            settings=settings,
        )
        for group in table.demographic_groups:
            did += difference_in_differences(
                table,
                outcome=demographic_measure(group),
                counts=_group_counts(group),
                settings=settings,
            )
    return Analysis(
        table=table,
        settings=settings,
        matches=matches,
        flags=flags,
        demographics=tuple(demographics),
        demographic_flags=tuple(demographic_flags),
        did=tuple(did),
        by_quarter=effectiveness(table, by=Period.QUARTER),
        by_fiscal_year=effectiveness(table, by=Period.FISCAL_YEAR),
        focus=focus,
    )


def _group_counts(group: str) -> Callable[[CountRow], tuple[int, int] | None]:
    def counts(row: CountRow) -> tuple[int, int] | None:
        value = row.count(f"arrests_minor_{group}")
        return None if value is None else (value, row.arrests_minor)

    return counts
