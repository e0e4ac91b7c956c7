"""Write a synthetic booking as the jail would send it: an EBTS CAR ANSI/NIST-ITL transaction."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from securecomm.agencies.base import draw
from securecomm.formats.ebts import build_car
from securecomm.formats.ebts_booking import ArrestCharge, CarBooking
from securecomm.formats.ebts_profile import EyeColor, HairColor, Race, Sex
from securecomm.formats.images import FingerImage
from securecomm.formats.writer import write_transaction
from securecomm.messages.booking import BookingSubmitted, Charge, Subject, VictimWitnessIndicators
from securecomm.rules import OffenseClass
from securecomm.synth import SimulatedBooking

__all__ = ["booking_message", "car_booking", "car_bytes"]

_EYES = (EyeColor.BROWN, EyeColor.BROWN, EyeColor.BROWN, EyeColor.BLUE, EyeColor.HAZEL, EyeColor.GREEN)
_HAIR = (HairColor.BLACK, HairColor.BLACK, HairColor.BROWN, HairColor.BROWN, HairColor.BLOND, HairColor.GRAY)


def ebts_name(text: str) -> str:
    """A name as EBTS writes it: upper-case Latin letters, spaces, hyphens and apostrophes (accents dropped).

    >>> ebts_name("García-Núñez")
    'GARCIA-NUNEZ'
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    kept = "".join(c for c in plain.upper() if c.isalpha() or c in " -'")
    return " ".join(kept.split()) or "UNKNOWN"


def car_booking(simulated: SimulatedBooking) -> CarBooking:
    """The Type-1/Type-2 booking data of a synthetic booking (descriptive fields drawn from its id).

    Race is written as U (unknown): the synthetic world does not model race, and securecomm does not invent it.
    """
    b = simulated.booking
    key = b.booking_id
    local = b.booked_at.astimezone(ZoneInfo(b.tz))
    male = b.subject.sex.value == "M"
    height = int(60 + 14 * draw(key, "height") + (4 if male else 0))
    weight = int(110 + 120 * draw(key, "weight") + (25 if male else 0))
    return CarBooking(
        tcn=tcn_for(key),
        submitted_at=b.booked_at,
        originating_ori=b.ori,
        arresting_ori=b.ori,
        surname=ebts_name(b.subject.family_name),
        given_name=ebts_name(b.subject.given_name),
        date_of_birth=b.subject.born_on,
        sex=Sex.MALE if male else Sex.FEMALE,
        race=Race.UNKNOWN,
        place_of_birth=b.subject.place_of_birth,
        height_inches=height,
        weight_pounds=weight,
        eye_color=_EYES[int(draw(key, "eyes") * len(_EYES))],
        hair_color=_HAIR[int(draw(key, "hair") * len(_HAIR))],
        arrested_on=local.date(),
        charges=tuple(ArrestCharge(c.offense_code, c.description[:60]) for c in b.charges),
        printed_on=local.date(),
        booking_number=key[-20:],
    )


def tcn_for(booking_id: str) -> str:
    return f"SC{booking_id.split('-')[-1].upper()}"[:40]


def car_bytes(simulated: SimulatedBooking, fingers: Mapping[int, FingerImage]) -> bytes:
    return write_transaction(build_car(car_booking(simulated), fingers))


def booking_message(simulated: SimulatedBooking, *, transaction_sha256: str) -> BookingSubmitted:
    """What the jail's booking system submits and records (no ground truth)."""
    b = simulated.booking
    return BookingSubmitted(
        booking_id=b.booking_id,
        tcn=tcn_for(b.booking_id),
        fips=b.fips,
        ori=b.ori,
        facility_tz=b.tz,
        booked_at=b.booked_at,
        subject=Subject(
            name=f"{b.subject.family_name.upper()}, {b.subject.given_name.upper()}",
            date_of_birth=b.subject.born_on,
            sex=b.subject.sex.value,
            place_of_birth=b.subject.place_of_birth,
            nationality=b.subject.place_of_birth,
            language=b.subject.language,
        ),
        charges=tuple(
            Charge(
                ncic=c.offense_code,
                description=c.description,
                offense_class=OffenseClass.FELONY if c.felony else OffenseClass.MISDEMEANOR,
                traffic=c.traffic,
            )
            for c in b.charges
        ),
        transaction_sha256=transaction_sha256,
        indicators=VictimWitnessIndicators(
            dual_arrest_domestic_violence=b.indicators.dv_dual_arrest,
            u_visa_certification=b.indicators.u_visa_certified,
            t_visa_certification=b.indicators.t_visa_certified,
            vawa_petition=b.indicators.vawa_petition,
            witness_in_pending_case=b.indicators.material_witness,
        ),
    )
