"""The hold board: deadlines in the facility's time, countdowns and alert levels around weekends, holidays
and a DST change, for every form family; the board never lets a record extend a hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.detainers import (
    BoardInputError,
    BoardSettings,
    DetainerView,
    HoldAlert,
    HoldLine,
    Phase,
    busiest_instant,
    due_holds,
    format_countdown,
    hold_board,
    hold_line,
    legal_deadline,
)
from securecomm.rules import RuleSet, compute_hold_deadline, load_ruleset

CHICAGO = "America/Chicago"
RULES = load_ruleset()


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return RULES


def local(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz))  # type: ignore[misc]


def held(
    form: str,
    release: datetime,
    tz: str,
    *,
    detainer_id: str = "det-1",
    fips: str = "48201",
    store_deadline: bool = True,
    verified: bool = True,
    requests_hold: bool = True,
    ended_at: datetime | None = None,
    state: str = "holding",
) -> DetainerView:
    """A detainer whose person became release-eligible at `release`, with the deadline custody stores."""
    deadline = None
    if store_deadline and requests_hold:
        deadline = compute_hold_deadline(form, release, tz=tz, ruleset=RULES).value.deadline_at
    return DetainerView(
        detainer_id=detainer_id,
        booking_id=f"bk-{detainer_id}",
        fips=fips,
        form=form,
        state=state,
        requests_hold=requests_hold,
        language="es",
        facility_tz=tz,
        issued_at=release - timedelta(days=2),
        verified_at=release - timedelta(days=1) if verified else None,
        release_eligible_at=release.astimezone(UTC),
        deadline_at=None if deadline is None else deadline.astimezone(UTC),
        ended_at=ended_at,
    )


def line_at(
    view: DetainerView, at: datetime, ruleset: RuleSet, settings: BoardSettings | None = None
) -> HoldLine:
    return hold_line(
        view, at=at, legal=legal_deadline(view, ruleset=ruleset), settings=settings or BoardSettings()
    )


# --- 2010-2012 forms: 48 hours excluding Saturdays, Sundays and holidays --------------------------------------


def test_2011_form_released_on_a_friday_before_presidents_day_counts_down_to_wednesday(
    ruleset: RuleSet,
) -> None:
    # Release-eligible Friday 17 Feb 2012 08:00 in Houston; Monday 20 Feb was Washington's Birthday.
    view = held("I-247-2011", local(CHICAGO, 2012, 2, 17, 8), CHICAGO)
    saturday = line_at(view, local(CHICAGO, 2012, 2, 18, 12), ruleset)
    assert saturday.deadline_at == local(CHICAGO, 2012, 2, 22, 8)
    assert saturday.deadline_at.isoformat() == "2012-02-22T08:00:00-06:00"  # shown in the facility's zone
    assert (saturday.phase, saturday.alert, saturday.countdown) == (
        Phase.HOLDING,
        HoldAlert.ON_TIME,
        "3 d 20:00:00",
    )
    holiday = line_at(view, local(CHICAGO, 2012, 2, 20, 8), ruleset)
    assert (holiday.alert, holiday.countdown) == (HoldAlert.ON_TIME, "2 d 00:00:00")
    soon = line_at(view, local(CHICAGO, 2012, 2, 22, 4, 30), ruleset)
    assert (soon.alert, soon.countdown, soon.label) == (HoldAlert.DUE_SOON, "03:30:00", "due within 4 h")
    now = line_at(view, local(CHICAGO, 2012, 2, 22, 8), ruleset)
    assert (now.alert, now.countdown) == (HoldAlert.DUE_NOW, "00:00:00")
    late = line_at(view, local(CHICAGO, 2012, 2, 22, 8, 0, 1), ruleset)
    assert (late.alert, late.countdown, late.violation) == (HoldAlert.PAST_DEADLINE, "-00:00:01", True)


def test_2010_form_skips_christmas_observed_and_the_weekend() -> None:
    # Thursday 23 Dec 2010 17:00 in New York: Friday 24 Dec was Christmas observed.
    tz = "America/New_York"
    view = held("I-247-2010", local(tz, 2010, 12, 23, 17), tz)
    line = line_at(view, local(tz, 2010, 12, 25, 9), RULES)
    assert line.deadline_at == local(tz, 2010, 12, 28, 17)
    assert (line.alert, line.countdown) == (HoldAlert.ON_TIME, "3 d 08:00:00")
    assert line_at(view, local(tz, 2010, 12, 28, 13, 0), RULES).alert is HoldAlert.DUE_SOON
    assert line_at(view, local(tz, 2010, 12, 28, 16, 30), RULES).alert is HoldAlert.DUE_NOW


def test_2012_form_skips_memorial_day() -> None:
    tz = "America/Denver"
    view = held("I-247-2012", local(tz, 2013, 5, 24, 20), tz)  # Friday evening; Monday 27 May: Memorial Day
    line = line_at(view, local(tz, 2013, 5, 27, 12), RULES)
    assert line.deadline_at == local(tz, 2013, 5, 29, 20)
    assert line.countdown == "2 d 08:00:00"


# --- 2015 and 2017 forms: 48 elapsed hours -------------------------------------------------------------------


def test_i247d_counts_48_elapsed_hours_through_a_holiday_weekend() -> None:
    tz = "America/Los_Angeles"
    view = held("I-247D", local(tz, 2015, 7, 3, 10), tz)  # Friday 3 July 2015: Independence Day observed
    line = line_at(view, local(tz, 2015, 7, 4, 10), RULES)
    assert line.deadline_at == local(tz, 2015, 7, 5, 10)
    assert (line.alert, line.countdown) == (HoldAlert.ON_TIME, "1 d 00:00:00")
    assert line_at(view, local(tz, 2015, 7, 5, 6, 30), RULES).alert is HoldAlert.DUE_SOON
    assert line_at(view, local(tz, 2015, 7, 5, 11), RULES).countdown == "-01:00:00"


def test_i247a_elapsed_hours_across_the_end_of_daylight_time() -> None:
    view = held(
        "I-247A", local(CHICAGO, 2017, 11, 4, 12), CHICAGO
    )  # Saturday noon CDT; DST ends Sunday 02:00
    line = line_at(view, local(CHICAGO, 2017, 11, 4, 13), RULES)
    assert line.deadline_at is not None and line.deadline_at.isoformat() == "2017-11-06T11:00:00-06:00"
    assert line.countdown == "1 d 23:00:00"  # 47 elapsed hours left, whatever the wall clock says


# --- the board never lets a record extend a hold ------------------------------------------------------------


def test_a_stored_deadline_later_than_the_rules_is_replaced_and_flagged() -> None:
    view = held("I-247-2011", local(CHICAGO, 2012, 2, 17, 8), CHICAGO)
    edited = DetainerView(**{**_fields(view), "deadline_at": local(CHICAGO, 2012, 2, 24, 8).astimezone(UTC)})
    line = line_at(edited, local(CHICAGO, 2012, 2, 22, 9), RULES)
    assert line.deadline_at == local(CHICAGO, 2012, 2, 22, 8) and line.deadline_mismatch
    assert line.alert is HoldAlert.PAST_DEADLINE


def test_a_hold_without_a_recorded_deadline_gets_the_rules_deadline() -> None:
    view = held("I-247-2011", local(CHICAGO, 2012, 2, 17, 8), CHICAGO, store_deadline=False)
    line = line_at(view, local(CHICAGO, 2012, 2, 21, 8), RULES)
    assert line.deadline_at == local(CHICAGO, 2012, 2, 22, 8) and line.deadline_mismatch


def test_an_unverified_hold_is_past_deadline_as_soon_as_the_person_is_release_eligible() -> None:
    view = held("I-247-2011", local(CHICAGO, 2012, 2, 17, 8), CHICAGO, verified=False, store_deadline=False)
    assert line_at(view, local(CHICAGO, 2012, 2, 17, 8), RULES).alert is HoldAlert.DUE_NOW
    late = line_at(view, local(CHICAGO, 2012, 2, 17, 9), RULES)
    assert (late.alert, late.deadline_at) == (HoldAlert.PAST_DEADLINE, local(CHICAGO, 2012, 2, 17, 8))


def test_a_notification_only_form_gives_no_authority_to_hold() -> None:
    view = held("I-247N", local(CHICAGO, 2015, 9, 1, 8), CHICAGO, requests_hold=False, state="served")
    line = line_at(view, local(CHICAGO, 2015, 9, 1, 10), RULES)
    assert (line.phase, line.alert, line.countdown) == (Phase.NO_HOLD, HoldAlert.PAST_DEADLINE, "-02:00:00")


def test_a_detainer_before_release_has_no_clock() -> None:
    view = held("I-247-2012", local(CHICAGO, 2013, 6, 10, 8), CHICAGO, state="served")
    line = line_at(view, local(CHICAGO, 2013, 6, 9, 8), RULES)
    assert (line.phase, line.alert, line.remaining, line.deadline_at) == (
        Phase.AWAITING_RELEASE,
        HoldAlert.PENDING,
        None,
        None,
    )


# --- the board as a whole ----------------------------------------------------------------------------------


def test_the_board_lists_active_detainers_most_urgent_first_and_filters_by_county() -> None:
    release = local(CHICAGO, 2012, 2, 17, 8)
    at = local(CHICAGO, 2012, 2, 17, 10)
    calm = held("I-247-2011", release, CHICAGO, detainer_id="det-calm")
    soon = held("I-247D", at - timedelta(hours=45), CHICAGO, detainer_id="det-soon")  # 3 h left
    over = held("I-247D", at - timedelta(hours=50), CHICAGO, detainer_id="det-over")  # 2 h over
    ended = held(
        "I-247-2011", release, CHICAGO, detainer_id="det-ended", ended_at=release + timedelta(hours=1)
    )
    declined = held("I-247-2011", release, CHICAGO, detainer_id="det-declined", state="declined")
    other = held("I-247-2011", release, CHICAGO, detainer_id="det-other", fips="48113")
    board = hold_board([calm, soon, over, ended, declined, other], at=at, ruleset=RULES, fips="48201")
    assert [line.detainer.detainer_id for line in board.lines] == ["det-over", "det-soon", "det-calm"]
    assert [line.alert for line in board.lines] == [
        HoldAlert.PAST_DEADLINE,
        HoldAlert.DUE_SOON,
        HoldAlert.ON_TIME,
    ]
    assert [line.detainer.detainer_id for line in board.violations] == ["det-over"]
    assert [line.detainer.detainer_id for line in due_holds(board, within=timedelta(hours=4))] == [
        "det-over",
        "det-soon",
    ]
    assert due_holds(board, within=timedelta(0))[0].detainer.detainer_id == "det-over"
    assert board.count(HoldAlert.ON_TIME) == 1
    everywhere = hold_board([calm, other], at=at, ruleset=RULES)
    assert {line.detainer.fips for line in everywhere.lines} == {"48201", "48113"}


def test_alert_windows_are_settings_and_are_checked() -> None:
    view = held("I-247D", local(CHICAGO, 2015, 7, 3, 10), CHICAGO)
    wide = BoardSettings(alert_within=timedelta(hours=12), due_now_within=timedelta(hours=1))
    line = line_at(view, local(CHICAGO, 2015, 7, 5, 0), RULES, wide)
    assert (line.alert, line.label) == (HoldAlert.DUE_SOON, "due within 12 h")
    with pytest.raises(BoardInputError, match="alert_within"):
        BoardSettings(alert_within=timedelta(minutes=10), due_now_within=timedelta(minutes=30))
    with pytest.raises(BoardInputError, match="due_now_within"):
        BoardSettings(due_now_within=timedelta(0))


def test_bad_instants_are_refused_with_the_option_named() -> None:
    view = held("I-247D", local(CHICAGO, 2015, 7, 3, 10), CHICAGO)
    with pytest.raises(BoardInputError, match="--at"):
        hold_board([view], at=datetime(2015, 7, 4, 10), ruleset=RULES)
    with pytest.raises(BoardInputError, match="not active"):
        line_at(view, local(CHICAGO, 2015, 6, 1, 10), RULES)
    with pytest.raises(BoardInputError, match="--within"):
        due_holds(
            hold_board([view], at=local(CHICAGO, 2015, 7, 4), ruleset=RULES), within=timedelta(hours=-1)
        )
    with pytest.raises(BoardInputError, match="has no UTC offset"):
        DetainerView(**{**_fields(view), "ended_at": datetime(2015, 7, 4)})


def test_busiest_instant_is_when_the_most_holds_run() -> None:
    release = local(CHICAGO, 2012, 3, 5, 9)
    views = [
        held("I-247-2012", release, CHICAGO, detainer_id="a"),
        held("I-247-2012", release + timedelta(hours=1), CHICAGO, detainer_id="b"),
        held("I-247-2012", release + timedelta(days=10), CHICAGO, detainer_id="c"),
    ]
    at = busiest_instant(views)
    assert at is not None
    assert len(hold_board(views, at=at, ruleset=RULES).holding) == 2
    assert busiest_instant([]) is None


# --- invariants ----------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    form=st.sampled_from(["I-247-2010", "I-247-2011", "I-247-2012", "I-247D", "I-247A"]),
    release_minutes=st.integers(min_value=0, max_value=60 * 24 * 365 * 4),
    offsets=st.lists(st.integers(min_value=0, max_value=60 * 24 * 8), min_size=2, max_size=6),
)
def test_alerts_only_escalate_as_time_passes_and_the_countdown_is_the_time_left(
    form: str, release_minutes: int, offsets: list[int]
) -> None:
    release = local(CHICAGO, 2011, 1, 1) + timedelta(minutes=release_minutes)
    view = held(form, release, CHICAGO)
    legal = legal_deadline(view, ruleset=RULES)
    previous = -1
    for minutes in sorted(offsets):
        at = release + timedelta(minutes=minutes)
        line = hold_line(view, at=at, legal=legal)
        assert line.deadline_at is not None
        assert line.remaining == line.deadline_at.astimezone(UTC) - at.astimezone(UTC)
        assert line.deadline_at.astimezone(UTC) >= release.astimezone(UTC)
        assert line.alert.rank >= previous
        assert (line.alert is HoldAlert.PAST_DEADLINE) == (
            at.astimezone(UTC) > line.deadline_at.astimezone(UTC)
        )
        assert line.countdown.startswith("-") == (line.remaining < timedelta(0))
        previous = line.alert.rank


@given(st.integers(min_value=-(10**7), max_value=10**7))
def test_format_countdown_round_trips_whole_seconds(seconds: int) -> None:
    text = format_countdown(timedelta(seconds=seconds))
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("-")
    days = 0
    if " d " in body:
        day_text, body = body.split(" d ")
        days = int(day_text)
    hours, minutes, secs = (int(part) for part in body.split(":"))
    assert sign * (days * 86400 + hours * 3600 + minutes * 60 + secs) == seconds


def _fields(view: DetainerView) -> dict[str, object]:
    return {name: getattr(view, name) for name in DetainerView.__slots__}  # type: ignore[attr-defined]
