"""Small cells are hidden, and no hidden cell can be worked out from what is published."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.oversight.public import SUPPRESSED, table_csv
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM, audit, suppress


def test_primary_suppression_hides_one_to_ten_and_shows_zero_and_eleven() -> None:
    table = suppress(
        [[0, 1, 10, 11], [50, 60, 70, 80]], row_labels=["a", "b"], column_labels=["w", "x", "y", "z"]
    )
    assert SMALL_CELL_MINIMUM == 11
    assert table.primary[0][:4] == (False, True, True, False)
    assert table.published(0, 0) == 0
    assert table.published(0, 3) == 11
    assert table.hidden[0][1] and table.hidden[0][2]


def test_secondary_suppression_protects_a_lone_small_cell() -> None:
    # one small cell in a row with a total: without a complement, 3 = 63 - 20 - 40
    table = suppress([[3, 20, 40], [30, 45, 60], [25, 35, 50]], row_labels="abc", column_labels="xyz")
    hidden = np.array(table.hidden)
    assert hidden[0, 0]
    assert hidden.sum() >= 4  # a complement in its row, its column, and the one closing the rectangle
    for line in [*hidden, *hidden.T]:
        assert line.sum() != 1
    for low, high in audit(table).values():
        assert high - low >= 1


def test_nothing_hidden_when_nothing_is_small() -> None:
    table = suppress([[20, 30], [40, 50]], row_labels="ab", column_labels="xy")
    assert table.hidden_count == 0
    assert audit(table) == {}


def test_csv_marks_hidden_cells_and_keeps_margins() -> None:
    table = suppress(
        [[3, 20, 40], [30, 45, 60]], row_labels=["FY2011", "FY2012"], column_labels=["L1", "L2", "L3"]
    )
    text = table_csv(table, corner="fiscal year")
    lines = text.splitlines()
    assert lines[0] == "fiscal year,L1,L2,L3,Total"
    assert lines[1].startswith(f"FY2011,{SUPPRESSED},")
    assert lines[-1].startswith("Total,")
    assert ",3," not in text


@given(
    st.integers(1, 4).flatmap(
        lambda r: st.integers(1, 4).flatmap(
            lambda c: st.lists(
                st.lists(st.sampled_from([0, 1, 2, 5, 9, 10, 11, 15, 40, 200]), min_size=c, max_size=c),
                min_size=r,
                max_size=r,
            )
        )
    )
)
@settings(max_examples=40, deadline=None)
def test_no_hidden_cell_can_be_recovered(counts: list[list[int]]) -> None:
    table = suppress(
        counts,
        row_labels=[str(i) for i in range(len(counts))],
        column_labels=[str(j) for j in range(len(counts[0]))],
    )
    values = np.array(table.values)
    hidden = np.array(table.hidden)
    assert not np.any((values > 0) & (values < SMALL_CELL_MINIMUM) & ~hidden)  # primary
    for cell, (low, high) in audit(table).items():  # secondary: every hidden cell has a range
        assert high - low >= 1, f"cell {cell} of {counts} is pinned to {low}"
