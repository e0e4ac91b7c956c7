"""The world's expectations agree with the public figures, and the generator agrees with its expectations."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from securecomm.synth import (
    NATIONAL_DETAINERS_BY_YEAR,
    OFFENSES,
    REFERENCE_FIGURES,
    World,
    WorldParameters,
    expected_counts,
    national_equivalent,
    person_rates,
    pick_counties,
)

START = date(2012, 3, 1)


def _figure(name: str) -> float:
    return next(f.value for f in REFERENCE_FIGURES if f.name == name)


@pytest.fixture(scope="module")
def params() -> WorldParameters:
    return WorldParameters(seed=99, start_on=START)


def test_offense_shares_sum_to_one() -> None:
    assert sum(o.share for o in OFFENSES) == pytest.approx(1.0)
    families = Counter()
    for o in OFFENSES:
        families[o.family] += o.share
    # Traffic (incl. DUI), drugs, assault and larceny lead, as in the national arrest figures.
    assert [f.value for f, _ in families.most_common(4)] == ["54", "35", "13", "23"]


def test_ident_match_rate_is_near_the_mid_2011_national_figure(params: WorldParameters) -> None:
    rate = person_rates(params).ident_match
    assert abs(rate - _figure("ident_match_rate")) < 0.01  # 6.6 % of submissions matched by mid-2011


def test_national_scale_orders_of_magnitude(params: WorldParameters) -> None:
    counties = pick_counties(3, activated_by=START)
    national = national_equivalent(expected_counts(counties, params, on=START), params)
    assert national["bookings_per_year"] == pytest.approx(
        _figure("national_bookings_per_day") * 365, rel=1e-9
    )
    # People without status matched in IDENT a year ~ the 2008-2011 national detainers (228-315 thousand).
    low, high = min(NATIONAL_DETAINERS_BY_YEAR.values()), max(NATIONAL_DETAINERS_BY_YEAR.values())
    assert low <= national["removable_matches_per_year"] <= high


def test_conviction_shares_bracket_the_74_percent_of_sc_removals(params: WorldParameters) -> None:
    rates = person_rates(params)
    # Removal often precedes the current case's end: the truth lies between "prior conviction" and "any".
    assert rates.prior_conviction < _figure("sc_removals_with_conviction") < rates.conviction_any


def test_only_activated_counties_reach_ident(params: WorldParameters) -> None:
    counties = pick_counties(3, activated_by=START)
    before = expected_counts(counties, params, on=date(2008, 11, 1))  # only Harris was active then
    assert before.submitted_to_ident_per_day == pytest.approx(
        dict(before.bookings_per_day_by_county)["48201"]
    )
    after = expected_counts(counties, params, on=START)
    assert after.submitted_to_ident_per_day == pytest.approx(after.bookings_per_day)


def test_bookings_per_day_match_the_expectation(params: WorldParameters) -> None:
    counties = pick_counties(3, activated_by=START)
    world = World(params, counties)
    days = 40
    counts = Counter(b.booking.fips for b in world.bookings_between(START, START + timedelta(days=days - 1)))
    expected = expected_counts(counties, params, on=START)
    for fips, per_day in expected.bookings_per_day_by_county:
        mean = per_day * days
        assert abs(counts[fips] - mean) < 4 * mean**0.5, fips


def test_ident_matches_among_bookings_match_the_expectation() -> None:
    params = WorldParameters(seed=3, start_on=START, scale=0.05)
    counties = pick_counties(2, activated_by=START)
    world = World(params, counties)
    bookings = list(world.bookings_between(START, START + timedelta(days=9)))
    matched = sum(1 for b in bookings if world.ident_encounters(b.person))
    expected = len(bookings) * person_rates(params).ident_match
    assert abs(matched - expected) < 4 * expected**0.5 + 3
