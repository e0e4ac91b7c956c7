"""Jail custody events: release-eligible moments, holds, transfers and claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from securecomm.messages.criminal_history import HistoryEvent

__all__ = [
    "CaseReviewDue",
    "CitizenshipClaim",
    "ClaimKind",
    "CourtDisposition",
    "CustodyEnded",
    "CustodyOutcome",
    "CustodyTransfer",
    "DetainerDeclined",
    "HoldAuthorized",
    "HoldExpiry",
    "InterviewDue",
    "NoticeServed",
    "ReleaseDue",
    "ReleaseNotice",
    "ReleaseReason",
    "VerificationDue",
]


class ReleaseReason(StrEnum):
    BAIL_POSTED = "bail_posted"
    OWN_RECOGNIZANCE = "own_recognizance"
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
class CaseReviewDue:
    booking_id: str
    case_id: str


@dataclass(frozen=True, slots=True)
class InterviewDue:
    booking_id: str
    case_id: str


@dataclass(frozen=True, slots=True)
class CourtDisposition:
    """What the court decided (reported to the FBI's identity history)."""

    booking_id: str
    at: datetime
    disposition: str  # "convicted", "dismissed", "acquitted", "pending"
    convictions: tuple[HistoryEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class HoldAuthorized:
    """The field office verified the person is not a citizen; the jail may begin the hold at release."""

    booking_id: str
    detainer_id: str
    at: datetime
    officer: str
    verification: str


@dataclass(frozen=True, slots=True)
class VerificationDue:
    booking_id: str
    case_id: str
    detainer_id: str


@dataclass(frozen=True, slots=True)
class DetainerDeclined:
    booking_id: str
    detainer_id: str
    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class NoticeServed:
    """The jail handed the person the detainer copy with the Notice to the Detainee, in their language."""

    booking_id: str
    detainer_id: str
    at: datetime
    language: str
    aor: str
