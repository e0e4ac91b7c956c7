"""The excess-share test: planted outliers are found, ordinary jurisdictions are not, order is irrelevant."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.oversight.errors import OversightSettingsError
from securecomm.oversight.outliers import (
    BELOW_MINIMUM,
    OutlierSettings,
    PeerScheme,
    ShareCell,
    find_excess_shares,
)
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountTable

from .conftest import cells_of


def test_planted_outliers_are_flagged_and_ordinary_jurisdictions_are_not(
    planted_world: tuple[CountTable, frozenset[str]],
) -> None:
    table, planted = planted_world
    fit = find_excess_shares(cells_of(table), OutlierSettings())
    flagged = {t.cell.jurisdiction for t in fit.tests if t.flagged(0.05)}
    large_planted = {
        t.cell.jurisdiction for t in fit.tests if t.cell.jurisdiction in planted and t.cell.trials >= 200
    }
    assert large_planted <= flagged  # every large planted jurisdiction is found
    assert len(flagged - planted) <= 1  # at most one false flag among 190 ordinary jurisdictions
    ordinary = next(t for t in fit.tests if t.cell.jurisdiction not in planted and t.p_value is not None)
    assert not ordinary.flagged(0.05)


def test_a_flagged_jurisdiction_is_judged_against_peers_only(
    planted_world: tuple[CountTable, frozenset[str]],
) -> None:
    table, _planted = planted_world
    fit = find_excess_shares(cells_of(table), OutlierSettings())
    for test in fit.tests:
        if test.flagged(0.05):
            assert test.excluded_from_fit
            assert test.expected_share is not None and test.cell.share > test.expected_share


def test_cells_below_the_minimum_are_not_tested() -> None:
    q = Quarter(2012, 2)
    cells = [ShareCell(f"J{i}", q, 10 + i % 7, 40 + i, 300, 1000 + i) for i in range(30)]
    cells.append(ShareCell("SMALL", q, 9, 10, 300, 1000))  # 90 % minor, but only 10 matches
    fit = find_excess_shares(cells, OutlierSettings())
    small = next(t for t in fit.tests if t.cell.jurisdiction == "SMALL")
    assert small.p_value is None and small.untested_reason == BELOW_MINIMUM
    assert not small.flagged(0.05)


def test_a_small_state_falls_back_to_all_peers() -> None:
    q = Quarter(2012, 2)
    cells = [
        ShareCell(f"J{i}", q, 40 + i % 9, 120, 500, 1000, state="TX" if i < 25 else "RI") for i in range(28)
    ]
    fit = find_excess_shares(cells, OutlierSettings(peers=PeerScheme.STATE))
    groups = {t.cell.state: t.peer_group for t in fit.tests}
    assert groups["TX"] == "state: TX"
    assert groups["RI"] == "all jurisdictions of the quarter"


@pytest.mark.parametrize(
    ("field", "value"),
    [("fdr", 0.0), ("fdr", 1.5), ("min_trials", 0), ("min_peers", 2), ("robust_rounds", 11)],
)
def test_bad_settings_name_the_setting(field: str, value: float) -> None:
    with pytest.raises(OversightSettingsError, match=field):
        OutlierSettings(**{field: value})  # type: ignore[arg-type]


@given(seed=st.integers(0, 10_000))
@settings(max_examples=5, deadline=None)
def test_results_do_not_depend_on_the_order_of_jurisdictions(
    planted_world: tuple[CountTable, frozenset[str]], seed: int
) -> None:
    cells = cells_of(planted_world[0])[:80]
    shuffled = cells[:]
    random.Random(seed).shuffle(shuffled)
    first = find_excess_shares(cells, OutlierSettings())
    second = find_excess_shares(shuffled, OutlierSettings())
    assert [(t.cell.jurisdiction, t.q_value) for t in first.tests] == [
        (t.cell.jurisdiction, t.q_value) for t in second.tests
    ]


def test_one_quarter_at_a_time() -> None:
    cells = [ShareCell("A", Quarter(2012, 1), 1, 40, 5, 100), ShareCell("B", Quarter(2012, 2), 1, 40, 5, 100)]
    with pytest.raises(ValueError, match="one quarter at a time"):
        find_excess_shares(cells, OutlierSettings())
