"""A person's true immigration status: ground truth, never shown to an agency.

Agencies see IDENT encounters and criminal records (`ident.IdentEncounter`, `criminal.CriminalRecord`);
only the scoring of a run (false matches, detainers against citizens) reads `TrueStatus`.
"""

from __future__ import annotations

import enum

__all__ = ["TrueStatus"]


class TrueStatus(enum.StrEnum):
    """What a person truly is under the immigration laws on the world's start date."""

    USC_BIRTH = "usc_birth"  # US citizen by birth in the United States
    USC_NATURALISED = "usc_naturalised"  # US citizen by naturalisation (INA 316)
    USC_DERIVED = (
        "usc_derived"  # US citizen by derivation from a naturalised parent (INA 320), often unrecorded
    )
    LPR = "lpr"  # lawful permanent resident
    NONIMMIGRANT = "nonimmigrant"  # visa holder within the admitted period
    OVERSTAY = "overstay"  # admitted lawfully, stayed past the admitted period
    EWI = "ewi"  # entered without inspection
    FINAL_ORDER = "final_order"  # ordered removed, order not executed
    REENTRY = "reentry"  # re-entered after a removal

    @property
    def is_citizen(self) -> bool:
        return self in (TrueStatus.USC_BIRTH, TrueStatus.USC_NATURALISED, TrueStatus.USC_DERIVED)

    @property
    def is_foreign_born(self) -> bool:
        return self is not TrueStatus.USC_BIRTH

    @property
    def lacks_status(self) -> bool:
        """Removable without regard to crime: no lawful status at all."""
        return self in (TrueStatus.OVERSTAY, TrueStatus.EWI, TrueStatus.FINAL_ORDER, TrueStatus.REENTRY)
