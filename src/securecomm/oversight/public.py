"""Public statistics: tables anyone may read, small cells suppressed, methodology stated.

Two tables, built from the same `CountTable` as the analysis:

* removals by level and federal fiscal year (needs the `removals_level1` ... `removals_noncriminal`
  columns; Levels are conviction-based, so Level 1-3 are convicted people and "non-criminal" are not);
* IDENT matches by jurisdiction for one fiscal year, minor (Level 3 + non-criminal) and other.

Every count from 1 to `SMALL_CELL_MINIMUM - 1` is hidden, and complementary cells too (see suppression.py).
"""

from __future__ import annotations

import csv
import io

from securecomm.oversight.effectiveness import LEVEL_NAMES, Period, effectiveness
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM, SuppressedTable, suppress
from securecomm.oversight.table import LEVEL_REMOVALS, CountTable

__all__ = [
    "SUPPRESSED",
    "matches_by_jurisdiction",
    "methodology",
    "removals_by_level_and_fiscal_year",
    "table_csv",
]

SUPPRESSED = "S"  # what a hidden cell shows in CSV and HTML


def methodology(minimum: int = SMALL_CELL_MINIMUM) -> str:
    return (
        "Counts are totals over the jurisdictions in the data. Removal levels follow the conviction-based "
        "definitions of the 2010/2011 ICE priorities memo (Level 1: aggravated felony or two or more "
        "felonies; Level 2: a felony or three or more misdemeanours; Level 3: misdemeanours; non-criminal: "
        "no conviction). Fiscal years run from October to September. Match levels are charge-based. "
        f"Cells of 1 to {minimum - 1} are suppressed (shown as {SUPPRESSED}) so that no small group of "
        "people can be singled out (U.S. CMS Cell Size Suppression Policy); further cells are suppressed "
        "so that no suppressed value can be worked out from the totals. Zeros are shown."
    )


def removals_by_level_and_fiscal_year(
    table: CountTable, *, minimum: int = SMALL_CELL_MINIMUM
) -> SuppressedTable | None:
    """Rows: fiscal years; columns: Level 1, 2, 3, non-criminal. None without the removal columns."""
    if not all(table.has(column) for column in LEVEL_REMOVALS):
        return None
    rows = effectiveness(table, by=Period.FISCAL_YEAR)
    counts = [[dict(row.removals_by_level)[name] for name in LEVEL_NAMES] for row in rows]
    return suppress(
        counts, row_labels=[row.period for row in rows], column_labels=LEVEL_NAMES, minimum=minimum
    )


def matches_by_jurisdiction(
    table: CountTable, *, fiscal_year: int, minimum: int = SMALL_CELL_MINIMUM
) -> SuppressedTable:
    """Rows: jurisdictions; columns: minor and other IDENT matches in one fiscal year."""
    totals: dict[str, list[int]] = {}
    for row in table.rows:
        if row.quarter.fiscal_year == fiscal_year:
            cell = totals.setdefault(row.jurisdiction, [0, 0])
            cell[0] += row.matches_minor
            cell[1] += row.matches_total - row.matches_minor
    labels = sorted(totals)
    return suppress(
        [totals[j] for j in labels],
        row_labels=labels,
        column_labels=("minor matches (Level 3 + non-criminal)", "other matches (Level 1 + 2)"),
        minimum=minimum,
    )


def table_csv(table: SuppressedTable, *, corner: str) -> str:
    """The table as CSV, margins included, hidden cells as `SUPPRESSED`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([corner, *table.column_labels])
    for i, label in enumerate(table.row_labels):
        writer.writerow(
            [
                label,
                *(
                    SUPPRESSED if table.hidden[i][j] else table.values[i][j]
                    for j in range(len(table.column_labels))
                ),
            ]
        )
    return buffer.getvalue()
