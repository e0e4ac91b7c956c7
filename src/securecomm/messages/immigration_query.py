"""LESC's status determination (IAR) and the combined IDR/IAR response to the jail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from securecomm.messages.ident import Iaq

__all__ = ["Iar", "IdrIar", "ImmigrationStatus", "StatusDetermination"]


class ImmigrationStatus(StrEnum):
    """Status vocabulary shared with the rules' case file (`immigration.status`)."""

    USC = "usc"
    NATURALIZED = "naturalized"
    LPR = "lpr"
    VISA = "visa"
    OVERSTAY = "overstay"
    EWI = "ewi"
    FINAL_ORDER = "final_order"
    REENTRY_AFTER_REMOVAL = "reentry_after_removal"

    @property
    def is_citizen(self) -> bool:
        return self in (ImmigrationStatus.USC, ImmigrationStatus.NATURALIZED)


@dataclass(frozen=True, slots=True)
class StatusDetermination:
    """What LESC concluded from the matched records, with its reasons (it can be wrong: records miss things)."""

    status: ImmigrationStatus
    removable: bool
    reasons: tuple[str, ...]
    fin: str
    a_number: str | None = None
    entry_on: date | None = None
    final_order_on: date | None = None
    removal_dates: tuple[date, ...] = ()
    apprehended_at_border: bool = False
    visa_abuse: bool = False
    fraud: bool = False
    failed_to_appear: bool = False


@dataclass(frozen=True, slots=True)
class Iar:
    """Immigration Alien Response to the ERO field office whose AOR covers the county."""

    iaq: Iaq
    aor: str
    determination: StatusDetermination


@dataclass(frozen=True, slots=True)
class IdrIar:
    """The combined IDENT Data Response / IAR to the jail (only where it receives IDRs)."""

    booking_id: str
    fin: str
    status: ImmigrationStatus
    removable: bool
    summary: str
