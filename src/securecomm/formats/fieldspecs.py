"""Field specifications ("level 1": each field's own syntax) for the record types securecomm types.

Each `Spec` says whether a field is mandatory, how many subfields it may repeat, and which information
items each subfield holds, with a validator per item. The tables follow ANSI/NIST-ITL 1-2011 §8.1
(Type-1), §8.2 (Type-2), §8.10 (Type-10), §8.13 (Type-13) and §8.14 (Type-14); fields a table does not
name are kept and written back untouched, because user-defined and later-edition fields are legal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime

from securecomm.formats.codes import (
    AMPUTATION_CODES,
    COMPRESSION_CODES,
    FINGER_POSITIONS,
    IMPRESSION_TYPES,
    TYPE14_IMPRESSIONS,
)

__all__ = ["SPECS", "Item", "Spec", "Validator"]

Validator = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Item:
    """One information item of a field: its name as the standard gives it, and how to check it."""

    name: str
    required: bool = True
    check: Validator | None = None


@dataclass(frozen=True, slots=True)
class Spec:
    """One field: mnemonic, whether it is mandatory, its items, how often it may repeat."""

    mnemonic: str
    required: bool
    items: tuple[Item, ...] = ()
    max_subfields: int | None = 1
    binary: bool = False
    open_items: bool = False  # the item count varies (checked by a record rule), e.g. 14.025 ASEG


def integer(low: int, high: int) -> Validator:
    def check(value: str) -> str | None:
        if not value.isdigit() or not low <= int(value) <= high:
            return f"{value!r} is not a whole number from {low} to {high}"
        return None

    return check


def one_of(allowed: Collection[str], what: str) -> Validator:
    def check(value: str) -> str | None:
        if value not in allowed:
            return f"{value!r} is not a valid {what} ({', '.join(sorted(allowed))})"
        return None

    return check


def code_in(table: Collection[int], what: str) -> Validator:
    def check(value: str) -> str | None:
        if not value.isdigit() or int(value) not in table:
            return f"{value!r} is not a valid {what}"
        return None

    return check


def yyyymmdd(value: str) -> str | None:
    """A calendar date written YYYYMMDD."""
    if len(value) == 8 and value.isdigit():
        try:
            date(int(value[:4]), int(value[4:6]), int(value[6:]))
            return None
        except ValueError:
            pass
    return f"{value!r} is not a date written YYYYMMDD"


def gmt(value: str) -> str | None:
    """Greenwich mean time written YYYYMMDDhhmmssZ (capital Z)."""
    if len(value) == 15 and value.endswith("Z") and value[:14].isdigit():
        try:
            datetime.strptime(value[:14], "%Y%m%d%H%M%S")
            return None
        except ValueError:
            pass
    return f"{value!r} is not a UTC time written YYYYMMDDhhmmssZ"


_RESOLUTION = re.compile(r"\d\d\.\d\d")


def resolution(value: str) -> str | None:
    """Pixels per millimetre written NN.NN (00.00 when no Type-4 image is sent)."""
    return None if _RESOLUTION.fullmatch(value) else f"{value!r} is not a resolution written NN.NN (px/mm)"


_TOT = re.compile(r"[A-Za-z0-9]{1,16}")


def type_of_transaction(value: str) -> str | None:
    return None if _TOT.fullmatch(value) else f"{value!r} is not 1-16 letters or digits"


def hex4(value: str) -> str | None:
    return None if re.fullmatch(r"[0-9A-Fa-f]{4}", value) else f"{value!r} is not four hexadecimal digits"


def quality_score(value: str) -> str | None:
    if value.isdigit() and (int(value) <= 100 or int(value) in (254, 255)):
        return None
    return f"{value!r} is not a quality score (0-100, 254 not computed, 255 failed)"


def nfiq(value: str) -> str | None:
    if value in ("1", "2", "3", "4", "5", "254", "255"):
        return None
    return f"{value!r} is not an NIST quality metric (1-5, 254 not computed, 255 failed)"


def stitched(value: str) -> str | None:
    return (
        None if value == "Y" else f"{value!r} is not allowed: SIF is 'Y' for a stitched image, else left out"
    )


_POSITIVE = integer(1, 99_999)
_FINGER = code_in(range(18), "finger position code (0-17)")
_FRICTION_POSITION = code_in(
    FINGER_POSITIONS.keys(), "friction ridge position code (ANSI/NIST-ITL 1-2011 Table 8)"
)
_PPD_CODE = one_of({"EJI", "TIP", "FV1", "FV2", "FV3", "FV4", "PRX", "DST", "MED"}, "print position code")
_FINGER_VIEW = one_of({"TIP", "FV1", "FV2", "FV3", "FV4"}, "full finger view code")
_SEGMENT = one_of({"NA", "PRX", "DST", "MED"}, "segment location code")
_COORDINATE = integer(0, 99_999)

TYPE1: dict[int, Spec] = {
    2: Spec("VER", True, (Item("VER", check=None),)),  # an odd version is a warning, see checks
    3: Spec("CNT", True, (), max_subfields=None, open_items=True),  # checked by checks.content_entries
    4: Spec("TOT", True, (Item("TOT (type of transaction)", check=type_of_transaction),)),
    5: Spec("DAT", True, (Item("DAT (date)", check=yyyymmdd),)),
    6: Spec("PRY", False, (Item("PRY (priority)", check=integer(1, 9)),)),
    7: Spec("DAI", True, (Item("DAI (destination agency identifier)"),)),
    8: Spec("ORI", True, (Item("ORI (originating agency identifier)"),)),
    9: Spec("TCN", True, (Item("TCN (transaction control number)"),)),
    10: Spec("TCR", False, (Item("TCR (transaction control reference)"),)),
    11: Spec("NSR", True, (Item("NSR (native scanning resolution)", check=resolution),)),
    12: Spec("NTR", True, (Item("NTR (nominal transmitting resolution)", check=resolution),)),
    13: Spec("DOM", False, (Item("DNM (domain name)"), Item("DVN (domain version number)", required=False))),
    14: Spec("GMT", False, (Item("GMT (Greenwich mean time)", check=gmt),)),
    15: Spec(
        "DCS",
        False,
        (
            Item("CSI (character encoding index)", check=integer(0, 999)),
            Item("CSN (character encoding name)"),
            Item("CSV (character encoding version)", required=False),
        ),
        max_subfields=None,
    ),
    16: Spec(
        "APS",
        False,
        (
            Item("APO (application profile organization)"),
            Item("APN (profile name)"),
            Item("APV (profile version)"),
        ),
        max_subfields=None,
    ),
    17: Spec("ANM", False, (Item("DAN (destination agency name)"), Item("OAN (originating agency name)"))),
}

_IDC = Spec("IDC", True, (Item("IDC (information designation character)", check=integer(0, 99)),))

TYPE2: dict[int, Spec] = {2: _IDC}

_IMAGE_COMMON: dict[int, Spec] = {
    2: _IDC,
    4: Spec("SRC", True, (Item("SRC (source agency)"),)),
    6: Spec("HLL", True, (Item("HLL (horizontal line length)", check=_POSITIVE),)),
    7: Spec("VLL", True, (Item("VLL (vertical line length)", check=_POSITIVE),)),
    8: Spec("SLC", True, (Item("SLC (scale units)", check=integer(0, 2)),)),
    9: Spec("THPS", True, (Item("THPS (transmitted horizontal pixel scale)", check=_POSITIVE),)),
    10: Spec("TVPS", True, (Item("TVPS (transmitted vertical pixel scale)", check=_POSITIVE),)),
    11: Spec(
        "CGA",
        True,
        (Item("CGA (compression algorithm)", check=one_of(COMPRESSION_CODES, "compression code")),),
    ),
    20: Spec("COM", False, (Item("COM (comment)"),)),
    999: Spec("DATA", True, binary=True),
}

_FRICTION_RIDGE: dict[int, Spec] = {
    **_IMAGE_COMMON,
    5: Spec("FCD", True, (Item("FCD (friction ridge capture date)", check=yyyymmdd),)),
    12: Spec("BPX", True, (Item("BPX (bits per pixel)", check=integer(1, 99)),)),
    13: Spec(
        "FGP", True, (Item("FGP (friction ridge position)", check=_FRICTION_POSITION),), max_subfields=6
    ),
    14: Spec("PPD", False, (Item("FGP (finger number)", check=_FINGER), Item("PPC code", check=_PPD_CODE))),
    15: Spec(
        "PPC",
        False,
        (
            Item("FVC (full finger view)", check=_FINGER_VIEW),
            Item("LOS (location of segment)", check=_SEGMENT),
            Item("LEFT", check=_COORDINATE),
            Item("RIGHT", check=_COORDINATE),
            Item("TOP", check=_COORDINATE),
            Item("BOTTOM", check=_COORDINATE),
        ),
        max_subfields=12,
    ),
}

_QUALITY_ITEMS = (
    Item("FGP (finger position)", check=_FINGER),
    Item("QVU (quality value)", check=quality_score),
    Item("QAV (algorithm vendor)", check=hex4),
    Item("QAP (algorithm product)", check=integer(1, 65535)),
)

TYPE13: dict[int, Spec] = {
    **_FRICTION_RIDGE,
    3: Spec(
        "IMP",
        True,
        (Item("IMP (impression type)", check=code_in(IMPRESSION_TYPES.keys(), "impression type")),),
    ),
}

TYPE14: dict[int, Spec] = {
    **_FRICTION_RIDGE,
    3: Spec(
        "IMP",
        True,
        (
            Item(
                "IMP (impression type)",
                check=code_in(TYPE14_IMPRESSIONS, "Type-14 impression type (0-3, 8, 20-29)"),
            ),
        ),
    ),
    16: Spec("SHPS", False, (Item("SHPS (scanned horizontal pixel scale)", check=_POSITIVE),)),
    17: Spec("SVPS", False, (Item("SVPS (scanned vertical pixel scale)", check=_POSITIVE),)),
    18: Spec(
        "AMP",
        False,
        (
            Item("FGP (finger position)", check=_FINGER),
            Item("AMPCD", check=one_of(AMPUTATION_CODES, "amputation code")),
        ),
        max_subfields=4,
    ),
    21: Spec(
        "SEG",
        False,
        (
            Item("FGP (finger position)", check=_FINGER),
            Item("LHC (left horizontal coordinate)", check=_COORDINATE),
            Item("RHC (right horizontal coordinate)", check=_COORDINATE),
            Item("TVC (top vertical coordinate)", check=_COORDINATE),
            Item("BVC (bottom vertical coordinate)", check=_COORDINATE),
        ),
        max_subfields=4,
    ),
    22: Spec(
        "NQM",
        False,
        (Item("FGP (finger position)", check=_FINGER), Item("IQS (NFIQ score)", check=nfiq)),
        max_subfields=4,
    ),
    23: Spec("SQM", False, _QUALITY_ITEMS, max_subfields=None),
    24: Spec("FQM", False, _QUALITY_ITEMS, max_subfields=None),
    25: Spec(
        "ASEG", False, (Item("FGP (finger position)", check=_FINGER),), max_subfields=4, open_items=True
    ),
    26: Spec("SCF", False, (Item("SCF (scale factor)", check=_POSITIVE),)),
    27: Spec("SIF", False, (Item("SIF (stitched image flag)", check=stitched),)),
    30: Spec(
        "DMM",
        False,
        (
            Item(
                "DMM (device monitoring mode)",
                check=one_of(
                    {"CONTROLLED", "ASSISTED", "OBSERVED", "UNATTENDED", "UNKNOWN"}, "device monitoring mode"
                ),
            ),
        ),
    ),
    31: Spec(
        "FAP",
        False,
        (
            Item(
                "FAP (subject acquisition profile)",
                check=one_of({"10", "20", "30", "40", "45", "50", "60"}, "FAP level"),
            ),
        ),
    ),
}

TYPE10: dict[int, Spec] = {
    **_IMAGE_COMMON,
    3: Spec("IMT", True, (Item("IMT (image type)"),)),
    5: Spec("PHD", True, (Item("PHD (photo date)", check=yyyymmdd),)),
    12: Spec(
        "CSP",
        True,
        (
            Item(
                "CSP (colour space)",
                check=one_of({"UNK", "GRAY", "RGB", "SRGB", "YCC", "SYCC"}, "colour space"),
            ),
        ),
    ),
}

TYPE9: dict[int, Spec] = {
    2: _IDC,
    3: Spec(
        "IMP",
        True,
        (Item("IMP (impression type)", check=code_in(IMPRESSION_TYPES.keys(), "impression type")),),
    ),
    4: Spec("FMT", True, (Item("FMT (minutiae format)", check=one_of({"S", "U"}, "minutiae format")),)),
}

# Record types with a specification table; every other tagged type only needs its IDC.
SPECS: dict[int, dict[int, Spec]] = {1: TYPE1, 2: TYPE2, 9: TYPE9, 10: TYPE10, 13: TYPE13, 14: TYPE14}
GENERIC: dict[int, Spec] = {2: _IDC}
