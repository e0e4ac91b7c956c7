"""Arrests: who is booked where and when, on what charges, with which victim and witness indicators.

Per county and day the number of bookings is Poisson with mean
`national_bookings_per_day × county size / US population × scale` (docs/synthetic-world.md §3.1). Each
booking draws its person from the county pool (the frequent class with probability
`frequent_share_of_bookings`), so the same person can be booked again: that is what makes a criminal-history
match. All draws come from the stream (seed, county, day, "bookings"), so day d of county c is the same
whether or not any other day was generated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from securecomm.ids import BookingId, Fips, Ori, PersonId, deterministic_id
from securecomm.synth.courts import CourtOutcome, court_outcome
from securecomm.synth.criminal import draw_offense_code
from securecomm.synth.ident import FingerprintRef
from securecomm.synth.jurisdictions import Jurisdiction
from securecomm.synth.offenses import OffenseFamily, offense
from securecomm.synth.parameters import US_POPULATION_2010, WorldParameters
from securecomm.synth.people import Sex, TruePerson
from securecomm.synth.randomness import generator

__all__ = [
    "BOOKING_IMPRESSION_BASE",
    "CHARGE_COUNT_SHARES",
    "Booking",
    "BookingIndicators",
    "BookingSubject",
    "Charge",
    "SimulatedBooking",
    "bookings_for_day",
    "expected_bookings_per_day",
]

BOOKING_IMPRESSION_BASE = 1_000_000  # booking captures: base + day ordinal × 10,000 + booking number (opaque)
CHARGE_COUNT_SHARES = (0.60, 0.28, 0.12)  # one, two or three charges per booking [U]


@dataclass(frozen=True, slots=True)
class Charge:
    """One charge at booking: NCIC code, felony or misdemeanour, traffic flag."""

    offense_code: str
    description: str
    felony: bool
    traffic: bool

    @property
    def family(self) -> OffenseFamily:
        return OffenseFamily(self.offense_code[:2])


@dataclass(frozen=True, slots=True)
class BookingIndicators:
    """Victim and witness facts the booking records, and a prosecutor's request to defer removal."""

    dv_dual_arrest: bool = False  # both parties arrested at a domestic-violence call
    u_visa_certified: bool = False  # a law-enforcement certification for a U visa (crime victim)
    t_visa_certified: bool = False  # a certification for a T visa (trafficking victim)
    vawa_petition: bool = False  # a VAWA self-petition pending
    material_witness: bool = False  # needed as a witness in a criminal case
    prosecutor_defer_request: bool = False  # the prosecutor asks ICE to defer until the case ends

    @property
    def victim_or_witness(self) -> bool:
        return (
            self.dv_dual_arrest
            or self.u_visa_certified
            or self.t_visa_certified
            or self.vawa_petition
            or self.material_witness
        )


@dataclass(frozen=True, slots=True)
class BookingSubject:
    """Who the jail booked, as recorded at booking (what the person states; no immigration status)."""

    family_name: str
    given_name: str
    born_on: date
    sex: Sex
    place_of_birth: str  # ISO 3166-1 alpha-2 country
    language: str  # ISO 639-1


@dataclass(frozen=True, slots=True)
class Booking:
    """A booking as the jail sends it: agency, instant (UTC), subject, ten-print capture, charges."""

    booking_id: BookingId
    fips: Fips
    ori: Ori
    tz: str
    booked_at: datetime
    subject: BookingSubject
    fingerprint: FingerprintRef
    charges: tuple[Charge, ...]
    indicators: BookingIndicators

    @property
    def most_serious(self) -> Charge:
        """The first charge: charges are listed most serious first."""
        return self.charges[0]


@dataclass(frozen=True, slots=True)
class SimulatedBooking:
    """A booking with its ground truth: the person truly booked and the court outcome still to come."""

    booking: Booking
    person: TruePerson
    outcome: CourtOutcome

    @property
    def person_id(self) -> PersonId:
        return self.person.person_id


def expected_bookings_per_day(jurisdiction: Jurisdiction, params: WorldParameters) -> float:
    """The Poisson mean of a county's daily bookings."""
    return params.national_bookings_per_day * jurisdiction.size / US_POPULATION_2010 * params.scale


def _charges(rng: np.random.Generator, params: WorldParameters) -> tuple[Charge, ...]:
    count = 1 + int(rng.choice(len(CHARGE_COUNT_SHARES), p=np.asarray(CHARGE_COUNT_SHARES)))
    charges: list[Charge] = []
    codes: set[str] = set()
    for _ in range(count):
        code = draw_offense_code(rng, params)
        if code in codes:
            continue
        codes.add(code)
        item = offense(code)
        charges.append(Charge(code, item.description, bool(rng.random() < item.felony_rate), item.traffic))
    # Most serious first: felonies, then non-traffic, then by the rarer (more serious) offense.
    charges.sort(key=lambda c: (not c.felony, c.traffic, offense(c.offense_code).share, c.offense_code))
    return tuple(charges)


def _indicators(
    rng: np.random.Generator, charges: tuple[Charge, ...], person: TruePerson, params: WorldParameters
) -> BookingIndicators:
    draws = rng.random(8)
    domestic = any(offense(c.offense_code).domestic for c in charges) or (
        any(c.offense_code == "1313" for c in charges) and draws[0] < params.dv_context_rate_simple_assault
    )
    alien = not person.is_citizen
    flags = BookingIndicators(
        dv_dual_arrest=bool(domestic and draws[1] < params.dual_arrest_rate_at_dv),
        u_visa_certified=bool(alien and draws[2] < params.u_visa_rate),
        t_visa_certified=bool(alien and draws[3] < params.t_visa_rate),
        vawa_petition=bool(alien and draws[4] < params.vawa_rate),
        material_witness=bool(draws[5] < params.material_witness_rate),
    )
    rate = params.defer_request_rate_flagged if flags.victim_or_witness else params.defer_request_rate_other
    return BookingIndicators(
        dv_dual_arrest=flags.dv_dual_arrest,
        u_visa_certified=flags.u_visa_certified,
        t_visa_certified=flags.t_visa_certified,
        vawa_petition=flags.vawa_petition,
        material_witness=flags.material_witness,
        prosecutor_defer_request=bool(draws[6] < rate),
    )


def _booked_at(rng: np.random.Generator, day: date, zone: ZoneInfo) -> datetime:
    """A uniform instant within the local calendar day (23, 24 or 25 hours long around DST changes)."""
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    seconds = int(rng.integers(0, int((end - start).total_seconds())))
    return start + timedelta(seconds=seconds)


def bookings_for_day(
    params: WorldParameters,
    jurisdiction: Jurisdiction,
    day: date,
    *,
    pool: int,
    frequent: int,
    person_at: Callable[[int], TruePerson],
) -> tuple[SimulatedBooking, ...]:
    """Every booking in `jurisdiction` on local calendar day `day`, in order of booking time."""
    if jurisdiction.ori is None:
        return ()
    rng = generator(params.seed, int(jurisdiction.fips), day.toordinal(), "bookings")
    count = int(rng.poisson(expected_bookings_per_day(jurisdiction, params)))
    zone = jurisdiction.zone
    out: list[SimulatedBooking] = []
    for number in range(count):
        if rng.random() < params.frequent_share_of_bookings:
            index = int(rng.integers(0, frequent))
        else:
            index = int(rng.integers(frequent, pool))
        person = person_at(index)
        booked_at = _booked_at(rng, day, zone)
        charges = _charges(rng, params)
        indicators = _indicators(rng, charges, person, params)
        top = charges[0]
        outcome = court_outcome(rng, booked_at=booked_at, offense_code=top.offense_code, felony=top.felony)
        booking = Booking(
            booking_id=BookingId(
                deterministic_id("bk", params.seed, jurisdiction.fips, day.isoformat(), number)
            ),
            fips=jurisdiction.fips,
            ori=jurisdiction.ori,
            tz=jurisdiction.tz,
            booked_at=booked_at,
            subject=BookingSubject(
                family_name=person.family_name,
                given_name=person.given_name,
                born_on=person.born_on,
                sex=person.sex,
                place_of_birth=person.country_of_birth,
                language=person.language,
            ),
            fingerprint=FingerprintRef(
                person.fingerprint_seed, BOOKING_IMPRESSION_BASE + day.toordinal() * 10_000 + number
            ),
            charges=charges,
            indicators=indicators,
        )
        out.append(SimulatedBooking(booking=booking, person=person, outcome=outcome))
    out.sort(key=lambda b: (b.booking.booked_at, b.booking.booking_id))
    return tuple(out)
