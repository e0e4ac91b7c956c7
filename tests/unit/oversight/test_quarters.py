from __future__ import annotations

from datetime import date

import pytest

from securecomm.oversight.quarters import Quarter, QuarterFormatError


def test_parse_and_print_round_trip() -> None:
    assert str(Quarter.parse("2012Q2")) == "2012Q2"
    assert Quarter.parse(" 2012q2 ") == Quarter(2012, 2)


@pytest.mark.parametrize("text", ["2012Q5", "2012Q0", "2012-Q2", "12Q2", "Q2 2012", ""])
def test_bad_quarters_say_how_to_write_one(text: str) -> None:
    with pytest.raises(QuarterFormatError, match=r"2012Q2|Q1-Q4"):
        Quarter.parse(text)


def test_fiscal_year_starts_in_october() -> None:
    assert Quarter(2012, 3).fiscal_year == 2012
    assert Quarter(2012, 4).fiscal_year == 2013
    assert Quarter.of(date(2012, 10, 1)) == Quarter(2012, 4)


def test_quarters_order_chronologically_and_step() -> None:
    assert sorted([Quarter(2013, 1), Quarter(2012, 4), Quarter(2012, 1)]) == [
        Quarter(2012, 1),
        Quarter(2012, 4),
        Quarter(2013, 1),
    ]
    assert Quarter(2012, 4).next() == Quarter(2013, 1)
    assert Quarter(2013, 1).index - Quarter(2012, 1).index == 4
