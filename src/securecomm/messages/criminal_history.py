"""The FBI's answer to a booking (SRE) and the prints it forwards to DHS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from securecomm.messages.booking import Charge, OffenseClass, Subject, VictimWitnessIndicators

__all__ = ["HistoryEvent", "HistoryEventKind", "IdentSearch", "Sre"]


class HistoryEventKind(StrEnum):
    ARREST = "arrest"
    CONVICTION = "conviction"


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One line of an identity history (rap sheet)."""

    kind: HistoryEventKind
    on: date
    ncic: str
    offense_class: OffenseClass | None
    fips: str
    traffic: bool = False
    sentence_days: int | None = None
    aggravated_felony: bool = False  # only ever from the record; rules never infer it


@dataclass(frozen=True, slots=True)
class Sre:
    """Submission Results - Electronic: who the FBI says this is, and their identity history."""

    booking_id: str
    fbi_number: str
    new_identity: bool  # no prior record: a new FBI number was assigned
    score: float | None  # fused ten-print score of the hit, None for a new identity
    history: tuple[HistoryEvent, ...]  # prior events, oldest first, not counting this arrest


@dataclass(frozen=True, slots=True)
class IdentSearch:
    """The prints and booking data CJIS forwards automatically to IDENT for an activated jurisdiction."""

    booking_id: str
    fips: str
    ori: str
    facility_tz: str
    booked_at: datetime
    fbi_number: str
    transaction_sha256: str
    subject: Subject
    charges: tuple[Charge, ...]
    history: tuple[HistoryEvent, ...]
    indicators: VictimWitnessIndicators
