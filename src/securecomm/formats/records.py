"""Logical records of an ANSI/NIST-ITL transaction: tagged records (typed views for Types 1, 2, 9, 10, 13,
14; a generic record for every other type) and binary records (Type-4 typed; Types 7 and 8 generic).

The typed classes add named, parsed accessors over the same tagged fields, so a record that a reader
does not understand in detail still round-trips byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from securecomm.formats.codes import COMPRESSION_BINARY
from securecomm.formats.tagged import Field, tag

__all__ = [
    "BinaryRecord",
    "ImageRecord",
    "Record",
    "TaggedRecord",
    "Type1Record",
    "Type2Record",
    "Type4Record",
    "Type9Record",
    "Type10Record",
    "Type13Record",
    "Type14Record",
    "tagged_record",
]


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


@dataclass(frozen=True, slots=True)
class TaggedRecord:
    """A tagged-field record of any type (Types 2 and 9-99, and Type-1), LEN excluded."""

    record_type: int
    fields: tuple[Field, ...]

    def field(self, number: int) -> Field | None:
        """The field with this number (the part of the tag after the dot), if present."""
        for f in self.fields:
            if f.number == number:
                return f
        return None

    def text(self, number: int) -> str | None:
        """The first information item of field `number`, or None when the field is absent."""
        f = self.field(number)
        return None if f is None else f.first

    def tag(self, number: int) -> str:
        return tag(self.record_type, number)

    @property
    def idc(self) -> int | None:
        """Information designation character (field 2), linking the record to the CNT entry."""
        return None if self.record_type == 1 else _int_or_none(self.text(2))

    @property
    def data(self) -> bytes | None:
        """The binary data of field 999, if the record has one."""
        f = self.field(999)
        return f.value if f is not None and isinstance(f.value, bytes) else None

    def replace(self, *fields: Field) -> TaggedRecord:
        """A copy with `fields` replacing same-numbered fields (or appended, keeping numeric order)."""
        new = {f.number: f for f in fields}
        kept = [new.pop(f.number, f) for f in self.fields]
        merged = sorted([*kept, *new.values()], key=lambda f: f.number) if new else kept
        return tagged_record(self.record_type, tuple(merged))


@dataclass(frozen=True, slots=True)
class Type1Record(TaggedRecord):
    """Transaction information: version, content list (CNT), type of transaction, agencies, dates."""

    @property
    def version(self) -> str | None:
        return self.text(2)

    @property
    def content(self) -> tuple[tuple[str, ...], ...]:
        """1.003 CNT as written: the first subfield is ('1', count), then one (type, IDC) per record."""
        f = self.field(3)
        return () if f is None else f.subfields

    @property
    def tot(self) -> str | None:
        return self.text(4)

    @property
    def date(self) -> str | None:
        return self.text(5)

    @property
    def destination(self) -> str | None:
        return self.text(7)

    @property
    def originating_agency(self) -> str | None:
        return self.text(8)

    @property
    def tcn(self) -> str | None:
        return self.text(9)

    @property
    def native_scanning_resolution(self) -> str | None:
        return self.text(11)

    @property
    def native_scanning_ppmm(self) -> float | None:
        """1.011 NSR in pixels per millimetre, or None when absent, malformed or 00.00."""
        text = self.text(11) or ""
        if re.fullmatch(r"\d+(\.\d+)?", text) and float(text) > 0:
            return float(text)
        return None

    @property
    def character_set(self) -> int | None:
        """1.015 DCS character encoding index, when declared."""
        return _int_or_none(self.text(15))


@dataclass(frozen=True, slots=True)
class Type2Record(TaggedRecord):
    """User-defined descriptive text; its fields are defined by a domain such as the FBI's EBTS."""


@dataclass(frozen=True, slots=True)
class Type9Record(TaggedRecord):
    """Minutiae data (legacy IAFIS fields 9.005-9.012, INCITS 378 block 9.126-9.150, or vendor blocks)."""

    @property
    def impression(self) -> int | None:
        return _int_or_none(self.text(3))

    @property
    def minutiae_format(self) -> str | None:
        """9.004 FMT: 'S' standard (IAFIS) or 'U' user-defined."""
        return self.text(4)


@dataclass(frozen=True, slots=True)
class ImageRecord(TaggedRecord):
    """The image fields Types 10, 13, 14 (and 15, 17 ...) share: size, scale, compression, bits per pixel."""

    @property
    def width(self) -> int | None:
        return _int_or_none(self.text(6))

    @property
    def height(self) -> int | None:
        return _int_or_none(self.text(7))

    @property
    def scale_units(self) -> int | None:
        """SLC: 0 = no scale (aspect ratio only), 1 = pixels per inch, 2 = pixels per centimetre."""
        return _int_or_none(self.text(8))

    @property
    def horizontal_scale(self) -> int | None:
        return _int_or_none(self.text(9))

    @property
    def vertical_scale(self) -> int | None:
        return _int_or_none(self.text(10))

    @property
    def compression(self) -> str | None:
        return self.text(11)

    @property
    def bits_per_pixel(self) -> int | None:
        """BPX (field 12) for friction-ridge records; Type-10 gives a colour space there instead."""
        return _int_or_none(self.text(12))

    @property
    def ppi(self) -> tuple[float, float] | None:
        """(horizontal, vertical) pixels per inch, or None when SLC says the record gives no scale."""
        slc, h, v = self.scale_units, self.horizontal_scale, self.vertical_scale
        if slc not in (1, 2) or h is None or v is None:
            return None
        factor = 1.0 if slc == 1 else 2.54
        return (h * factor, v * factor)


@dataclass(frozen=True, slots=True)
class Type10Record(ImageRecord):
    """Facial, other body part and SMT image (booking photo)."""

    @property
    def image_type(self) -> str | None:
        return self.text(3)

    @property
    def color_space(self) -> str | None:
        return self.text(12)


@dataclass(frozen=True, slots=True)
class FrictionRidgeRecord(ImageRecord):
    """Fields Type-13 (latent) and Type-14 (exemplar finger) images share."""

    @property
    def impression(self) -> int | None:
        return _int_or_none(self.text(3))

    @property
    def positions(self) -> tuple[int, ...]:
        """13.013 / 14.013 FGP: the possible friction ridge positions (up to six)."""
        f = self.field(13)
        if f is None:
            return ()
        return tuple(int(items[0]) for items in f.subfields if items and items[0].isdigit())


@dataclass(frozen=True, slots=True)
class Type13Record(FrictionRidgeRecord):
    """Friction-ridge latent image."""


@dataclass(frozen=True, slots=True)
class Type14Record(FrictionRidgeRecord):
    """Fingerprint image (rolled, plain, slap), with amputation (AMP) and quality (NQM) per finger."""

    @property
    def amputations(self) -> tuple[tuple[int, str], ...]:
        """14.018 AMP: (finger position, code) where code is XX (amputated) or UP (unable to print)."""
        f = self.field(18)
        if f is None:
            return ()
        return tuple((int(s[0]), s[1]) for s in f.subfields if len(s) >= 2 and s[0].isdigit())


_TAGGED_CLASSES: dict[int, type[TaggedRecord]] = {
    1: Type1Record,
    2: Type2Record,
    9: Type9Record,
    10: Type10Record,
    13: Type13Record,
    14: Type14Record,
    # Palm and iris records share the image fields 6-12 of Types 13/14 (Type-16 is user-defined).
    15: ImageRecord,
    17: ImageRecord,
}


def tagged_record(record_type: int, fields: tuple[Field, ...]) -> TaggedRecord:
    """Build the typed record class for `record_type` (a generic `TaggedRecord` for other types)."""
    return _TAGGED_CLASSES.get(record_type, TaggedRecord)(record_type, fields)


@dataclass(frozen=True, slots=True)
class Type4Record:
    """High-resolution grayscale fingerprint image in the binary Type-4 layout (18-byte header).

    `positions` keeps the finger positions of the 6-byte FGP field without the 255 fill bytes; `isr` is
    0 when the image is at the minimum scanning resolution (19.69 px/mm, the 500 ppi class) and 1 when
    it is at the native scanning resolution given in 1.011 NSR; `compression` is the binary code (GCA).
    """

    idc: int
    impression: int
    positions: tuple[int, ...]
    isr: int
    width: int
    height: int
    compression: int
    image: bytes
    record_type: int = 4

    @property
    def compression_name(self) -> str | None:
        return COMPRESSION_BINARY.get(self.compression)

    @property
    def data(self) -> bytes:
        return self.image


@dataclass(frozen=True, slots=True)
class BinaryRecord:
    """A binary record kept as its header bytes and data: Type-7 (user-defined) and Type-8 (signature).

    `header` is what follows LEN and IDC up to the data: 7 bytes for Type-8 (SIG, SRT, ISR, HLL, VLL),
    none for Type-7 (whose layout is user-defined).
    """

    record_type: int
    idc: int
    header: bytes
    image: bytes

    @property
    def data(self) -> bytes:
        return self.image


Record = TaggedRecord | Type4Record | BinaryRecord
