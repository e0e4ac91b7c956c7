from __future__ import annotations

import numpy as np
import pytest

from securecomm.oversight.maps import albers, counties, known_fips
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.simulation import SimulationSettings, simulate_quarter, simulate_table, table_to_csv
from securecomm.oversight.table import parse_counts_csv


def test_simulation_is_deterministic_by_seed_and_round_trips_through_csv() -> None:
    settings = SimulationSettings(jurisdictions=30)
    first = simulate_quarter(np.random.default_rng(1), settings)
    second = simulate_quarter(np.random.default_rng(1), settings)
    assert first.table.rows == second.table.rows and first.planted == second.planted
    assert len(first.planted) == 3
    assert parse_counts_csv(table_to_csv(first.table)).rows == first.table.rows


def test_planted_jurisdictions_have_more_minor_matches() -> None:
    world = simulate_table(
        np.random.default_rng(2),
        SimulationSettings(jurisdictions=40, effect=3.0, planted_share=0.25),
        first=Quarter(2011, 1),
        quarters=2,
    )
    share = {}
    for row in world.table.rows:
        if row.matches_total:
            share.setdefault(row.jurisdiction in world.planted, []).append(
                row.matches_minor / row.matches_total
            )
    assert np.mean(share[True]) > np.mean(share[False]) + 0.1


def test_albers_projection_puts_the_standard_origin_at_zero() -> None:
    xy = albers(np.array([-96.0]), np.array([37.5]), lon0=-96, lat0=37.5, lat1=29.5, lat2=45.5)
    assert xy[0] == pytest.approx([0.0, 0.0], abs=1e-12)
    east = albers(np.array([-80.0]), np.array([37.5]), lon0=-96, lat0=37.5, lat1=29.5, lat2=45.5)
    assert east[0, 0] > 0


def test_county_geometry_ships_offline() -> None:
    everything = counties()
    assert len(everything) > 3_100
    assert {"42017", "48201", "06037"} <= known_fips()  # Bucks PA, Harris TX, Los Angeles CA
    harris = next(c for c in everything if c.fips == "48201")
    assert harris.name == "Harris" and all(ring.shape[1] == 2 for ring in harris.rings)
