"""ICE ERO field offices (Areas of Responsibility) of the Secure Communities era, 2008-2014.

domain.md §1.1 lists 24 AOR codes (from the UWCHR ICE ERO data). The county map we have
(`ice_aor_counties`, Deportation Data Project) is today's 25-office layout; it differs only by the
Harlingen office, opened later out of San Antonio's AOR. ASSUMPTION (unverified, documented in
docs/synthetic-world.md §1.2): for 2008-2014 the Harlingen counties belong to San Antonio (SNA).
"""

from __future__ import annotations

import enum

__all__ = ["FOLDED_OFFICES", "OFFICE_CODES_BY_NAME", "FieldOffice", "field_office_for"]


class FieldOffice(enum.StrEnum):
    """The 24 ERO field offices of 2008-2014, by their 3-letter AOR code."""

    ATL = "ATL"  # Atlanta
    BAL = "BAL"  # Baltimore
    BOS = "BOS"  # Boston
    BUF = "BUF"  # Buffalo
    CHI = "CHI"  # Chicago
    DAL = "DAL"  # Dallas
    DEN = "DEN"  # Denver
    DET = "DET"  # Detroit
    ELP = "ELP"  # El Paso
    HOU = "HOU"  # Houston
    LOS = "LOS"  # Los Angeles
    MIA = "MIA"  # Miami
    NEW = "NEW"  # Newark
    NOL = "NOL"  # New Orleans
    NYC = "NYC"  # New York City
    PHI = "PHI"  # Philadelphia
    PHO = "PHO"  # Phoenix
    SEA = "SEA"  # Seattle
    SFR = "SFR"  # San Francisco
    SLC = "SLC"  # Salt Lake City
    SNA = "SNA"  # San Antonio
    SND = "SND"  # San Diego
    SPM = "SPM"  # St. Paul
    WAS = "WAS"  # Washington


OFFICE_CODES_BY_NAME: dict[str, FieldOffice] = {
    "atlanta": FieldOffice.ATL,
    "baltimore": FieldOffice.BAL,
    "boston": FieldOffice.BOS,
    "buffalo": FieldOffice.BUF,
    "chicago": FieldOffice.CHI,
    "dallas": FieldOffice.DAL,
    "denver": FieldOffice.DEN,
    "detroit": FieldOffice.DET,
    "el paso": FieldOffice.ELP,
    "houston": FieldOffice.HOU,
    "los angeles": FieldOffice.LOS,
    "miami": FieldOffice.MIA,
    "newark": FieldOffice.NEW,
    "new orleans": FieldOffice.NOL,
    "new york city": FieldOffice.NYC,
    "philadelphia": FieldOffice.PHI,
    "phoenix": FieldOffice.PHO,
    "seattle": FieldOffice.SEA,
    "san francisco": FieldOffice.SFR,
    "salt lake city": FieldOffice.SLC,
    "san antonio": FieldOffice.SNA,
    "san diego": FieldOffice.SND,
    "st paul": FieldOffice.SPM,
    "st. paul": FieldOffice.SPM,
    "saint paul": FieldOffice.SPM,
    "washington": FieldOffice.WAS,
}

# Offices of today's layout that did not exist in 2008-2014, and the office that covered them then.
FOLDED_OFFICES: dict[str, FieldOffice] = {"harlingen": FieldOffice.SNA}


def field_office_for(office_name: str) -> FieldOffice | None:
    """The 2008-2014 field office for an office name of the current layout (None if unknown).

    >>> field_office_for("Harlingen")
    <FieldOffice.SNA: 'SNA'>
    """
    key = " ".join(office_name.strip().casefold().split())
    return OFFICE_CODES_BY_NAME.get(key) or FOLDED_OFFICES.get(key)
