"""Synthetic jurisdictions with planted pretextual arrests, for the power study and the tests.

A pretextual-arrest practice adds arrests for minor offenses aimed at people the officers take for
noncitizens. Each such arrest that finds an IDENT record adds a minor match. `effect` is the factor by
which a planted jurisdiction's minor matches grow (2.0 = doubled); the extra arrests also enter its
arrest counts (one match per `hit_rate` arrests), so the test cannot simply read the excess off the
arrest mix.

Everything is drawn from one `numpy.random.Generator`: the same seed gives the same jurisdictions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountRow, CountTable

__all__ = ["SimulatedQuarter", "SimulationSettings", "simulate_quarter", "simulate_table", "table_to_csv"]


SIMULATED_QUARTER = Quarter(2012, 2)


@dataclass(frozen=True, slots=True)
class SimulationSettings:
    """A world of jurisdictions; defaults are the power study's baseline (see docs/oversight.md)."""

    jurisdictions: int = 400
    baseline_matches: tuple[int, ...] = (50, 100, 200, 500, 1000)  # sizes, in equal numbers
    planted_share: float = 0.10  # share of jurisdictions with a pretextual-arrest practice
    effect: float = 2.0  # factor on the minor matches of a planted jurisdiction
    rho: float = 0.005  # between-jurisdiction intra-class correlation of the minor share
    intercept: float = -0.6  # logit of the minor-match share at the average arrest mix
    slope: float = 0.9  # change in that logit per unit logit of the minor-arrest share
    minor_arrest_share: tuple[float, float] = (0.35, 0.75)  # range of the jurisdictions' arrest mix
    matches_per_arrest: float = 0.05  # IDENT matches per arrest (about 6.6 % nationally, domain.md)
    hit_rate: float = 0.5  # share of pretextual arrests that produce an IDENT match


@dataclass(frozen=True, slots=True)
class SimulatedQuarter:
    table: CountTable
    planted: frozenset[str]
    baseline_matches: dict[str, int]


def simulate_quarter(
    rng: np.random.Generator, settings: SimulationSettings, *, quarter: Quarter = SIMULATED_QUARTER
) -> SimulatedQuarter:
    """One quarter of synthetic counts and the set of jurisdictions with a planted practice."""
    count = settings.jurisdictions
    sizes = np.resize(np.array(settings.baseline_matches, dtype=np.int64), count)
    planted_count = round(settings.planted_share * count)
    planted_mask = np.zeros(count, dtype=bool)
    planted_mask[rng.choice(count, size=planted_count, replace=False)] = True
    low, high = settings.minor_arrest_share
    arrest_mix = rng.uniform(low, high, count)
    arrests = np.maximum(
        np.round(sizes / settings.matches_per_arrest * rng.uniform(0.8, 1.25, count)), 1
    ).astype(np.int64)
    arrests_minor = rng.binomial(arrests, arrest_mix)
    observed_mix = (arrests_minor + 0.5) / (arrests + 1.0)
    logit_mix = np.log(observed_mix / (1 - observed_mix))
    centre = float(np.log(np.mean(arrest_mix) / (1 - np.mean(arrest_mix))))
    mu = special.expit(settings.intercept + settings.slope * (logit_mix - centre))
    phi = 1 / settings.rho - 1
    true_share = rng.beta(mu * phi, (1 - mu) * phi)
    minor = rng.binomial(sizes, true_share)
    extra = np.where(planted_mask, np.round((settings.effect - 1) * minor), 0).astype(np.int64)
    extra_arrests = np.round(extra / settings.hit_rate).astype(np.int64)
    width = len(str(count))
    names = [f"J{i:0{width}d}" for i in range(count)]
    rows = [
        CountRow(
            jurisdiction=names[i],
            quarter=quarter,
            arrests_total=int(arrests[i] + extra_arrests[i]),
            arrests_minor=int(arrests_minor[i] + extra_arrests[i]),
            matches_total=int(sizes[i] + extra[i]),
            matches_minor=int(minor[i] + extra[i]),
        )
        for i in range(count)
    ]
    return SimulatedQuarter(
        table=CountTable.from_rows(rows, source="simulation"),
        planted=frozenset(names[i] for i in np.flatnonzero(planted_mask)),
        baseline_matches={names[i]: int(sizes[i]) for i in range(count)},
    )


def simulate_table(
    rng: np.random.Generator,
    settings: SimulationSettings,
    *,
    first: Quarter,
    quarters: int,
    ids: tuple[str, ...] | None = None,
    states: dict[str, str] | None = None,
) -> SimulatedQuarter:
    """Several quarters of the same jurisdictions, activated at staggered quarters.

    Each jurisdiction keeps its size, arrest mix and own deviation from the expected share across
    quarters (so its history is informative); a planted practice starts at activation. Before activation
    there are no IDENT matches. `ids` names the jurisdictions (e.g. county FIPS codes, so maps work).
    """
    count = settings.jurisdictions
    names = list(ids[:count]) if ids else [f"J{i:0{len(str(count))}d}" for i in range(count)]
    count = len(names)
    grid = [first]
    for _ in range(quarters - 1):
        grid.append(grid[-1].next())
    sizes = np.resize(np.array(settings.baseline_matches, dtype=np.int64), count)
    planted = np.zeros(count, dtype=bool)
    planted[rng.choice(count, size=round(settings.planted_share * count), replace=False)] = True
    mix = rng.uniform(*settings.minor_arrest_share, count)
    centre = float(np.log(np.mean(mix) / (1 - np.mean(mix))))
    phi = 1 / settings.rho - 1
    mu = special.expit(settings.intercept + settings.slope * (np.log(mix / (1 - mix)) - centre))
    own_share = rng.beta(mu * phi, (1 - mu) * phi)  # persistent deviation of each jurisdiction
    activation = rng.integers(0, max(quarters // 2, 1), count)  # activated in the first half
    rows = []
    for k, quarter in enumerate(grid):
        for i, name in enumerate(names):
            arrests = max(round(sizes[i] / settings.matches_per_arrest * rng.uniform(0.9, 1.1)), 1)
            minor_arrests = int(rng.binomial(arrests, mix[i]))
            matches = minor = extra = 0
            if k >= activation[i]:
                matches = int(rng.poisson(sizes[i]))
                minor = int(rng.binomial(matches, own_share[i]))
                extra = round((settings.effect - 1) * minor) if planted[i] else 0
            extra_arrests = round(extra / settings.hit_rate)
            rows.append(
                CountRow(
                    jurisdiction=name,
                    quarter=quarter,
                    arrests_total=arrests + extra_arrests,
                    arrests_minor=minor_arrests + extra_arrests,
                    matches_total=matches + extra,
                    matches_minor=minor + extra,
                    state=(states or {}).get(name),
                    activation_quarter=grid[activation[i]],
                )
            )
    return SimulatedQuarter(
        table=CountTable.from_rows(rows, source="simulation"),
        planted=frozenset(names[i] for i in np.flatnonzero(planted)),
        baseline_matches={names[i]: int(sizes[i]) for i in range(count)},
    )


def table_to_csv(table: CountTable) -> str:
    """Write a table in the CSV layout `parse_counts_csv` reads (the optional columns it has)."""
    extra = sorted({key for row in table.rows for key, _ in row.extra})
    header = ["jurisdiction", "quarter", "arrests_total", "arrests_minor", "matches_total", "matches_minor"]
    header += ["state", "activation_quarter", *extra]
    lines = [",".join(header)]
    for row in table.rows:
        values = [row.jurisdiction, str(row.quarter), row.arrests_total, row.arrests_minor, row.matches_total]
        values += [row.matches_minor, row.state or "", str(row.activation_quarter or "")]
        values += ["" if row.count(name) is None else row.count(name) for name in extra]
        lines.append(",".join(str(v) for v in values))
    return "\n".join(lines) + "\n"
