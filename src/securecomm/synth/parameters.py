"""The world's tunable parameters, each with the reason for its default (docs/synthetic-world.md §4).

Everything here is an order of magnitude chosen to reproduce the headline figures of domain.md §7 and
PERFORMANCE.md (about 28,000 bookings a day nationally; about 6.6 % of SC submissions matched in IDENT by
mid-2011; about 74 % of SC removals with a conviction). `calibration.expected_counts` turns them into the
counts a run should show; tests check the generator against those expectations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from securecomm.synth.errors import WorldParameterError
from securecomm.synth.offenses import DEFAULT_OFFENSE_MIX, offense
from securecomm.synth.status import TrueStatus

__all__ = ["DEFAULT_IDENT_COVERAGE", "DEFAULT_STATUS_MIX", "US_POPULATION_2010", "WorldParameters"]

US_POPULATION_2010 = 308_745_538  # Census 2010 resident population (50 states + DC)

# Share of arrested residents by true status [U]: foreign-born about 12 % of arrestees (13 % of residents in
# 2010, somewhat under-represented among arrestees); unauthorised about 4.5 % (about 11 M of 309 M).
DEFAULT_STATUS_MIX: Mapping[TrueStatus, float] = MappingProxyType(
    {
        TrueStatus.USC_BIRTH: 0.880,
        TrueStatus.USC_NATURALISED: 0.035,
        TrueStatus.USC_DERIVED: 0.005,
        TrueStatus.LPR: 0.030,
        TrueStatus.NONIMMIGRANT: 0.004,
        TrueStatus.OVERSTAY: 0.012,
        TrueStatus.EWI: 0.028,
        TrueStatus.FINAL_ORDER: 0.003,
        TrueStatus.REENTRY: 0.003,
    }
)

# Chance that a person of each status has at least one biometric encounter in IDENT [U]. IDENT took prints
# from visa applicants and at ports of entry from 2004, at the border since the 1990s, and from USCIS
# applicants: so lawful people are in it too, and many long-settled or never-caught people are not.
DEFAULT_IDENT_COVERAGE: Mapping[TrueStatus, float] = MappingProxyType(
    {
        TrueStatus.USC_BIRTH: 0.0005,  # erroneous records: a citizen processed as an alien, or removed
        TrueStatus.USC_NATURALISED: 0.40,
        TrueStatus.USC_DERIVED: 0.45,
        TrueStatus.LPR: 0.70,
        TrueStatus.NONIMMIGRANT: 0.95,
        TrueStatus.OVERSTAY: 0.90,
        TrueStatus.EWI: 0.40,
        TrueStatus.FINAL_ORDER: 0.95,
        TrueStatus.REENTRY: 1.00,  # a removal always leaves prints
    }
)


def _frozen(mapping: Mapping[TrueStatus, float]) -> Mapping[TrueStatus, float]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class WorldParameters:
    """What a world is made of. `seed` and `start_on` identify it; the rest has calibrated defaults."""

    seed: int
    start_on: date
    # Fraction of real bookings simulated: 0.01 books about 16 people a day in the 3 largest counties.
    scale: float = 0.01
    national_bookings_per_day: float = 28_000.0  # ~10.3 M jail admissions a year (PERFORMANCE.md)
    # People at risk of arrest, as a share of the county population (scaled like bookings).
    pool_share: float = 0.05
    # A fifth of the pool ("frequent") accounts for half the bookings: repeat arrests, hence rap sheets.
    frequent_share_of_pool: float = 0.20
    frequent_share_of_bookings: float = 0.50
    status_mix: Mapping[TrueStatus, float] = field(default_factory=lambda: DEFAULT_STATUS_MIX)
    ident_coverage: Mapping[TrueStatus, float] = field(default_factory=lambda: DEFAULT_IDENT_COVERAGE)
    # THE FAILURE MODE: IDENT records that stop at the LPR stage for someone who is a citizen.
    stale_naturalisation_rate: float = 0.15  # naturalised, but IDENT never got the naturalisation
    stale_derived_rate: float = 0.60  # derived citizens: most never file N-600, so nothing is recorded
    offense_mix: tuple[tuple[str, float], ...] = DEFAULT_OFFENSE_MIX
    # Prior criminal history: chance of any prior arrest, and mean number beyond the first, by class.
    prior_rate_frequent: float = 0.85
    prior_extra_frequent: float = 2.5
    prior_rate_occasional: float = 0.30
    prior_extra_occasional: float = 0.5
    prior_conviction_rate: float = 0.60
    # Victims and witnesses (rates per booking; U/T/VAWA only for people who are not citizens).
    dv_context_rate_simple_assault: float = 0.35
    dual_arrest_rate_at_dv: float = 0.12
    u_visa_rate: float = 0.004
    t_visa_rate: float = 0.0005
    vawa_rate: float = 0.003
    material_witness_rate: float = 0.003
    defer_request_rate_flagged: float = 0.40
    defer_request_rate_other: float = 0.001

    def __post_init__(self) -> None:
        if self.seed < 0:
            raise WorldParameterError(f"must be a non-negative integer, got {self.seed}", parameter="seed")
        if not (math.isfinite(self.scale) and 0 < self.scale <= 10):
            raise WorldParameterError(f"must be in (0, 10], got {self.scale}", parameter="scale")
        for name in ("national_bookings_per_day", "prior_extra_frequent", "prior_extra_occasional"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise WorldParameterError(f"must be a non-negative number, got {value}", parameter=name)
        for name in (
            "pool_share",
            "frequent_share_of_pool",
            "frequent_share_of_bookings",
            "stale_naturalisation_rate",
            "stale_derived_rate",
            "prior_rate_frequent",
            "prior_rate_occasional",
            "prior_conviction_rate",
            "dv_context_rate_simple_assault",
            "dual_arrest_rate_at_dv",
            "u_visa_rate",
            "t_visa_rate",
            "vawa_rate",
            "material_witness_rate",
            "defer_request_rate_flagged",
            "defer_request_rate_other",
        ):
            value = getattr(self, name)
            if not (0.0 <= value <= 1.0):
                raise WorldParameterError(f"must be a probability in [0, 1], got {value}", parameter=name)
        if not self.pool_share > 0:
            raise WorldParameterError("must be positive", parameter="pool_share")
        self._check_shares("status_mix", {s.value: v for s, v in self.status_mix.items()}, set(TrueStatus))
        if set(self.ident_coverage) != set(TrueStatus) or not all(
            0 <= v <= 1 for v in self.ident_coverage.values()
        ):
            raise WorldParameterError(
                "needs a probability in [0, 1] for every status", parameter="ident_coverage"
            )
        for code, _ in self.offense_mix:
            try:
                offense(code)
            except KeyError as error:
                raise WorldParameterError(str(error.args[0]), parameter="offense_mix") from None
        self._check_shares("offense_mix", dict(self.offense_mix), None)
        object.__setattr__(self, "status_mix", _frozen(self.status_mix))
        object.__setattr__(self, "ident_coverage", _frozen(self.ident_coverage))

    @staticmethod
    def _check_shares(name: str, shares: Mapping[str, float], required: set[TrueStatus] | None) -> None:
        if required is not None and set(shares) != {s.value for s in required}:
            missing = sorted({s.value for s in required} - set(shares))
            raise WorldParameterError(f"needs a share for every status; missing {missing}", parameter=name)
        if any(not (math.isfinite(v) and v >= 0) for v in shares.values()):
            raise WorldParameterError("shares must be non-negative numbers", parameter=name)
        total = sum(shares.values())
        if abs(total - 1.0) > 1e-6:
            raise WorldParameterError(f"shares must sum to 1, got {total:.6f}", parameter=name)
