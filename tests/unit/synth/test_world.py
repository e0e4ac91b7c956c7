"""The world is deterministic, resumable at any day, and keeps ground truth apart from what agencies see."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.synth import (
    Booking,
    IdentEncounter,
    SimulatedBooking,
    World,
    WorldParameters,
    find_jurisdiction,
    offense,
    pick_counties,
)
from securecomm.synth.errors import UnknownJurisdiction, WorldParameterError

START = date(2012, 3, 1)


def _world(seed: int = 7, **overrides: object) -> World:
    params = WorldParameters(seed=seed, start_on=START, **overrides)  # type: ignore[arg-type]
    return World(params, pick_counties(3, activated_by=START))


@pytest.fixture(scope="module")
def world() -> World:
    return _world()


@pytest.fixture(scope="module")
def ten_days(world: World) -> list[SimulatedBooking]:
    return list(world.bookings_between(START, START + timedelta(days=9)))


def test_a_day_is_the_same_whether_or_not_earlier_days_were_generated(
    ten_days: list[SimulatedBooking],
) -> None:
    fresh = _world()  # a new process, in effect: nothing generated yet
    day = START + timedelta(days=6)
    alone = fresh.bookings_on("48201", day)
    assert alone == tuple(b for b in ten_days if b.booking.fips == "48201" and _local_day(b.booking) == day)
    assert alone == fresh.bookings_on("48201", day)


def test_the_seed_changes_the_world(world: World) -> None:
    other = _world(seed=8)
    days = [START + timedelta(days=k) for k in range(5)]
    assert [world.bookings_on("06037", d) for d in days] != [other.bookings_on("06037", d) for d in days]
    assert world.person("06037", 3) != other.person("06037", 3)
    assert _world().person("06037", 3) == world.person("06037", 3)


def test_a_three_county_ten_day_world_books_about_the_expected_number(
    ten_days: list[SimulatedBooking],
) -> None:
    # 16.1 bookings a day expected at the default scale (calibration test checks the mean precisely).
    assert 100 <= len(ten_days) <= 230
    assert {b.booking.fips for b in ten_days} == {"06037", "48201", "04013"}


def _local_day(booking: Booking) -> date:
    return booking.booked_at.astimezone(find_jurisdiction(booking.fips).zone).date()


def test_bookings_fall_on_their_local_day_in_utc(world: World) -> None:
    dst_day = date(2012, 3, 11)  # clocks jump forward in Los Angeles and Houston, not in Phoenix
    for fips in world.fips:
        for b in world.bookings_on(fips, dst_day):
            assert b.booking.booked_at.tzinfo is UTC
            assert _local_day(b.booking) == dst_day
            assert b.booking.tz == world.jurisdiction(fips).tz
            assert b.booking.ori == world.jurisdiction(fips).ori


def test_charges_are_ncic_codes_listed_most_serious_first(ten_days: list[SimulatedBooking]) -> None:
    for b in ten_days:
        charges = b.booking.charges
        assert 1 <= len(charges) <= 3
        assert all(len(c.offense_code) == 4 and c.offense_code.isdigit() for c in charges)
        assert all(c.family == offense(c.offense_code).family for c in charges)
        assert all(c.traffic == offense(c.offense_code).traffic for c in charges)
        if any(c.felony for c in charges):
            assert charges[0].felony
        assert b.booking.most_serious == charges[0]


def test_court_outcomes_are_a_consistent_future(ten_days: list[SimulatedBooking]) -> None:
    for b in ten_days:
        o = b.outcome
        assert o.release_eligible_at > b.booking.booked_at
        assert o.disposed_at > b.booking.booked_at
        assert (o.conviction is not None) == (o.disposition == "convicted")
        if o.detained_until_disposition:
            assert o.release_eligible_at >= o.disposed_at
        if o.conviction is not None:
            assert o.conviction.offense_code == b.booking.charges[0].offense_code
            assert o.conviction.sentence_days >= 0


def test_victim_visas_only_for_people_who_are_not_citizens(world: World) -> None:
    params = dataclasses.replace(world.params, u_visa_rate=1.0, vawa_rate=1.0, seed=11)
    many = World(params, world.jurisdictions)
    seen = 0
    for b in many.bookings_between(START, START + timedelta(days=4)):
        person = b.person
        assert b.booking.indicators.u_visa_certified == (not person.is_citizen)
        assert b.booking.indicators.vawa_petition == (not person.is_citizen)
        seen += 1
    assert seen > 30


def test_every_capture_of_a_person_is_a_different_impression(world: World) -> None:
    person = next(p for p in world.people("06037") if world.ident_encounters(p) and world.criminal_history(p))
    captures = [e.fingerprint for e in world.ident_encounters(person)]
    captures += [r.fingerprint for r in world.criminal_history(person)]
    assert len({c.impression for c in captures}) == len(captures)
    assert {c.seed for c in captures} == {person.fingerprint_seed}


def test_repeat_bookings_of_the_same_person_happen(world: World) -> None:
    many = list(world.bookings_between(START, START + timedelta(days=29)))
    people = [b.person_id for b in many]
    assert len(set(people)) < len(people)
    captures = [b.booking.fingerprint for b in many]  # (seed, impression): a new impression every booking
    assert len(set(captures)) == len(captures)


def test_what_agencies_see_carries_no_ground_truth() -> None:
    visible = {f.name for t in (Booking, IdentEncounter) for f in dataclasses.fields(t)}
    assert not visible & {"status", "person_id", "is_citizen", "true_status", "arrest_class"}


def test_bad_requests_are_refused_clearly(world: World) -> None:
    with pytest.raises(UnknownJurisdiction, match="17031"):
        world.bookings_on("17031", START)  # Cook IL: a real county, not in this world
    with pytest.raises(WorldParameterError, match="before the first"):
        list(world.bookings_between(START, START - timedelta(days=1)))
    with pytest.raises(IndexError, match="outside the pool"):
        world.person("06037", world.pool("06037").size)
    with pytest.raises(WorldParameterError, match="scale"):
        WorldParameters(seed=1, start_on=START, scale=0)
    with pytest.raises(WorldParameterError, match="sum to 1"):
        WorldParameters(seed=1, start_on=START, offense_mix=(("5404", 0.5),))
    with pytest.raises(WorldParameterError, match="probability"):
        WorldParameters(seed=1, start_on=START, stale_derived_rate=1.5)


def test_start_instant_is_aware_and_priors_precede_it(world: World) -> None:
    start_at = datetime.combine(START, datetime.min.time(), tzinfo=UTC)
    for person in world.people("04013"):
        for record in world.criminal_history(person):
            assert record.arrested_on < START
            assert record.arrested_on >= person.born_on + timedelta(days=18 * 365)
        for encounter in world.ident_encounters(person):
            assert encounter.occurred_on < START
    assert start_at.tzinfo is UTC


@given(
    fips=st.sampled_from(["06037", "48201", "04013"]),
    day=st.dates(min_value=date(2008, 1, 1), max_value=date(2014, 12, 31)),
)
@settings(max_examples=25, deadline=None)
def test_any_day_is_reproducible_and_local(fips: str, day: date) -> None:
    first, again = _world().bookings_on(fips, day), _world().bookings_on(fips, day)
    assert first == again
    assert all(_local_day(b.booking) == day for b in first)
    assert [b.booking.booked_at for b in first] == sorted(b.booking.booked_at for b in first)
