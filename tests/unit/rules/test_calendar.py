"""The federal calendar: legal public holidays on their observed dates, across year boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from securecomm.rules import FederalCalendar, ParameterNotFound, load_ruleset, observed_holidays


def test_a_saturday_holiday_is_observed_the_friday_before_even_in_the_previous_year() -> None:
    calendar = FederalCalendar(load_ruleset())
    assert calendar.excluded(date(2010, 12, 31)) == "New Year's Day (observed; falls on 2011-01-01)"
    assert date(2011, 1, 1) not in observed_holidays(2011, ruleset=load_ruleset())


def test_a_sunday_holiday_is_observed_the_monday_after() -> None:
    assert observed_holidays(2012, ruleset=load_ruleset())[date(2012, 1, 2)].startswith(
        "New Year's Day (observed"
    )


def test_weekends_are_excluded_by_name_and_ordinary_weekdays_are_counted() -> None:
    calendar = FederalCalendar(load_ruleset())
    assert calendar.excluded(date(2012, 2, 18)) == "Saturday"
    assert calendar.excluded(date(2012, 2, 19)) == "Sunday"
    assert calendar.excluded(date(2012, 2, 21)) is None


@pytest.mark.parametrize("year", range(1987, 2031))
def test_every_year_has_ten_or_eleven_holidays_observed_on_weekdays(year: int) -> None:
    found = observed_holidays(year, ruleset=load_ruleset())
    expected = 11 if year >= 2021 else 10
    # a year can gain or lose New Year's Day to its neighbour by the observed-day rule
    assert len(found) in {expected - 1, expected, expected + 1}
    assert all(day.weekday() < 5 for day in found)
    assert all(day.year == year for day in found)


def test_the_holiday_list_starts_in_1986() -> None:
    with pytest.raises(ParameterNotFound, match="legal_public_holidays"):
        observed_holidays(1985, ruleset=load_ruleset())
    assert date(1986, 1, 20) in observed_holidays(1986, ruleset=load_ruleset())  # the first King holiday
