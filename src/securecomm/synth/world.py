"""The synthetic world: a set of real counties, their people and their bookings, from one seed.

    world = World(WorldParameters(seed=7, start_on=date(2012, 3, 1)), pick_counties(3, activated_by=...))
    for fips in world.fips:
        for person in world.people(fips):          # ground truth (scoring only)
            world.ident_encounters(person)         # seed the IDENT gallery
            world.criminal_history(person)         # seed the FBI criminal gallery
    world.bookings_on("48201", date(2012, 3, 1))   # day d of county c: the same on every call

Nothing is stored here: each value is recomputed from (seed, county, index or day) on demand (people are
cached in memory, which changes nothing but speed). A simulation that stops can resume at any day.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from securecomm.ids import Fips
from securecomm.synth.arrests import SimulatedBooking, bookings_for_day, expected_bookings_per_day
from securecomm.synth.criminal import CriminalRecord, criminal_history
from securecomm.synth.errors import UnknownJurisdiction, WorldParameterError
from securecomm.synth.ident import IdentEncounter, ident_encounters
from securecomm.synth.jurisdictions import Jurisdiction, normalise_fips
from securecomm.synth.parameters import WorldParameters
from securecomm.synth.people import TruePerson, frequent_count, generate_person, pool_size

__all__ = ["CountyPool", "World"]


@dataclass(frozen=True, slots=True)
class CountyPool:
    """The size of a county's pool of people at risk of arrest and of its frequent class."""

    fips: Fips
    size: int
    frequent: int


class World:
    """Counties, people and bookings of one synthetic world (deterministic in `params.seed`)."""

    def __init__(self, params: WorldParameters, jurisdictions: Sequence[Jurisdiction]) -> None:
        if not jurisdictions:
            raise WorldParameterError("a world needs at least one county", parameter="counties")
        self.params = params
        self._jurisdictions = {j.fips: j for j in jurisdictions}
        if len(self._jurisdictions) != len(jurisdictions):
            raise WorldParameterError("a county is listed twice", parameter="counties")
        self._pools = {
            fips: CountyPool(fips, size := pool_size(j.size, params), frequent_count(size, params))
            for fips, j in self._jurisdictions.items()
        }
        self._person = lru_cache(maxsize=200_000)(self._generate)

    @property
    def fips(self) -> tuple[Fips, ...]:
        """The world's counties, in the order given."""
        return tuple(self._jurisdictions)

    @property
    def jurisdictions(self) -> tuple[Jurisdiction, ...]:
        return tuple(self._jurisdictions.values())

    def jurisdiction(self, fips: str | int) -> Jurisdiction:
        key = normalise_fips(fips)
        try:
            return self._jurisdictions[key]
        except KeyError:
            raise UnknownJurisdiction(key) from None

    def pool(self, fips: str | int) -> CountyPool:
        return self._pools[self.jurisdiction(fips).fips]

    def _generate(self, fips: Fips, index: int) -> TruePerson:
        return generate_person(self.params, fips, index, pool=self._pools[fips].size)

    def person(self, fips: str | int, index: int) -> TruePerson:
        """Member `index` of the county's pool (ground truth)."""
        pool = self.pool(fips)
        return self._person(pool.fips, index)

    def people(self, fips: str | int) -> Iterator[TruePerson]:
        """Every member of the county's pool, by index."""
        pool = self.pool(fips)
        for index in range(pool.size):
            yield self._person(pool.fips, index)

    def ident_encounters(self, person: TruePerson) -> tuple[IdentEncounter, ...]:
        """What IDENT holds about `person` on the start date (empty if nothing)."""
        return ident_encounters(person, self.params)

    def criminal_history(self, person: TruePerson) -> tuple[CriminalRecord, ...]:
        """The person's prior arrests before the start date, booked by their county's agency."""
        ori = self.jurisdiction(person.fips).ori
        return criminal_history(person, self.params, ori=ori) if ori is not None else ()

    def expected_bookings_per_day(self, fips: str | int) -> float:
        return expected_bookings_per_day(self.jurisdiction(fips), self.params)

    def bookings_on(self, fips: str | int, day: date) -> tuple[SimulatedBooking, ...]:
        """The bookings of one county on one local calendar day, in booking-time order."""
        jurisdiction = self.jurisdiction(fips)
        pool = self._pools[jurisdiction.fips]
        return bookings_for_day(
            self.params,
            jurisdiction,
            day,
            pool=pool.size,
            frequent=pool.frequent,
            person_at=lambda index: self._person(pool.fips, index),
        )

    def bookings_between(self, first: date, last: date) -> Iterator[SimulatedBooking]:
        """Every booking of every county from `first` to `last` inclusive, day by day, county by county."""
        if last < first:
            raise WorldParameterError(
                f"the last day {last.isoformat()} is before the first {first.isoformat()}", parameter="days"
            )
        day = first
        while day <= last:
            for fips in self._jurisdictions:
                yield from self.bookings_on(fips, day)
            day += timedelta(days=1)
