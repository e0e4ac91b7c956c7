"""Complaints beside the statistics: complaint counts per jurisdiction and quarter for the monitoring.

A complaint counts for each jurisdiction it is linked to (a county directly, or through a linked booking
or case), in the quarter of the incident (or of its receipt when the date of the incident is unknown).
`with_complaint_counts` adds the counts to the oversight package's `CountTable` as the optional columns
`complaints` and `complaints_crcl` (those triaged to CRCL review), so the quarterly report can show them
beside the statistical flags; statistics and complaints are evidence for a closer look, never proof.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from securecomm.complaints.model import Route
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountRow, CountTable

__all__ = [
    "COLUMNS",
    "ComplaintCount",
    "LinkedComplaint",
    "count_complaints",
    "counts_csv",
    "with_complaint_counts",
]

COLUMNS = ("complaints", "complaints_crcl")


@dataclass(frozen=True, slots=True)
class LinkedComplaint:
    """One complaint as the monitoring sees it: where, when, and how it was routed (no content)."""

    complaint_id: str
    fips: str
    incident_on: date | None
    received_on: date
    route: Route | None


@dataclass(frozen=True, slots=True, order=True)
class ComplaintCount:
    jurisdiction: str
    quarter: Quarter
    complaints: int
    complaints_crcl: int


def count_complaints(items: Iterable[LinkedComplaint]) -> list[ComplaintCount]:
    """Counts per (jurisdiction, quarter), each complaint once per jurisdiction, sorted.

    >>> c = LinkedComplaint("c1", "48201", date(2012, 2, 1), date(2012, 4, 2), Route.CRCL_REVIEW)
    >>> count_complaints([c, c])
    [ComplaintCount(jurisdiction='48201', quarter=Quarter(year=2012, number=1), complaints=1, complaints_crcl=1)]
    """
    seen: set[tuple[str, str]] = set()
    total: Counter[tuple[str, Quarter]] = Counter()
    crcl: Counter[tuple[str, Quarter]] = Counter()
    for item in items:
        if (item.complaint_id, item.fips) in seen:
            continue
        seen.add((item.complaint_id, item.fips))
        key = (item.fips, Quarter.of(item.incident_on or item.received_on))
        total[key] += 1
        if item.route is Route.CRCL_REVIEW:
            crcl[key] += 1
    return sorted(ComplaintCount(f, q, n, crcl[(f, q)]) for (f, q), n in total.items())


def counts_csv(counts: Iterable[ComplaintCount]) -> str:
    """The counts as CSV with the columns the oversight table reads (`jurisdiction`, `quarter`, ...)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["jurisdiction", "quarter", *COLUMNS])
    for c in counts:
        writer.writerow([c.jurisdiction, str(c.quarter), c.complaints, c.complaints_crcl])
    return out.getvalue()


def with_complaint_counts(table: CountTable, counts: Iterable[ComplaintCount]) -> CountTable:
    """`table` with `complaints` and `complaints_crcl` on every row (0 where none were linked)."""
    found = {(c.jurisdiction, c.quarter): c for c in counts}
    rows: list[CountRow] = []
    for row in table.rows:
        match = found.get((row.jurisdiction, row.quarter))
        extra = dict(row.extra)
        extra["complaints"] = match.complaints if match else 0
        extra["complaints_crcl"] = match.complaints_crcl if match else 0
        rows.append(replace(row, extra=tuple(sorted(extra.items()))))
    return CountTable.from_rows(rows, source=table.source)
