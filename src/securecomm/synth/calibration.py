"""What a world should produce, computed from its parameters, and the public figures it is calibrated to.

`expected_counts` is the analytic expectation of the generator (no sampling): the lead's simulation checks
its status counts against it, and the tests check the generator against it. `national_equivalent` scales a
world's daily expectation up to the whole country for a year, to compare with `REFERENCE_FIGURES`
(domain.md §7, PERFORMANCE.md). How each parameter was chosen: docs/synthetic-world.md §4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from securecomm.synth.arrests import CHARGE_COUNT_SHARES, expected_bookings_per_day
from securecomm.synth.courts import CONVICTION_IF_DETAINED, CONVICTION_IF_RELEASED, PRETRIAL_RELEASE
from securecomm.synth.jurisdictions import Jurisdiction
from securecomm.synth.offenses import offense
from securecomm.synth.parameters import US_POPULATION_2010, WorldParameters
from securecomm.synth.status import TrueStatus

__all__ = [
    "NATIONAL_DETAINERS_BY_YEAR",
    "REFERENCE_FIGURES",
    "ExpectedCounts",
    "PersonRates",
    "ReferenceFigure",
    "expected_counts",
    "national_equivalent",
    "person_rates",
]


@dataclass(frozen=True, slots=True)
class ReferenceFigure:
    """A public figure the world is calibrated to, with where it comes from."""

    name: str
    value: float
    unit: str
    source: str


REFERENCE_FIGURES: tuple[ReferenceFigure, ...] = (
    ReferenceFigure(
        "national_bookings_per_day", 28_000, "bookings/day", "PERFORMANCE.md: ~10.3 M jail admissions/yr"
    ),
    ReferenceFigure(
        "ident_match_rate",
        0.066,
        "share of submissions",
        "PERFORMANCE.md: 9.1 M SC submissions by mid-2011, 6.6 %",
    ),
    ReferenceFigure(
        "sc_removals_with_conviction", 0.74, "share", "GAO-12-708 (Oct 2008-Mar 2012), domain.md §7"
    ),
    ReferenceFigure(
        "usc_share_of_sc_ice_arrests", 0.016, "share", "Warren Institute, SC by the Numbers (2011)"
    ),
)

# Detainers lodged nationally by calendar year (ICE FOIA via NPR; domain.md §7).
NATIONAL_DETAINERS_BY_YEAR: dict[int, int] = {
    2008: 228_077,
    2009: 256_947,
    2010: 301_119,
    2011: 314_966,
    2012: 272_878,
    2013: 204_215,
    2014: 147_849,
}


@dataclass(frozen=True, slots=True)
class PersonRates:
    """Per-booking probabilities implied by the parameters (status is independent of arrest class)."""

    ident_match: float  # the booked person has an IDENT record
    removable_match: float  # ... and truly lacks status (overstay, EWI, final order, re-entry)
    citizen_match: float  # ... and is truly a US citizen
    misleading_citizen_match: float  # ... a citizen whose IDENT record does not show citizenship
    prior_record: float  # the booked person has a prior arrest on file
    prior_conviction: float  # ... with at least one conviction
    current_conviction: float  # this booking ends in a conviction
    conviction_any: float  # a prior or the current conviction


def _prior_conviction(rate: float, extra: float, conviction: float) -> float:
    # N = 1 + Poisson(extra) priors, each a conviction with probability c: P(none) = (1 - c) e^(-extra c).
    return rate * (1.0 - (1.0 - conviction) * math.exp(-extra * conviction))


def person_rates(params: WorldParameters) -> PersonRates:
    mix, cover = params.status_mix, params.ident_coverage
    match = sum(mix[s] * cover[s] for s in TrueStatus)
    removable = sum(mix[s] * cover[s] for s in TrueStatus if s.lacks_status)
    citizen = sum(mix[s] * cover[s] for s in TrueStatus if s.is_citizen)
    misleading = (
        mix[TrueStatus.USC_BIRTH] * cover[TrueStatus.USC_BIRTH]
        + mix[TrueStatus.USC_NATURALISED]
        * cover[TrueStatus.USC_NATURALISED]
        * params.stale_naturalisation_rate
        + mix[TrueStatus.USC_DERIVED] * cover[TrueStatus.USC_DERIVED] * params.stale_derived_rate
    )
    f = params.frequent_share_of_bookings
    prior = f * params.prior_rate_frequent + (1 - f) * params.prior_rate_occasional
    prior_conviction = f * _prior_conviction(
        params.prior_rate_frequent, params.prior_extra_frequent, params.prior_conviction_rate
    ) + (1 - f) * _prior_conviction(
        params.prior_rate_occasional, params.prior_extra_occasional, params.prior_conviction_rate
    )
    total = sum(share for _, share in params.offense_mix)
    felony_one = sum(share * offense(code).felony_rate for code, share in params.offense_mix) / total
    top_felony = sum(p * (1 - (1 - felony_one) ** (k + 1)) for k, p in enumerate(CHARGE_COUNT_SHARES))

    def convicted(felony: bool) -> float:  # the court model of courts.py
        released = PRETRIAL_RELEASE[felony]
        return released * CONVICTION_IF_RELEASED[felony] + (1 - released) * CONVICTION_IF_DETAINED

    current = top_felony * convicted(True) + (1 - top_felony) * convicted(False)
    return PersonRates(
        ident_match=match,
        removable_match=removable,
        citizen_match=citizen,
        misleading_citizen_match=misleading,
        prior_record=prior,
        prior_conviction=prior_conviction,
        current_conviction=current,
        conviction_any=1 - (1 - prior_conviction) * (1 - current),
    )


@dataclass(frozen=True, slots=True)
class ExpectedCounts:
    """Expected daily counts for a set of counties on one date (all means of Poisson-type counts)."""

    on: date
    bookings_per_day: float
    submitted_to_ident_per_day: float  # bookings in counties activated on `on`
    ident_matches_per_day: float
    removable_matches_per_day: float
    citizen_matches_per_day: float
    misleading_citizen_matches_per_day: float
    rates: PersonRates
    bookings_per_day_by_county: tuple[tuple[str, float], ...]
    covered_population: int


def expected_counts(
    jurisdictions: Sequence[Jurisdiction], params: WorldParameters, *, on: date
) -> ExpectedCounts:
    """The expectation of the world's counts per day on `on` (only activated counties reach IDENT)."""
    by_county = tuple(
        (j.fips, expected_bookings_per_day(j, params) if j.ori is not None else 0.0) for j in jurisdictions
    )
    bookings = sum(v for _, v in by_county)
    active = {j.fips for j in jurisdictions if j.is_activated_on(on)}
    submitted = sum(v for fips, v in by_county if fips in active)
    rates = person_rates(params)
    return ExpectedCounts(
        on=on,
        bookings_per_day=bookings,
        submitted_to_ident_per_day=submitted,
        ident_matches_per_day=submitted * rates.ident_match,
        removable_matches_per_day=submitted * rates.removable_match,
        citizen_matches_per_day=submitted * rates.citizen_match,
        misleading_citizen_matches_per_day=submitted * rates.misleading_citizen_match,
        rates=rates,
        bookings_per_day_by_county=by_county,
        covered_population=sum(j.size for j in jurisdictions),
    )


def national_equivalent(counts: ExpectedCounts, params: WorldParameters) -> dict[str, float]:
    """The world's daily expectation scaled to the whole country for a year (as if every county were active).

    Compare `removable_matches_per_year` with `NATIONAL_DETAINERS_BY_YEAR` (about 230-315 thousand a year
    in 2008-2011): detainers went mostly to people without status, plus LPRs with convictions.
    """
    factor = 365.0 / params.scale * US_POPULATION_2010 / max(1, counts.covered_population)
    per_day_bookings = counts.bookings_per_day
    rates = counts.rates
    return {
        "bookings_per_year": per_day_bookings * factor,
        "ident_matches_per_year": per_day_bookings * rates.ident_match * factor,
        "removable_matches_per_year": per_day_bookings * rates.removable_match * factor,
        "misleading_citizen_matches_per_year": per_day_bookings * rates.misleading_citizen_match * factor,
    }
