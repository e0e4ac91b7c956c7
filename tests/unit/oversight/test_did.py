"""Difference in differences: a rise after activation beyond the peers' is flagged; a steady one is not."""

from __future__ import annotations

import numpy as np

from securecomm.oversight.did import ALL_OTHERS, CLEAN_CONTROLS, difference_in_differences
from securecomm.oversight.outliers import OutlierSettings
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountRow, CountTable


def _world(jump: float) -> CountTable:
    """40 jurisdictions over 8 quarters; half activated in 2011Q1, half never; J00 jumps by `jump`."""
    rng = np.random.default_rng(9)
    quarters = [Quarter(2010, 1)]
    for _ in range(7):
        quarters.append(quarters[-1].next())
    rows = []
    for i in range(40):
        base = rng.uniform(0.4, 0.6)
        activation = Quarter(2011, 1) if i < 20 else None
        for q in quarters:
            share = base + (jump if i == 0 and activation and q >= activation else 0.0)
            arrests = 3000
            rows.append(
                CountRow(
                    f"J{i:02d}",
                    q,
                    arrests,
                    int(rng.binomial(arrests, share)),
                    0,
                    0,
                    activation_quarter=activation,
                )
            )
    return CountTable.from_rows(rows)


def _arrests(row: CountRow) -> tuple[int, int]:
    return row.arrests_minor, row.arrests_total


def test_a_rise_after_activation_is_flagged() -> None:
    results = difference_in_differences(
        _world(0.08), outcome="minor share of arrests", counts=_arrests, settings=OutlierSettings()
    )
    by_id = {r.jurisdiction: r for r in results}
    assert set(by_id) == {f"J{i:02d}" for i in range(20)}  # only activated jurisdictions with pre and post
    jumped = by_id["J00"]
    assert jumped.flagged(0.05)
    assert jumped.post_share - jumped.pre_share > 0.06
    assert jumped.peer_kind == CLEAN_CONTROLS
    assert jumped.peers == 20  # the never-activated ones
    assert sum(r.flagged(0.05) for r in results) == 1


def test_no_rise_no_flag() -> None:
    results = difference_in_differences(
        _world(0.0), outcome="minor share of arrests", counts=_arrests, settings=OutlierSettings()
    )
    assert not any(r.flagged(0.05) for r in results)


def test_without_clean_controls_all_others_are_used() -> None:
    table = _world(0.0)
    everyone = CountTable.from_rows(
        CountRow(
            r.jurisdiction,
            r.quarter,
            r.arrests_total,
            r.arrests_minor,
            0,
            0,
            activation_quarter=Quarter(2011, 1),
        )
        for r in table.rows
    )
    results = difference_in_differences(everyone, outcome="x", counts=_arrests, settings=OutlierSettings())
    assert {r.peer_kind for r in results} == {ALL_OTHERS}
