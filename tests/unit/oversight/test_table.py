from __future__ import annotations

import random

import pytest

from securecomm.errors import BadInput
from securecomm.oversight.errors import CountsFileError
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountTable, parse_counts_csv

from .conftest import HEADER, csv_text


def test_a_valid_file_becomes_typed_rows_with_extra_columns_ignored() -> None:
    text = csv_text(
        "42017,2012Q2,1000,500,80,30,ignored,x",
        "99999,2012Q2,800,300,60,20,ignored,y",
        header=HEADER + ",note,other",
    )
    table = parse_counts_csv(text, source="c.csv")
    assert table.jurisdictions == ("42017", "99999")  # unknown FIPS 99999 is analysed, not refused
    row = table.rows[0]
    assert (row.arrests_total, row.arrests_minor, row.matches_total, row.matches_minor) == (1000, 500, 80, 30)
    assert row.quarter == Quarter(2012, 2)
    assert row.effective_state == "PA"
    assert table.rows[1].effective_state is None


def test_optional_and_demographic_columns_are_recognised() -> None:
    header = HEADER + ",removals_level1,population_total,population_hispanic,arrests_minor_hispanic"
    table = parse_counts_csv(csv_text("A,2012Q2,1000,500,80,30,7,10000,2500,200", header=header))
    assert table.has("removals_level1")
    assert table.demographic_groups == ("hispanic",)
    assert table.rows[0].count("arrests_minor_hispanic") == 200


@pytest.mark.parametrize(
    ("rows", "header", "column", "needle"),
    [
        (
            ["A,2012Q2,10,5,3,1"],
            "jurisdiction,quarter,arrests_total,arrests_minor,matches_total",
            "matches_minor",
            "missing",
        ),
        (["A,2012Q2,10,-5,3,1"], HEADER, "arrests_minor", "negative"),
        (["A,2012Q2,10,5,3,4"], HEADER, "matches_minor", "more than matches_total"),
        (["A,2012Q2,10,11,3,1"], HEADER, "arrests_minor", "more than arrests_total"),
        (["A,2012Q5,10,5,3,1"], HEADER, "quarter", "Q1-Q4"),
        (["A,2012Q2,10,5,3.5,1"], HEADER, "matches_total", "not a whole number"),
        (["A,2012Q2,10,5,three,1"], HEADER, "matches_total", "not a whole number"),
        (["A,2012Q2,10,5,,1"], HEADER, "matches_total", "empty"),
        ([",2012Q2,10,5,3,1"], HEADER, "jurisdiction", "empty"),
        (["A,2012Q2,10,5,3,1", "A,2012Q2,10,5,3,1"], HEADER, "jurisdiction", "already given in row 2"),
    ],
)
def test_bad_input_names_row_and_column(rows: list[str], header: str, column: str, needle: str) -> None:
    with pytest.raises(CountsFileError) as raised:
        parse_counts_csv(csv_text(*rows, header=header), source="counts.csv")
    message = str(raised.value)
    assert isinstance(raised.value, BadInput)
    assert raised.value.column == column
    assert f"column {column!r}" in message
    assert "counts.csv, row" in message
    assert needle in message


def test_the_row_number_is_the_spreadsheet_row() -> None:
    with pytest.raises(CountsFileError, match="row 3, column 'matches_minor'"):
        parse_counts_csv(csv_text("A,2012Q2,10,5,3,1", "B,2012Q2,10,5,3,9"))


def test_levels_must_add_up_to_the_minor_matches() -> None:
    header = HEADER + ",matches_level3,matches_noncriminal"
    with pytest.raises(CountsFileError, match="Level 3 plus non-criminal"):
        parse_counts_csv(csv_text("A,2012Q2,100,50,30,10,4,5", header=header))


def test_a_group_cannot_exceed_its_total() -> None:
    header = HEADER + ",population_total,population_hispanic"
    with pytest.raises(CountsFileError, match="population_hispanic"):
        parse_counts_csv(csv_text("A,2012Q2,100,50,30,10,1000,1001", header=header))


def test_empty_files_are_refused() -> None:
    with pytest.raises(CountsFileError, match="empty"):
        parse_counts_csv("")
    with pytest.raises(CountsFileError, match="no data rows"):
        parse_counts_csv(HEADER + "\n")


def test_row_order_does_not_matter() -> None:
    rows = [f"J{i},2012Q{1 + i % 4},{100 + i},{50 + i % 7},{30 + i % 5},{10 + i % 3}" for i in range(40)]
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    first = parse_counts_csv(csv_text(*rows))
    second = parse_counts_csv(csv_text(*shuffled))
    assert first.rows == second.rows
    assert CountTable.from_rows(reversed(first.rows)).rows == first.rows
