"""What a jail sends at booking and what it records about the person (as the jail sees them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from securecomm.rules.case import OffenseClass

__all__ = ["BookingSubmitted", "Charge", "DeferRequest", "OffenseClass", "Subject", "VictimWitnessIndicators"]


@dataclass(frozen=True, slots=True)
class Charge:
    """One arrest charge: a 4-digit NCIC Uniform Offense Classification code and what the jail wrote."""

    ncic: str
    description: str
    offense_class: OffenseClass | None = None
    traffic: bool = False

    def __post_init__(self) -> None:
        if len(self.ncic) != 4 or not self.ncic.isdigit():
            raise ValueError(f"NCIC offense code must be 4 digits, got {self.ncic!r}")


@dataclass(frozen=True, slots=True)
class Subject:
    """The booked person as the jail records them (synthetic names only)."""

    name: str
    date_of_birth: date
    sex: str  # EBTS SEX code: M, F, X or U
    place_of_birth: str  # ISO 3166-1 alpha-2 as stated at booking ("US" for the United States)
    nationality: str  # ISO 3166-1 alpha-2 as stated at booking
    language: str  # ISO 639-1 of the language the person reads best
    claims_us_citizenship: bool = False


@dataclass(frozen=True, slots=True)
class VictimWitnessIndicators:
    """What the booking knows that calls for particular care (17 June 2011 victims/witnesses memo)."""

    dual_arrest_domestic_violence: bool = False
    u_visa_certification: bool = False
    t_visa_certification: bool = False
    vawa_petition: bool = False
    witness_in_pending_case: bool = False

    @property
    def any(self) -> bool:
        return (
            self.dual_arrest_domestic_violence
            or self.u_visa_certification
            or self.t_visa_certification
            or self.vawa_petition
            or self.witness_in_pending_case
        )


@dataclass(frozen=True, slots=True)
class BookingSubmitted:
    """The criminal ten-print submission (EBTS TOT CAR) as the FBI receives it."""

    booking_id: str
    tcn: str  # EBTS transaction control number
    fips: str
    ori: str
    facility_tz: str
    booked_at: datetime
    subject: Subject
    charges: tuple[Charge, ...]
    transaction_sha256: str  # content address of the ANSI/NIST-ITL file in the blob store
    indicators: VictimWitnessIndicators = field(default_factory=VictimWitnessIndicators)


@dataclass(frozen=True, slots=True)
class DeferRequest:
    """A jail or prosecutor asks ICE to defer removal until a criminal case ends or while a witness is needed."""

    booking_id: str
    requested_by: str  # "prosecutor" or "jail"
    reason: str  # "pending_criminal_case" or "needed_witness"
    until_on: date | None = None
