"""IDENT's answers: a no-match response to the jail, or an Immigration Alien Query to LESC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from securecomm.messages.criminal_history import IdentSearch

__all__ = ["Iaq", "IdentCandidate", "IdrNoMatch"]


@dataclass(frozen=True, slots=True)
class IdentCandidate:
    """An IDENT identity (FIN) whose enrolled prints matched, with the fused score."""

    fin: str
    score: float


@dataclass(frozen=True, slots=True)
class IdrNoMatch:
    """IDENT Data Response: the prints match no immigration record."""

    booking_id: str
    searched_at: datetime


@dataclass(frozen=True, slots=True)
class Iaq:
    """Immigration Alien Query generated automatically on an IDENT match (Nlets IAQ content)."""

    search: IdentSearch
    candidates: tuple[IdentCandidate, ...]  # best first
    offense_ncic: str  # OFF: most serious charge, 0399 when none
    in_custody: bool = True  # CUS/Y
