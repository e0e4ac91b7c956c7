"""Jail custody events: release-eligible moments, holds, transfers and claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from securecomm.messages.criminal_history import HistoryEvent

__all__ = [
    "CitizenshipClaim",
    "ClaimKind",
    "CustodyEnded",
    "CustodyOutcome",
    "CustodyTransfer",
    "HoldExpiry",
    "InterviewDue",
    "ReleaseDue",
    "ReleaseNotice",
    "ReleaseReason",
]


class ReleaseReason(StrEnum):
    BAIL_POSTED = "bail_posted"
    CHARGES_DISMISSED = "charges_dismissed"
    SENTENCE_SERVED = "sentence_served"
    TIME_SERVED = "time_served"
    ACQUITTED = "acquitted"


class CustodyOutcome(StrEnum):
    RELEASED = "released"
    RELEASED_AT_EXPIRY = "released_at_expiry"
    TRANSFERRED_TO_ICE = "transferred_to_ice"


class ClaimKind(StrEnum):
    US_CITIZEN = "us_citizen"
    CRIME_VICTIM = "crime_victim"


@dataclass(frozen=True, slots=True)
class ReleaseDue:
    """The court or bail event that makes the person release-eligible (scheduled at booking)."""

    booking_id: str
    reason: ReleaseReason
    at: datetime
    convictions: tuple[HistoryEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class ReleaseNotice:
    """The jail tells the field office the person would otherwise be released now."""

    booking_id: str
    detainer_id: str
    release_eligible_at: datetime
    deadline_at: datetime | None  # in the facility's zone; None when the form requests no hold
    reason: ReleaseReason
    convictions: tuple[HistoryEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class HoldExpiry:
    booking_id: str
    detainer_id: str
    deadline_at: datetime


@dataclass(frozen=True, slots=True)
class CustodyTransfer:
    booking_id: str
    detainer_id: str
    at: datetime
    officer: str


@dataclass(frozen=True, slots=True)
class CitizenshipClaim:
    """A claim to be a US citizen or a crime victim, from the jail or the LESC hotline (855) 448-6903."""

    booking_id: str
    detainer_id: str | None
    kind: ClaimKind
    channel: str  # "jail" or "lesc_hotline"
    at: datetime
    statement: str = ""


@dataclass(frozen=True, slots=True)
class CustodyEnded:
    booking_id: str
    detainer_id: str | None
    outcome: CustodyOutcome
    at: datetime


@dataclass(frozen=True, slots=True)
class InterviewDue:
    booking_id: str
    case_id: str
