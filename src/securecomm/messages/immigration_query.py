"""LESC's status determination (IAR) and the combined IDR/IAR response to the jail.

The status vocabulary is the rules' own (`securecomm.rules.ImmigrationStatus`), shared with the case file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from securecomm.messages.ident import Iaq
from securecomm.rules.case import ImmigrationStatus

__all__ = ["Iar", "IdrIar", "ImmigrationStatus", "StatusDetermination"]


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
