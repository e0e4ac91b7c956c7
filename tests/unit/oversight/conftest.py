"""Shared builders for the oversight tests: small count tables written as a person would write them."""

from __future__ import annotations

import numpy as np
import pytest

from securecomm.oversight.outliers import ShareCell
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.simulation import SimulationSettings, simulate_quarter
from securecomm.oversight.table import CountTable

HEADER = "jurisdiction,quarter,arrests_total,arrests_minor,matches_total,matches_minor"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def cells_of(table: CountTable) -> list[ShareCell]:
    return [
        ShareCell(
            r.jurisdiction, r.quarter, r.matches_minor, r.matches_total, r.arrests_minor, r.arrests_total
        )
        for r in table.rows
    ]


@pytest.fixture(scope="session")
def planted_world() -> tuple[CountTable, frozenset[str]]:
    """200 jurisdictions, 5 % of them with minor matches tripled, little heterogeneity (seeded)."""
    sim = simulate_quarter(
        np.random.default_rng(2024),
        SimulationSettings(jurisdictions=200, planted_share=0.05, effect=3.0, rho=0.002),
        quarter=Quarter(2012, 2),
    )
    return sim.table, sim.planted
