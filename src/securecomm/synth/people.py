"""Synthetic residents: who they truly are (ground truth), generated one at a time from (seed, county, index).

A county's pool of people at risk of arrest has `pool_size` members; member `index` is always the same person
for the same world seed, whether or not any other member was generated. Indices below `frequent_count` are
the frequently arrested fifth of the pool (see `WorldParameters`).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from securecomm.ids import Fips, PersonId, deterministic_id
from securecomm.synth.demography import NAMES, country_mix_for, language_of
from securecomm.synth.parameters import WorldParameters
from securecomm.synth.randomness import generator, stable_int
from securecomm.synth.status import TrueStatus

__all__ = ["ArrestClass", "Sex", "TruePerson", "frequent_count", "generate_person", "pool_size"]

_YEAR = 365.2425
_HISTORY_FIELDS = (
    "entered_on",
    "lpr_on",
    "citizen_since",
    "admitted_until",
    "removal_ordered_on",
    "removed_on",
)


class ArrestClass(enum.StrEnum):
    """How often a person is arrested: the frequent fifth of the pool gets half the bookings."""

    FREQUENT = "frequent"
    OCCASIONAL = "occasional"


class Sex(enum.StrEnum):
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True, slots=True)
class TruePerson:
    """Ground truth about one synthetic person. Agencies never read this; scoring does.

    Dates describe the true immigration history: `entered_on` the (last) entry, `lpr_on` adjustment to
    permanent residence, `citizen_since` naturalisation or derivation, `admitted_until` the end of an
    admitted stay, `removal_ordered_on` / `removed_on` removal proceedings. `fingerprint_seed` identifies the
    person's ten fingers to the synthetic print generator (`securecomm.biometrics.synthetic`).
    """

    person_id: PersonId
    fips: Fips
    index: int
    arrest_class: ArrestClass
    family_name: str
    given_name: str
    sex: Sex
    born_on: date
    country_of_birth: str
    nationality: str
    language: str
    status: TrueStatus
    fingerprint_seed: int
    a_number: str | None = None
    entered_on: date | None = None
    lpr_on: date | None = None
    citizen_since: date | None = None
    admitted_until: date | None = None
    removal_ordered_on: date | None = None
    removed_on: date | None = None

    @property
    def is_citizen(self) -> bool:
        return self.status.is_citizen


def pool_size(county_size: int, params: WorldParameters) -> int:
    """How many people of a county of `county_size` residents may be arrested in this world (at least 10)."""
    return max(10, math.ceil(county_size * params.pool_share * params.scale))


def frequent_count(pool: int, params: WorldParameters) -> int:
    """How many of a pool of `pool` people belong to the frequently arrested class (at least 1)."""
    return max(1, min(pool - 1, round(pool * params.frequent_share_of_pool)))


def _choice(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.asarray([weights[k] for k in keys], dtype=np.float64)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _years_before(day: date, years: float) -> date:
    return day - timedelta(days=round(years * _YEAR))


def _history(
    rng: np.random.Generator, status: TrueStatus, *, start: date, born_on: date, age: float
) -> dict[str, date]:
    """True immigration dates for a foreign-born person, consistent with each other and with `start`."""
    month = timedelta(days=30)

    def days(low: int, high: int) -> timedelta:
        return timedelta(days=int(rng.integers(low, max(low + 1, high))))

    if status is TrueStatus.USC_DERIVED:
        entered = born_on + timedelta(days=round(rng.uniform(0.0, 12.0) * _YEAR))
        lpr = entered + days(0, 720)
        latest = min(born_on + timedelta(days=round(17.9 * _YEAR)), start - month)
        return {"entered_on": entered, "lpr_on": lpr, "citizen_since": lpr + days(1, (latest - lpr).days + 1)}
    in_us = rng.uniform(0.3, max(0.5, min(age - 1.0, 35.0)))
    if status is TrueStatus.USC_NATURALISED:
        in_us = max(in_us, rng.uniform(6.0, max(6.5, min(age - 1.0, 40.0))))
        entered = _years_before(start, in_us)
        # At least five years as an LPR before naturalisation (INA 316), all before the start date.
        lpr = entered + days(0, min(5 * 365, (start - month - entered).days - 5 * 365))
        earliest = lpr + timedelta(days=5 * 365)
        citizen = min(start - month, earliest + days(0, (start - month - earliest).days))
        return {"entered_on": entered, "lpr_on": lpr, "citizen_since": citizen}
    if status is TrueStatus.LPR:
        entered = _years_before(start, in_us)
        return {"entered_on": entered, "lpr_on": entered + days(0, min(5 * 365, (start - entered).days))}
    if status is TrueStatus.NONIMMIGRANT:
        return {
            "entered_on": _years_before(start, rng.uniform(0.1, 4.0)),
            "admitted_until": start + days(30, 1000),
        }
    if status is TrueStatus.OVERSTAY:
        entered = _years_before(start, min(in_us, 15.0) + 0.2)
        until = min(entered + days(30, 2 * 365), start - timedelta(days=1))
        return {"entered_on": entered, "admitted_until": until}
    if status is TrueStatus.EWI:
        return {"entered_on": _years_before(start, in_us)}
    if status is TrueStatus.FINAL_ORDER:
        entered = _years_before(start, in_us + 0.5)
        return {"entered_on": entered, "removal_ordered_on": entered + days(30, (start - entered).days)}
    if status is TrueStatus.REENTRY:
        first = _years_before(start, in_us + 1.0)
        span = (start - first).days
        removed = first + days(span // 3, span - 1)
        ordered = removed - days(10, 120)
        return {
            "entered_on": removed + days(1, (start - removed).days),
            "removal_ordered_on": ordered,
            "removed_on": removed,
        }
    return {}


def generate_person(params: WorldParameters, fips: Fips, index: int, *, pool: int) -> TruePerson:
    """Member `index` of the county's pool of `pool` people: a pure function of (seed, fips, index)."""
    if not 0 <= index < pool:
        raise IndexError(f"person index {index} outside the pool of {pool} in county {fips}")
    rng = generator(params.seed, int(fips), index, "person")
    statuses = list(params.status_mix)
    status = statuses[
        int(
            rng.choice(
                len(statuses), p=np.asarray([params.status_mix[s] for s in statuses], dtype=np.float64)
            )
        )
    ]
    sex = Sex.MALE if rng.random() < 0.73 else Sex.FEMALE  # about 73 % of US arrestees are male (UCR 2010)
    age = min(80.0, 18.0 + float(rng.gamma(2.0, 8.0)))
    born_on = _years_before(params.start_on, age) - timedelta(days=int(rng.integers(0, 365)))
    if status is TrueStatus.USC_BIRTH:
        country = "US"
        language = "es" if rng.random() < 0.07 else "en"  # US-born, Spanish-dominant (ACS order of size)
    else:
        country = _choice(rng, dict(country_mix_for(status)))
        # Long-settled people often prefer English for notices.
        settled = status in (TrueStatus.USC_NATURALISED, TrueStatus.USC_DERIVED, TrueStatus.LPR)
        language = "en" if settled and rng.random() < 0.35 else language_of(country)
    # Names follow the language of the country of birth (a Mexican-born citizen who prefers English notices
    # is still likely a García); US-born people follow their own language.
    name_language = language if status is TrueStatus.USC_BIRTH else language_of(country)
    names = NAMES.get(name_language, NAMES["xx"])
    given = names[0] if sex is Sex.MALE else names[1]
    history = (
        _history(rng, status, start=params.start_on, born_on=born_on, age=age)
        if status.is_foreign_born
        else {}
    )
    dates: dict[str, date | None] = {k: history.get(k) for k in _HISTORY_FIELDS}
    has_a_file = status in (
        TrueStatus.USC_NATURALISED,
        TrueStatus.USC_DERIVED,
        TrueStatus.LPR,
        TrueStatus.FINAL_ORDER,
        TrueStatus.REENTRY,
    )
    a_number = f"{int(rng.integers(10_000_000, 215_000_000)):09d}" if has_a_file else None
    return TruePerson(
        person_id=PersonId(deterministic_id("per", params.seed, fips, index)),
        fips=fips,
        index=index,
        arrest_class=ArrestClass.FREQUENT if index < frequent_count(pool, params) else ArrestClass.OCCASIONAL,
        family_name=names[2][int(rng.integers(len(names[2])))],
        given_name=given[int(rng.integers(len(given)))],
        sex=sex,
        born_on=born_on,
        country_of_birth=country,
        nationality="US" if status.is_citizen else country,
        language=language,
        status=status,
        fingerprint_seed=stable_int("fingers", params.seed, fips, index),
        a_number=a_number,
        entered_on=dates["entered_on"],
        lpr_on=dates["lpr_on"],
        citizen_since=dates["citizen_since"],
        admitted_until=dates["admitted_until"],
        removal_ordered_on=dates["removal_ordered_on"],
        removed_on=dates["removed_on"],
    )
