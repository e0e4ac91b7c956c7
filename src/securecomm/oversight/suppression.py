"""Small-cell suppression for published tables, primary and secondary, with an audit.

Why: a published count of 1 to 10 people in a county and quarter can identify them (a neighbour knows who
was arrested and deported). `SMALL_CELL_MINIMUM` is the policy: counts from 1 to 10 are never published,
following the U.S. Centers for Medicare & Medicaid Services "Cell Size Suppression Policy" (no cell of
1 to 10 may be displayed; zeros may). It is a policy choice, not a statistical one: change it here, in one
place, with its reason.

Primary suppression hides the small cells. Secondary (complementary) suppression then hides more cells so
that no hidden cell can be recovered from the published totals: every row and column (margins included)
holds either no hidden cell or at least two, and `audit` confirms, by linear programming over all the
published sums, that each hidden cell can take more than one value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize

__all__ = ["SMALL_CELL_MINIMUM", "SuppressedTable", "audit", "suppress"]

SMALL_CELL_MINIMUM = 11  # publish 0 or >= 11; hide 1..10 (CMS Cell Size Suppression Policy)


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    """A count table with its margins; `hidden[i][j]` marks a suppressed cell (margins included).

    The grid is (rows + 1) x (columns + 1): the last row holds column totals, the last column row totals.
    `primary` marks the small cells; the other hidden cells are complementary.
    """

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]  # with margins
    hidden: tuple[tuple[bool, ...], ...]
    primary: tuple[tuple[bool, ...], ...]
    minimum: int

    def published(self, i: int, j: int) -> int | None:
        return None if self.hidden[i][j] else self.values[i][j]

    @property
    def hidden_count(self) -> int:
        return sum(map(sum, self.hidden))


def _with_margins(counts: np.ndarray) -> np.ndarray:
    full = np.zeros((counts.shape[0] + 1, counts.shape[1] + 1), dtype=np.int64)
    full[:-1, :-1] = counts
    full[:-1, -1] = counts.sum(axis=1)
    full[-1, :-1] = counts.sum(axis=0)
    full[-1, -1] = counts.sum()
    return full


def _lines(shape: tuple[int, int]) -> list[list[tuple[int, int]]]:
    """Every additive line of the grid: each row and each column, margins included."""
    rows, cols = shape
    return [[(i, j) for j in range(cols)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(cols)
    ]


def _complement(full: np.ndarray, hidden: np.ndarray, line: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The cell to hide next on a line: the smallest non-zero published cell, interior cells first.

    A zero is hidden only when nothing else is left on the line (hiding a zero loses no information
    but shows readers a gap).
    """
    rows, cols = full.shape
    candidates = [(i, j) for (i, j) in line if not hidden[i, j] and (i, j) != (rows - 1, cols - 1)]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (full[c] == 0, c[0] == rows - 1 or c[1] == cols - 1, full[c], c))


def suppress(
    counts: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    minimum: int = SMALL_CELL_MINIMUM,
) -> SuppressedTable:
    """Hide the cells from 1 to `minimum - 1` and enough others that none can be recovered."""
    matrix = np.asarray(counts, dtype=np.int64).reshape(len(row_labels), len(column_labels))
    if np.any(matrix < 0):
        raise ValueError("counts must be >= 0")
    full = _with_margins(matrix)
    primary = (full > 0) & (full < minimum)
    hidden = primary.copy()
    lines = _lines(full.shape)
    for _ in range(full.size):  # each pass hides at least one more cell or stops
        changed = False
        for line in lines:
            if sum(hidden[c] for c in line) == 1:
                cell = _complement(full, hidden, line)
                if cell is not None:
                    hidden[cell] = True
                    changed = True
        if not changed:
            for i, j in zip(*np.nonzero(_exact(full, hidden)), strict=True):
                for line in lines:
                    if (i, j) in line and (cell := _complement(full, hidden, line)) is not None:
                        hidden[cell] = True
                        changed = True
                        break
                if changed:
                    break
        if not changed:
            break
    return SuppressedTable(
        row_labels=(*row_labels, "Total"),
        column_labels=(*column_labels, "Total"),
        values=tuple(tuple(int(v) for v in row) for row in full),
        hidden=tuple(tuple(bool(v) for v in row) for row in hidden),
        primary=tuple(tuple(bool(v) for v in row) for row in primary),
        minimum=minimum,
    )


def _system(full: np.ndarray, hidden: np.ndarray) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """The published sums as equations over the hidden cells: A x = b."""
    cells = [(int(i), int(j)) for i, j in np.argwhere(hidden)]
    if not cells:
        return cells, np.zeros((0, 0)), np.zeros(0)
    position = {c: k for k, c in enumerate(cells)}
    equations, targets = [], []
    for line in _lines(full.shape):
        *parts, total = line  # the interior cells of a line add up to the margin at its end
        row = np.zeros(len(cells))
        constant = 0.0
        for cell in parts:
            if cell in position:
                row[position[cell]] += 1
            else:
                constant += full[cell]
        if total in position:
            row[position[total]] -= 1
        else:
            constant -= full[total]
        if row.any():
            equations.append(row)
            targets.append(-constant)
    return cells, np.array(equations).reshape(-1, len(cells)), np.array(targets)


def _ranges(full: np.ndarray, hidden: np.ndarray) -> dict[tuple[int, int], tuple[float, float]]:
    """For each hidden cell, the least and greatest value consistent with everything published."""
    cells, a_eq, b_eq = _system(full, hidden)
    ranges = {}
    for k, cell in enumerate(cells):
        goal = np.zeros(len(cells))
        goal[k] = 1
        low = optimize.linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = optimize.linprog(-goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        ranges[cell] = (float(low.fun), float(-high.fun) if high.status == 0 else float("inf"))
    return ranges


# Up to this many hidden cells the check is exact (two linear programs per cell, bounds included);
# above it, the check is linear algebra: a cell is recoverable when no null vector of the published sums
# moves it (bounds ignored, which matters only when hidden cells are near zero).
LP_LIMIT = 300


def _exact(full: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Hidden cells that the published cells and sums pin down to one value."""
    exact = np.zeros(full.shape, dtype=bool)
    if hidden.sum() <= LP_LIMIT:
        for cell, (low, high) in _ranges(full, hidden).items():
            exact[cell] = high - low < 0.5
        return exact
    cells, a_eq, _ = _system(full, hidden)
    _, singular, vt = np.linalg.svd(a_eq)
    rank = int(np.sum(singular > 1e-9 * max(singular.max(initial=0.0), 1.0)))
    null = vt[rank:]
    for k, cell in enumerate(cells):
        exact[cell] = not np.any(np.abs(null[:, k]) > 1e-9)
    return exact


def audit(table: SuppressedTable) -> dict[tuple[int, int], tuple[float, float]]:
    """The feasible range of every hidden cell given the published cells and totals.

    A range of width zero would mean the cell can be recovered; `suppress` never leaves one.
    """
    full = np.array(table.values, dtype=np.int64)
    return _ranges(full, np.array(table.hidden, dtype=bool))
