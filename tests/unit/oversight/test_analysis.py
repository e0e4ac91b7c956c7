"""The quarterly package over a table: matches, demographic shares and activation, in one call."""

from __future__ import annotations

import numpy as np

from securecomm.oversight.analysis import MATCHES_MEASURE, analyze
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.simulation import SimulationSettings, simulate_quarter
from securecomm.oversight.table import CountRow, CountTable


def _with_demographics(planted: str) -> CountTable:
    """60 jurisdictions; in `planted`, Hispanic residents make up 20 % of the people but 55 % of minor arrests."""
    rng = np.random.default_rng(21)
    rows = []
    for i in range(60):
        name = f"J{i:02d}"
        population = 200_000
        share = rng.uniform(0.05, 0.4)
        arrests, minor = 4000, 2000
        arrest_share = share * rng.uniform(0.95, 1.05)
        if name == planted:
            share, arrest_share = 0.20, 0.55
        extra = {
            "population_total": population,
            "population_hispanic": round(population * share),
            "arrests_minor_hispanic": int(rng.binomial(minor, min(arrest_share, 1.0))),
        }
        rows.append(
            CountRow(
                name,
                Quarter(2012, 2),
                arrests,
                minor,
                200,
                int(rng.binomial(200, 0.35)),
                extra=tuple(sorted(extra.items())),
            )
        )
    return CountTable.from_rows(rows)


def test_demographic_outlier_is_flagged_with_its_own_measure() -> None:
    analysis = analyze(_with_demographics("J07"))
    assert analysis.table.demographic_groups == ("hispanic",)
    flagged = {(f.jurisdiction, f.measure) for f in analysis.demographic_flags}
    assert ("J07", "hispanic share of minor arrests") in flagged
    assert len(flagged) <= 2
    payload = analysis.to_json()
    assert payload["demographic_flags"][0]["evidence"]["reference_share"] < 0.25


def test_json_contract_and_activation_filter() -> None:
    sim = simulate_quarter(np.random.default_rng(8), SimulationSettings(jurisdictions=50))
    rows = [
        # activated after this quarter: its matches are not tested in 2012Q2
        CountRow(
            r.jurisdiction,
            r.quarter,
            r.arrests_total,
            r.arrests_minor,
            r.matches_total,
            r.matches_minor,
            activation_quarter=Quarter(2013, 1) if r.jurisdiction == "J00" else None,
        )
        for r in sim.table.rows
    ]
    analysis = analyze(CountTable.from_rows(rows))
    payload = analysis.to_json()
    assert payload["tested"] == 49
    assert set(payload) >= {"flags", "tested", "quarters", "demographic_flags", "did_flags", "did_tested"}
    assert all(f["evidence"]["measure"] == MATCHES_MEASURE for f in payload["flags"])
