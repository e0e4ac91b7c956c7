"""The federal calendar the detainer hold clock counts on: weekends and legal public holidays.

Holidays are data (`usc/title_5/legal_public_holidays.yaml`, 5 U.S.C. 6103(a)), shifted to their
observed dates by the rule of 6103(b) (`usc/title_5/holiday_observance.yaml`): a holiday on a
Saturday is observed the Friday before, one on a Sunday the Monday after. The shift can cross a
year boundary (1 January 2011 fell on a Saturday and was observed on Friday 31 December 2010), so
the observed dates of a year are computed from the holidays of the years either side too.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from securecomm.rules.errors import ParameterNotFound, RuleFileError
from securecomm.rules.ruleset import RuleSet

__all__ = ["FederalCalendar", "Holiday", "observed_holidays"]

HOLIDAYS = "usc.title_5.legal_public_holidays"
OBSERVANCE = "usc.title_5.holiday_observance"
WEEKDAYS = {name.lower(): index for index, name in enumerate(_stdlib_calendar.day_name)}


@dataclass(frozen=True, slots=True)
class Holiday:
    """A legal public holiday as it falls (`on`) and as it is observed (`observed_on`)."""

    name: str
    on: date
    observed_on: date

    @property
    def label(self) -> str:
        return self.name if self.on == self.observed_on else f"{self.name} (observed; falls on {self.on})"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The `nth` `weekday` of a month; nth = -1 is the last one.

    >>> _nth_weekday(2012, 2, 0, 3)  # third Monday of February 2012
    datetime.date(2012, 2, 20)
    >>> _nth_weekday(2012, 5, 0, -1)  # last Monday of May 2012
    datetime.date(2012, 5, 28)
    """
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, _stdlib_calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _occurrence(spec: dict[str, Any], year: int, file: str) -> date:
    try:
        month = int(spec["month"])
        if "day" in spec:
            return date(year, month, int(spec["day"]))
        return _nth_weekday(year, month, WEEKDAYS[str(spec["weekday"]).lower()], int(spec["nth"]))
    except (KeyError, ValueError, TypeError) as error:
        raise RuleFileError(
            f"holiday {spec.get('name')!r} needs month and day, or month, weekday and nth ({error})",
            file=file,
            key="values",
        ) from None


@dataclass
class FederalCalendar:
    """Which days the business-day clock skips, with a per-year memo (one instance per computation)."""

    ruleset: RuleSet
    _years: dict[int, dict[date, Holiday]] = field(default_factory=dict)

    def holidays_falling_in(self, year: int) -> list[Holiday]:
        """The legal public holidays whose actual date is in `year`, each with its observed date."""
        parameter = self.ruleset.parameter(HOLIDAYS)
        out: list[Holiday] = []
        probe = date(year, 12, 31)
        listing = parameter.at(probe)
        if listing is None:
            self.ruleset.dated(HOLIDAYS, probe)  # raises ParameterNotFound naming the file
            return out
        for spec in listing.value:
            on = _occurrence(spec, year, parameter.file)
            in_force = parameter.at(on)  # a holiday created mid-year counts from its own effective date
            if in_force is None or not any(s["name"] == spec["name"] for s in in_force.value):
                continue
            out.append(Holiday(name=str(spec["name"]), on=on, observed_on=self._observed(on)))
        return out

    def _observed(self, on: date) -> date:
        shifts = self.ruleset.value(OBSERVANCE, on)
        shift = shifts.get(_stdlib_calendar.day_name[on.weekday()].lower(), 0)
        return on + timedelta(days=int(shift))

    def observed_in(self, year: int) -> dict[date, Holiday]:
        """Observed holiday dates that fall in `year` (from the holidays of year-1, year and year+1)."""
        if year not in self._years:
            found: dict[date, Holiday] = {}
            for source_year in (year - 1, year, year + 1):
                try:
                    holidays = self.holidays_falling_in(source_year)
                except ParameterNotFound:
                    if source_year == year:
                        raise
                    holidays = []  # the neighbouring year lies outside the data; only its spill-over is lost
                for holiday in holidays:
                    if holiday.observed_on.year == year:
                        found[holiday.observed_on] = holiday
            self._years[year] = found
        return self._years[year]

    def excluded(self, day: date) -> str | None:
        """Why `day` is not counted (\"Saturday\", \"Christmas Day\"...), or None when it counts."""
        if day.weekday() >= 5:
            return _stdlib_calendar.day_name[day.weekday()]
        holiday = self.observed_in(day.year).get(day)
        return holiday.label if holiday else None


def observed_holidays(year: int, *, ruleset: RuleSet) -> dict[date, str]:
    """The observed legal public holidays of `year`, date -> name (an API for pages and tests).

    >>> from securecomm.rules import load_ruleset
    >>> observed_holidays(2010, ruleset=load_ruleset())[date(2010, 12, 31)]
    "New Year's Day (observed; falls on 2011-01-01)"
    """
    return {day: holiday.label for day, holiday in sorted(FederalCalendar(ruleset).observed_in(year).items())}
