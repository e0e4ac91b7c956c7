"""Calendar quarters and federal fiscal years, the time grid of the quarterly monitoring.

A quarter is a calendar quarter: `2012Q2` is April–June 2012. ICE and DHS publish by federal fiscal
year, which starts on 1 October: FY2013 runs from October 2012 to September 2013, so `2012Q4` belongs to
FY2013.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Quarter", "QuarterFormatError"]

_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq]\s*(\d+)\s*$")


class QuarterFormatError(ValueError):
    """Text that is not a quarter like `2012Q2`; the caller adds where it came from."""


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    """A calendar quarter; orders chronologically.

    >>> Quarter.parse("2012Q4").fiscal_year
    2013
    >>> str(Quarter(2012, 2).next())
    '2012Q3'
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise QuarterFormatError(f"quarter number must be 1-4, got {self.number}")
        if not 1900 <= self.year <= 2199:
            raise QuarterFormatError(f"year {self.year} is out of range (1900-2199)")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Parse `2012Q2` (also `2012q2`); raise QuarterFormatError saying what is wrong."""
        found = _PATTERN.match(text)
        if found is None:
            raise QuarterFormatError(f"{text!r} is not a quarter; write it like 2012Q2 (year, Q, 1-4)")
        number = int(found.group(2))
        if not 1 <= number <= 4:
            raise QuarterFormatError(f"{text!r} names quarter {number}; a year has quarters Q1-Q4")
        return cls(int(found.group(1)), number)

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter that contains `day`."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def fiscal_year(self) -> int:
        """The federal fiscal year (October-September) this quarter belongs to."""
        return self.year + 1 if self.number == 4 else self.year

    @property
    def index(self) -> int:
        """Quarters since year 0, so differences count quarters."""
        return self.year * 4 + self.number - 1

    def next(self) -> Quarter:
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"
