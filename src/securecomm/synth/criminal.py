"""Criminal history before the world starts: the records FBI CJIS already holds for a synthetic person.

Repeat arrests are what give a booking a rap sheet: the frequently arrested class has a prior record far
more often than the occasional class (`WorldParameters.prior_*`). Each prior arrest carries the prints taken
then, so the FBI's criminal gallery can be seeded with real captures of the same fingers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from securecomm.ids import Ori
from securecomm.synth.ident import FingerprintRef
from securecomm.synth.offenses import offense
from securecomm.synth.parameters import WorldParameters
from securecomm.synth.people import ArrestClass, TruePerson
from securecomm.synth.randomness import generator

__all__ = [
    "PRIOR_IMPRESSION_BASE",
    "CriminalRecord",
    "criminal_history",
    "draw_offense_code",
    "sentence_days",
]

PRIOR_IMPRESSION_BASE = 100  # impression numbers of prior arrests: 100, 101, ... (IDENT uses 1, 2, ...)
_HISTORY_YEARS = 15


@dataclass(frozen=True, slots=True)
class CriminalRecord:
    """One prior arrest and its disposition, as the FBI's identity history shows it."""

    record_id: str
    arrested_on: date
    ori: Ori
    offense_code: str
    felony: bool
    convicted: bool
    sentence_days: int | None
    family_name: str
    given_name: str
    born_on: date
    fingerprint: FingerprintRef


def draw_offense_code(rng: np.random.Generator, params: WorldParameters) -> str:
    """One NCIC code from the world's offense mix."""
    codes = [code for code, _ in params.offense_mix]
    weights = np.asarray([share for _, share in params.offense_mix], dtype=np.float64)
    return codes[int(rng.choice(len(codes), p=weights / weights.sum()))]


def sentence_days(rng: np.random.Generator, *, felony: bool) -> int:
    """A sentence length: felonies median about a year (0.5-3 y typical), misdemeanours median 10 days."""
    median = 365.0 if felony else 10.0
    return max(1, round(float(rng.lognormal(np.log(median), 0.8))))


def criminal_history(person: TruePerson, params: WorldParameters, *, ori: Ori) -> tuple[CriminalRecord, ...]:
    """Prior arrests of `person` before the world's start, booked by the county's agency `ori`."""
    rng = generator(params.seed, int(person.fips), person.index, "priors")
    frequent = person.arrest_class is ArrestClass.FREQUENT
    rate = params.prior_rate_frequent if frequent else params.prior_rate_occasional
    extra = params.prior_extra_frequent if frequent else params.prior_extra_occasional
    if rng.random() >= rate:
        return ()
    count = 1 + int(rng.poisson(extra))
    adult_on = person.born_on + timedelta(days=round(18 * 365.2425))
    earliest = max(adult_on, params.start_on - timedelta(days=round(_HISTORY_YEARS * 365.2425)))
    span = (params.start_on - earliest).days
    if span <= 1:
        return ()
    days = sorted(int(d) for d in rng.integers(0, span - 1, size=count))
    records: list[CriminalRecord] = []
    for number, offset in enumerate(days):
        code = draw_offense_code(rng, params)
        felony = bool(rng.random() < offense(code).felony_rate)
        convicted = bool(rng.random() < params.prior_conviction_rate)
        records.append(
            CriminalRecord(
                record_id=f"rap-{person.person_id.removeprefix('per-')}-{number + 1}",
                arrested_on=earliest + timedelta(days=offset),
                ori=ori,
                offense_code=code,
                felony=felony,
                convicted=convicted,
                sentence_days=sentence_days(rng, felony=felony) if convicted else None,
                family_name=person.family_name,
                given_name=person.given_name,
                born_on=person.born_on,
                fingerprint=FingerprintRef(person.fingerprint_seed, PRIOR_IMPRESSION_BASE + number),
            )
        )
    return tuple(records)
