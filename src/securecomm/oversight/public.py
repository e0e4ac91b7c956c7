"""Public statistics: tables anyone may read, small cells suppressed, methodology stated.

Tables built from the same `CountTable` as the analysis (`public_tables` lists those the columns allow):

* removals by level and federal fiscal year (needs the `removals_level1` ... `removals_noncriminal`
  columns; Levels are conviction-based, so Level 1-3 are convicted people and "non-criminal" are not);
* IDENT matches by level and fiscal year (needs the `matches_level1` ... `matches_noncriminal` columns;
  charge-based levels);
* IDENT matches by jurisdiction for one fiscal year, minor (Level 3 + non-criminal) and other.

`public_files` renders them as the public page, CSV files and the methodology, for the report's `public/`;
the web application serves the same tables (`securecomm.web.oversight_routes`).

Every count from 1 to `SMALL_CELL_MINIMUM - 1` is hidden, and complementary cells too (see suppression.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from securecomm.oversight.effectiveness import LEVEL_NAMES, Period, effectiveness
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM, SuppressedTable, suppress
from securecomm.oversight.table import LEVEL_MATCHES, LEVEL_REMOVALS, CountTable

__all__ = [
    "SUPPRESSED",
    "PublicTable",
    "matches_by_jurisdiction",
    "matches_by_level_and_fiscal_year",
    "methodology",
    "public_files",
    "public_tables",
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


def matches_by_level_and_fiscal_year(
    table: CountTable, *, minimum: int = SMALL_CELL_MINIMUM
) -> SuppressedTable | None:
    """Rows: fiscal years; columns: IDENT matches at Level 1, 2, 3 and non-criminal (charge-based)."""
    if not all(table.has(column) for column in LEVEL_MATCHES):
        return None
    rows = effectiveness(table, by=Period.FISCAL_YEAR)
    counts = [[dict(row.matches_by_level)[name] for name in LEVEL_NAMES] for row in rows]
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


@dataclass(frozen=True, slots=True)
class PublicTable:
    """A published table: its file name (`<name>.csv`), title and the label of its first column."""

    name: str
    title: str
    table: SuppressedTable
    corner: str


def public_tables(table: CountTable, *, by_jurisdiction: bool = True) -> list[PublicTable]:
    """Every public table the counts allow, small cells suppressed."""
    out = []
    removals = removals_by_level_and_fiscal_year(table)
    if removals is not None:
        out.append(
            PublicTable(
                "removals_by_level_and_fiscal_year",
                "Removals by level and fiscal year",
                removals,
                "fiscal year",
            )
        )
    matches = matches_by_level_and_fiscal_year(table)
    if matches is not None:
        out.append(
            PublicTable(
                "matches_by_level_and_fiscal_year",
                "IDENT matches by level and fiscal year",
                matches,
                "fiscal year",
            )
        )
    if by_jurisdiction:
        for year in sorted({q.fiscal_year for q in table.quarters}):
            out.append(
                PublicTable(
                    f"matches_by_jurisdiction_fy{year}",
                    f"IDENT matches by jurisdiction, FY{year}",
                    matches_by_jurisdiction(table, fiscal_year=year),
                    "jurisdiction",
                )
            )
    return out


def public_files(
    tables: Sequence[PublicTable], environment: jinja2.Environment, *, source: str, notes: Sequence[str] = ()
) -> dict[str, bytes]:
    """The public page, one CSV per table and the methodology (with `notes`, e.g. how counts were made)."""
    text = " ".join([methodology(), *notes])
    files = {f"public/{t.name}.csv": table_csv(t.table, corner=t.corner).encode() for t in tables}
    page = environment.get_template("public.html").render(
        tables=[{"title": t.title, "file": f"{t.name}.csv", "table": t.table} for t in tables],
        methodology=text,
        source=source,
    )
    files["public/statistics.html"] = page.encode()
    files["public/methodology.txt"] = (text + "\n").encode()
    return files
