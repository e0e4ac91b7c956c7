"""The detainer hold clock: invariants checked with hypothesis, plus the edges of its input handling.

The worked examples (weekends, every holiday, observed days, DST) are the YAML cases under
tests/rules/dhs/ice/detainer/; here the properties hold for any release time and zone.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.audit.transparency import capture
from securecomm.rules import (
    AmbiguousLocalTime,
    DetainerForm,
    FederalCalendar,
    RuleSet,
    UnknownCode,
    compute_hold_deadline,
    default_parameters_dir,
    load_ruleset,
    localize,
)

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Pacific/Guam",
    "Asia/Jerusalem",
]
BUSINESS = [DetainerForm.I_247_2010, DetainerForm.I_247_2011, DetainerForm.I_247_2012]
ELAPSED = [DetainerForm.I_247D, DetainerForm.I_247A]
instants = st.datetimes(min_value=datetime(1998, 1, 1), max_value=datetime(2030, 12, 1)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)


@cache
def ruleset() -> RuleSet:
    return load_ruleset()


def counted_time(start: datetime, end: datetime, zone: ZoneInfo) -> timedelta:
    """Elapsed time between two instants that falls on counted days, computed day by day, independently
    of the clock's own loop."""
    calendar = FederalCalendar(ruleset())
    total = timedelta(0)
    day = start.astimezone(zone).date()
    while True:
        day_start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
        following = day + timedelta(days=1)
        day_end = datetime(following.year, following.month, following.day, tzinfo=zone).astimezone(UTC)
        if day_start >= end:
            return total
        if calendar.excluded(day) is None:
            total += min(end, day_end) - max(start, day_start)
        day = following


@settings(max_examples=150, deadline=None)
@given(start=instants, zone_name=st.sampled_from(ZONES), form=st.sampled_from(BUSINESS))
def test_business_forms_count_exactly_48_hours_on_counted_days(
    start: datetime, zone_name: str, form: DetainerForm
) -> None:
    zone = ZoneInfo(zone_name)
    hold = compute_hold_deadline(form, start, tz=zone_name, ruleset=ruleset()).value
    assert hold.deadline_at is not None and hold.counting_from is not None
    assert hold.deadline_at >= start
    assert counted_time(start, hold.deadline_at, zone) == timedelta(hours=48)
    # the count starts at release, or at 00:00 of the next counted day when release falls on an excluded day
    if hold.counting_from != start:
        local = hold.counting_from.astimezone(zone)
        assert (local.hour, local.minute) == (0, 0)
        assert FederalCalendar(ruleset()).excluded(start.astimezone(zone).date()) is not None
    assert hold.deadline_at.tzinfo is not None and hold.deadline_at.utcoffset() == zone.utcoffset(
        hold.deadline_at.replace(tzinfo=None)
    )


@settings(max_examples=100, deadline=None)
@given(start=instants, zone_name=st.sampled_from(ZONES), form=st.sampled_from(ELAPSED))
def test_elapsed_forms_end_exactly_48_elapsed_hours_after_release(
    start: datetime, zone_name: str, form: DetainerForm
) -> None:
    hold = compute_hold_deadline(form, start, tz=zone_name, ruleset=ruleset()).value
    assert hold.deadline_at is not None
    assert hold.deadline_at - start == timedelta(hours=48)
    assert str(hold.deadline_at.tzinfo) == zone_name  # shown in the facility's zone, never converted to UTC


@settings(max_examples=100, deadline=None)
@given(
    first=instants,
    gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
    zone_name=st.sampled_from(ZONES),
    form=st.sampled_from(BUSINESS + ELAPSED),
)
def test_the_deadline_is_monotonic_in_the_release_time(
    first: datetime, gap: timedelta, zone_name: str, form: DetainerForm
) -> None:
    early = compute_hold_deadline(form, first, tz=zone_name, ruleset=ruleset()).value.deadline_at
    late = compute_hold_deadline(form, first + gap, tz=zone_name, ruleset=ruleset()).value.deadline_at
    assert early is not None and late is not None
    assert early <= late


@settings(max_examples=50, deadline=None)
@given(start=instants, form=st.sampled_from([DetainerForm.I_247N, DetainerForm.I_247X]))
def test_notification_and_transfer_forms_never_have_a_deadline(start: datetime, form: DetainerForm) -> None:
    result = compute_hold_deadline(form, start, tz="America/New_York", ruleset=ruleset())
    assert result.value.deadline_at is None
    assert "hold.no_hold" in [reason.code for reason in result.reasons]


def test_the_form_can_be_given_as_text_in_any_case() -> None:
    result = compute_hold_deadline(
        "i-247-2011", datetime(2012, 2, 17, 8), tz="America/New_York", ruleset=ruleset()
    )
    assert result.value.deadline_at == datetime(2012, 2, 22, 8, tzinfo=ZoneInfo("America/New_York"))
    assert result.rule_id == "detainer.hold_deadline"
    assert result.as_of == date(2012, 2, 17)


def test_an_aware_time_without_a_zone_uses_its_own_offset() -> None:
    start = datetime.fromisoformat("2012-02-17T08:00-05:00")
    hold = compute_hold_deadline(DetainerForm.I_247_2011, start, ruleset=ruleset()).value
    assert hold.deadline_at is not None and hold.deadline_at.isoformat() == "2012-02-22T08:00:00-05:00"


def test_localize_refuses_skipped_and_repeated_wall_clock_times() -> None:
    zone = ZoneInfo("America/New_York")
    assert localize(datetime(2012, 3, 11, 3, 30), zone).utcoffset() == timedelta(hours=-4)
    with pytest.raises(AmbiguousLocalTime, match="does not exist"):
        localize(datetime(2012, 3, 11, 2, 30), zone)
    with pytest.raises(AmbiguousLocalTime, match="occurs twice"):
        localize(datetime(2012, 11, 4, 1, 30), zone)


def test_an_unknown_zone_or_form_is_bad_input_with_a_hint() -> None:
    with pytest.raises(UnknownCode, match="America/New_York"):
        compute_hold_deadline("I-247A", datetime(2012, 1, 1), tz="Nowhere/City", ruleset=ruleset())
    with pytest.raises(UnknownCode, match="I-247-2010, I-247-2011"):
        compute_hold_deadline("I-248", datetime(2012, 1, 1), tz="UTC", ruleset=ruleset())


def test_the_transparency_capture_records_the_deadline() -> None:
    with capture({"rules.hold_deadline"}) as seen:
        compute_hold_deadline("I-247D", datetime(2016, 2, 12, 17), tz="America/New_York", ruleset=ruleset())
    assert seen.last("rules.hold_deadline") == {"form": "I-247D", "deadline_at": "2016-02-14T17:00:00-05:00"}


def test_closures_count_as_holidays_only_when_the_convention_says_so(tmp_path: Path) -> None:
    tree = tmp_path / "parameters"
    shutil.copytree(default_parameters_dir(), tree)
    calendar_file = tree / "dhs" / "ice" / "detainer" / "hold_calendar.yaml"
    text = calendar_file.read_text()
    assert "count_executive_order_closures_as_holidays: false" in text
    calendar_file.write_text(text.replace("holidays: false", "holidays: true"))
    release = datetime(
        2012, 12, 21, 17
    )  # Friday; Monday 24 December 2012 was closed by Executive Order 13637
    default = compute_hold_deadline("I-247-2012", release, tz="America/New_York", ruleset=ruleset()).value
    flipped = compute_hold_deadline(
        "I-247-2012", release, tz="America/New_York", ruleset=load_ruleset(tree)
    ).value
    assert default.deadline_at is not None and flipped.deadline_at is not None
    assert default.deadline_at.isoformat() == "2012-12-26T17:00:00-05:00"
    assert flipped.deadline_at.isoformat() == "2012-12-27T17:00:00-05:00"
    assert (date(2012, 12, 24), "federal offices closed by Executive Order 13637") in flipped.excluded_days
