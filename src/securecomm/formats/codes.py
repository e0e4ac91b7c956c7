"""Code tables of ANSI/NIST-ITL 1-2011 that the reader and the EBTS profile check values against.

Source: ANSI/NIST-ITL 1-2011, "Data Format for the Interchange of Fingerprint, Facial & Other Biometric
Information" (NIST Special Publication 500-290), Table 8 (friction ridge position codes), Table 7
(impression types), Table 15 (compression codes), Table 4 (character encoding index), Table 19
(amputated or bandaged codes). Only the codes the records we type need are listed; a code missing here
is refused by the checks, so extend the table (with its source) rather than loosening a check.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "AMPUTATION_CODES",
    "BINARY_RECORD_TYPES",
    "CHARACTER_SETS",
    "COMPRESSION_BINARY",
    "COMPRESSION_CODES",
    "DEPRECATED_RECORD_TYPES",
    "FINGER_POSITIONS",
    "KNOWN_VERSIONS",
    "PPMM_500_PPI",
    "ROLLED_IMPRESSIONS",
    "TYPE14_IMPRESSIONS",
    "fingers_in",
]

# Field 1.002 VER values of published editions (1-1993 was 0200 ... 1-2011 is 0500; the 2013 and 2015
# updates of 1-2011 are 0501 and 0502). Anything else is read with a warning.
KNOWN_VERSIONS = frozenset({"0200", "0201", "0300", "0400", "0500", "0501", "0502"})

# Types 3, 5 and 6 (low-resolution gray, binary fingerprint images) were deprecated by 1-2011 §7.
DEPRECATED_RECORD_TYPES = frozenset({3, 5, 6})
# Record types whose traditional encoding is a binary header, not tagged fields.
BINARY_RECORD_TYPES = frozenset({3, 4, 5, 6, 7, 8})

# 19.69 pixels per millimetre is the "500 ppi" class of the standard (1.011 NSR, Type-4 ISR = 0).
PPMM_500_PPI = 19.69

FINGER_POSITIONS: MappingProxyType[int, str] = MappingProxyType(
    {
        0: "unknown finger",
        1: "right thumb",
        2: "right index finger",
        3: "right middle finger",
        4: "right ring finger",
        5: "right little finger",
        6: "left thumb",
        7: "left index finger",
        8: "left middle finger",
        9: "left ring finger",
        10: "left little finger",
        11: "plain right thumb",
        12: "plain left thumb",
        13: "plain right four fingers",
        14: "plain left four fingers",
        15: "left and right thumbs",
        16: "right extra digit",
        17: "left extra digit",
        18: "unknown friction ridge",
        19: "EJI or tip",
        40: "right index/middle",
        41: "right middle/ring",
        42: "right ring/little",
        43: "left index/middle",
        44: "left middle/ring",
        45: "left ring/little",
        46: "right index and left index",
        47: "right index/middle/ring",
        48: "right middle/ring/little",
        49: "left index/middle/ring",
        50: "left middle/ring/little",
    }
)

# Which single fingers an image at a multi-finger position holds (for AMP, NQM, SEG ... subfields).
_MULTI_FINGER: dict[int, frozenset[int]] = {
    11: frozenset({1}),
    12: frozenset({6}),
    13: frozenset({2, 3, 4, 5}),
    14: frozenset({7, 8, 9, 10}),
    15: frozenset({1, 6}),
    40: frozenset({2, 3}),
    41: frozenset({3, 4}),
    42: frozenset({4, 5}),
    43: frozenset({7, 8}),
    44: frozenset({8, 9}),
    45: frozenset({9, 10}),
    46: frozenset({2, 7}),
    47: frozenset({2, 3, 4}),
    48: frozenset({3, 4, 5}),
    49: frozenset({7, 8, 9}),
    50: frozenset({8, 9, 10}),
}
_ANY_FINGER = frozenset(range(18))


def fingers_in(position: int) -> frozenset[int]:
    """The finger positions an image at `position` may describe in its per-finger subfields.

    >>> sorted(fingers_in(13))
    [2, 3, 4, 5]
    >>> sorted(fingers_in(7))
    [7]
    """
    if position in _MULTI_FINGER:
        return _MULTI_FINGER[position]
    if position in (0, 18):  # unknown finger / unknown friction ridge: any finger may be meant
        return _ANY_FINGER
    return frozenset({position})


IMPRESSION_TYPES: MappingProxyType[int, str] = MappingProxyType(
    {
        0: "live-scan plain",
        1: "live-scan rolled",
        2: "nonlive-scan plain",
        3: "nonlive-scan rolled",
        4: "latent impression",
        5: "latent tracing",
        6: "latent photo",
        7: "latent lift",
        8: "live-scan vertical swipe",
        20: "live-scan optical contact plain",
        21: "live-scan optical contact rolled",
        22: "live-scan non-optical contact plain",
        23: "live-scan non-optical contact rolled",
        24: "live-scan optical contactless plain",
        25: "live-scan optical contactless rolled",
        26: "live-scan non-optical contactless plain",
        27: "live-scan non-optical contactless rolled",
        28: "other",
        29: "unknown",
    }
)
# Latent codes (4-7) belong in Type-13; Type-14 holds exemplar (ten-print) impressions only.
TYPE14_IMPRESSIONS = frozenset({0, 1, 2, 3, 8, *range(20, 30)})
ROLLED_IMPRESSIONS = frozenset({1, 3, 21, 23, 25, 27})

# Tagged-record compression names and the numeric codes binary Type-4 records use for them.
COMPRESSION_CODES = frozenset({"NONE", "WSQ20", "JPEGB", "JPEGL", "JP2", "JP2L", "PNG"})
COMPRESSION_BINARY: MappingProxyType[int, str] = MappingProxyType(
    {0: "NONE", 1: "WSQ20", 2: "JPEGB", 3: "JPEGL", 4: "JP2", 5: "JP2L", 6: "PNG"}
)

# 1.015 DCS character encoding index -> the name it must carry; 128-999 are user-defined.
CHARACTER_SETS: MappingProxyType[int, str] = MappingProxyType(
    {0: "ASCII", 2: "UTF-16", 3: "UTF-8", 4: "UTF-32"}
)

AMPUTATION_CODES: MappingProxyType[str, str] = MappingProxyType(
    {"XX": "amputated", "UP": "unable to print (e.g. bandaged)"}
)
