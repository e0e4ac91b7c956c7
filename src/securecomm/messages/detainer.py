"""Detainers as lodged and lifted by the ERO field office (DHS Form I-247 family)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["DetainerLifted", "DetainerLodged", "LiftReason"]


class LiftReason(StrEnum):
    """The historic detainer lift reasons of ICE's records, FY2008-2015 (domain.md §3.7)."""

    BOOKED_INTO_DETENTION = "Booked into Detention"
    CASE_CLOSED = "Case Closed"
    LIFTED = "Lifted"
    TRANSFERRED = "Transferred"
    EARLY_RELEASE = "Early Release"
    DECLINED_BY_LEA = "Detainer Declined by LEA"
    PROSECUTORIAL_DISCRETION = "Prosecutorial Discretion"
    NOT_SUBJECT_TO_DEPORTATION = "Alien Not Subject to Deportation"
    USC_INTERVIEWED = "United States Citizen Interviewed"
    DIED = "Died"
    LACK_OF_FUNDS = "Lifted - Lack of Funds"
    LACK_OF_SPACE = "Lifted - Lack of Space"


@dataclass(frozen=True, slots=True)
class DetainerLodged:
    """A detainer (or a request for notification) as issued, with the boxes the officer marked."""

    detainer_id: str
    booking_id: str
    form: str  # I-247-2010, I-247-2011, I-247-2012, I-247D, I-247N, I-247X, I-247A
    issued_at: datetime
    aor: str
    officer: str
    boxes: tuple[str, ...]  # criteria / priority / probable-cause box ids of the form
    requests_hold: bool
    operative_upon_conviction: bool
    notice_language: str  # ISO 639-1 of the Notice to the Detainee copy to serve
    reason: str  # the officer's recorded reason


@dataclass(frozen=True, slots=True)
class DetainerLifted:
    detainer_id: str
    booking_id: str
    reason: LiftReason
    at: datetime
    officer: str
    note: str = ""
