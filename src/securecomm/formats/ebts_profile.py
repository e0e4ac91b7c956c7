"""The FBI EBTS profile of a criminal ten-print submission (TOT CAR), as data.

Source: FBI CJIS, Electronic Biometric Transmission Specification (EBTS) v10.0, NGI-DOC-01078-10.0
(2013), Appendix C (Type-2 field edit specifications) and Appendix D, Table D-1 (fields a CAR carries).
Field lists and codes were reconstructed from the specification and are tagged [M] in docs/formats.md
until re-verified against the current EBTS release; the tables below are the one place to correct them.

Two conventions here are securecomm's, not the FBI's (marked "interpretation"): the arrest offense
literal (ASL, 2.047, item AOL) begins with the 4-digit NCIC offense code and a space, so the offense
level rules can read the code back; and 2.073 CRI carries the arresting agency's ORI.
"""

from __future__ import annotations

import re
from enum import StrEnum
from types import MappingProxyType

from securecomm.formats.fieldspecs import Item, Spec, Validator, integer, one_of, yyyymmdd

__all__ = [
    "CAR_TYPE1",
    "CAR_TYPE2",
    "CAR_VERSIONS",
    "EBTS_SOURCE",
    "FBI_CJIS_ORI",
    "EyeColor",
    "HairColor",
    "Race",
    "Sex",
]

EBTS_SOURCE = "FBI CJIS EBTS v10.0 (NGI-DOC-01078-10.0), Appendix C and Table D-1"

# 1.007 DAI of a submission to the FBI's CJIS Division (NGI, formerly IAFIS).
FBI_CJIS_ORI = "WVIAFIS0Z"
# EBTS 10 rides on ANSI/NIST-ITL 1-2011 and its updates; 0400 (1-2007) is still accepted by NGI.
CAR_VERSIONS = frozenset({"0400", "0500", "0501", "0502"})


class Sex(StrEnum):
    """2.024 SEX codes a booking uses."""

    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "X"


class Race(StrEnum):
    """2.025 RAC codes (NCIC race codes)."""

    ASIAN_OR_PACIFIC_ISLANDER = "A"
    BLACK = "B"
    AMERICAN_INDIAN_OR_ALASKA_NATIVE = "I"
    UNKNOWN = "U"
    WHITE = "W"


class EyeColor(StrEnum):
    """2.031 EYE codes (NCIC eye colour codes)."""

    BLACK = "BLK"
    BLUE = "BLU"
    BROWN = "BRO"
    GREEN = "GRN"
    GRAY = "GRY"
    HAZEL = "HAZ"
    MAROON = "MAR"
    MULTICOLORED = "MUL"
    PINK = "PNK"
    UNKNOWN = "XXX"


class HairColor(StrEnum):
    """2.032 HAI codes (NCIC hair colour codes)."""

    BALD = "BAL"
    BLACK = "BLK"
    BLOND = "BLN"
    BLUE = "BLU"
    BROWN = "BRO"
    GREEN = "GRN"
    GRAY = "GRY"
    ORANGE = "ONG"
    PURPLE = "PLE"
    PINK = "PNK"
    RED = "RED"
    SANDY = "SDY"
    WHITE = "WHI"
    UNKNOWN = "XXX"


def pattern(regex: str, what: str) -> Validator:
    compiled = re.compile(regex)

    def check(value: str) -> str | None:
        return None if compiled.fullmatch(value) else f"{value!r} is not {what}"

    return check


ORI = pattern(r"[A-Z0-9]{9}", "a 9-character ORI (capital letters and digits)")
NAME = pattern(
    r"[A-Z][A-Z' -]*,[A-Z][A-Z' -]*",
    "a name written 'SURNAME,GIVEN MIDDLE' in capitals (at most 50 characters)",
)


def _name(value: str) -> str | None:
    return NAME(value) if len(value) <= 50 else f"{value!r} is longer than 50 characters"


def height(value: str) -> str | None:
    """HGT: three digits, feet then inches ('510' is 5 ft 10 in)."""
    if len(value) == 3 and value.isdigit() and int(value[0]) >= 1 and int(value[1:]) <= 11:
        return None
    return f"{value!r} is not a height written FII (feet, then two digits of inches 00-11)"


# An NCIC offense code, a space, then the literal (securecomm convention, see module docstring).
OFFENSE = pattern(
    r"\d{4} \S.{0,294}", "'NNNN literal': a 4-digit NCIC offense code, a space, the offense (<= 300)"
)
YES_NO = one_of({"Y", "N"}, "Y or N")

CAR_TYPE1: MappingProxyType[int, Spec] = MappingProxyType(
    {
        4: Spec(
            "TOT", True, (Item("TOT (type of transaction)", check=one_of({"CAR"}, "criminal ten-print TOT")),)
        ),
        6: Spec("PRY", False, (Item("PRY (priority)", check=integer(1, 9)),)),
        7: Spec("DAI", True, (Item("DAI (destination agency identifier)", check=ORI),)),
        8: Spec("ORI", True, (Item("ORI (originating agency identifier)", check=ORI),)),
        9: Spec(
            "TCN",
            True,
            (
                Item(
                    "TCN (transaction control number)",
                    check=pattern(r"[A-Za-z0-9-]{1,40}", "1-40 letters, digits or hyphens"),
                ),
            ),
        ),
    }
)

CAR_TYPE2: MappingProxyType[int, Spec] = MappingProxyType(
    {
        5: Spec("RET", True, (Item("RET (retention code)", check=YES_NO),)),
        9: Spec(
            "OCA",
            False,
            (
                Item(
                    "OCA (originating agency case number)",
                    check=pattern(r"[ -~]{1,20}", "1-20 printable characters"),
                ),
            ),
        ),
        18: Spec("NAM", True, (Item("NAM (name)", check=_name),)),
        19: Spec("AKA", False, (Item("AKA (alias)", check=_name),), max_subfields=10),
        20: Spec(
            "POB",
            True,
            (
                Item(
                    "POB (place of birth)",
                    check=pattern(r"[A-Z0-9]{2}", "a 2-character NCIC state or country code"),
                ),
            ),
        ),
        21: Spec(
            "CTZ",
            False,
            (
                Item(
                    "CTZ (country of citizenship)",
                    check=pattern(r"[A-Z0-9]{2}", "a 2-character NCIC country code"),
                ),
            ),
        ),
        22: Spec("DOB", True, (Item("DOB (date of birth)", check=yyyymmdd),), max_subfields=5),
        24: Spec("SEX", True, (Item("SEX", check=one_of({s.value for s in Sex}, "sex code")),)),
        25: Spec("RAC", True, (Item("RAC (race)", check=one_of({r.value for r in Race}, "race code")),)),
        27: Spec("HGT", True, (Item("HGT (height)", check=height),)),
        29: Spec(
            "WGT", True, (Item("WGT (weight, pounds)", check=pattern(r"\d{3}", "three digits of pounds")),)
        ),
        31: Spec(
            "EYE",
            True,
            (Item("EYE (eye color)", check=one_of({e.value for e in EyeColor}, "eye colour code")),),
        ),
        32: Spec(
            "HAI",
            True,
            (Item("HAI (hair color)", check=one_of({h.value for h in HairColor}, "hair colour code")),),
        ),
        38: Spec("DPR", True, (Item("DPR (date printed)", check=yyyymmdd),)),
        45: Spec("DOA", True, (Item("DOA (date of arrest)", check=yyyymmdd),)),
        47: Spec(
            "ASL",
            True,
            (
                Item("DOO (date of offense)", required=False, check=yyyymmdd),
                Item("AOL (arrest offense literal)", check=OFFENSE),
            ),
            max_subfields=40,
        ),
        67: Spec("IMA", False, (Item("MAK (make)"), Item("MODL (model)"), Item("SERNO (serial number)"))),
        70: Spec("RAP", False, (Item("RAP (request for rap sheet)", check=YES_NO),)),
        73: Spec("CRI", True, (Item("CRI (controlling agency identifier)", check=ORI),), max_subfields=3),
        84: Spec(
            "AMP",
            False,
            (
                Item("FGP (finger position)", check=integer(1, 10)),
                Item("AMPCD", check=one_of({"XX", "UP"}, "amputation code")),
            ),
            max_subfields=10,
        ),
    }
)
