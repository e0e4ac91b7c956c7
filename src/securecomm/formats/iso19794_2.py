"""ISO/IEC 19794-2:2005 finger minutiae records ("FMR"), the format matchers exchange templates in.

Layout (all integers big-endian):

* record header, 24 bytes: "FMR\\0", version " 20\\0", total length (4), capture equipment
  certification (4 bits) and ID (12 bits), image width (2) and height (2) in pixels, x and y
  resolution (2 each) in pixels per centimetre, number of finger views (1), reserved (1);
* per finger view, a 4-byte header: finger position (1), view number (4 bits) and impression type
  (4 bits), finger quality (1), number of minutiae (1); then 6 bytes per minutia: type (2 bits:
  01 ridge ending, 10 bifurcation, 00 other) and x (14 bits), reserved (2 bits) and y (14 bits),
  angle (1 byte, units of 360/256 = 1.40625 degrees, counter-clockwise from the x axis), quality (1);
  then the extended data block length (2) and that many bytes.

The record type is independent of the fingerprint engine; the engine converts its own template to
and from `IsoMinutiaRecord`. A resolution of 0 means "not given".

NBIS as packaged on PyPI (`nbis-py` 0.1.x) writes and reads a *different* 26-byte header under the same
"FMR\0 20\0" identifier: no resolutions, no view count, the view header split around four zero bytes,
the minutia count at byte 25 and no extended-data length. A conformant reader must refuse those bytes,
and NBIS misreads conformant ones. `Layout.NBIS_PY` reads and writes that layout explicitly, so
templates can still be exchanged with NBIS; nothing guesses which layout a record uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from securecomm.formats.errors import MinutiaRecordError

__all__ = [
    "ANGLE_UNIT_DEGREES",
    "FingerView",
    "IsoMinutia",
    "IsoMinutiaRecord",
    "Layout",
    "MinutiaKind",
    "decode_iso19794_2",
    "encode_iso19794_2",
]

MAGIC = b"FMR\x00"
VERSION = b" 20\x00"
HEADER_BYTES = 24
VIEW_HEADER_BYTES = 4
MINUTIA_BYTES = 6
ANGLE_UNIT_DEGREES = 360 / 256
_MAX_COORDINATE = 2**14 - 1


class Layout(StrEnum):
    """Which byte layout a record uses: the standard's, or the one nbis-py 0.1.x writes."""

    ISO_2005 = "iso-19794-2:2005"
    NBIS_PY = "nbis-py-0.1"


NBIS_HEADER_BYTES = 26


class MinutiaKind(StrEnum):
    ENDING = "ending"
    BIFURCATION = "bifurcation"
    OTHER = "other"


_KIND_BITS = {MinutiaKind.OTHER: 0, MinutiaKind.ENDING: 1, MinutiaKind.BIFURCATION: 2}
_BITS_KIND = {bits: kind for kind, bits in _KIND_BITS.items()}


@dataclass(frozen=True, slots=True)
class IsoMinutia:
    """One minutia: kind, position in pixels, angle in 1.40625-degree units (0-255), quality 0-100."""

    kind: MinutiaKind
    x: int
    y: int
    angle: int
    quality: int

    @property
    def angle_degrees(self) -> float:
        return self.angle * ANGLE_UNIT_DEGREES

    @classmethod
    def from_degrees(cls, kind: MinutiaKind, x: int, y: int, degrees: float, quality: int) -> IsoMinutia:
        """A minutia with its angle rounded to the nearest ISO unit (360 degrees wraps to 0)."""
        return cls(kind, x, y, round((degrees % 360) / ANGLE_UNIT_DEGREES) % 256, quality)


@dataclass(frozen=True, slots=True)
class FingerView:
    """The minutiae of one view of one finger."""

    position: int
    minutiae: tuple[IsoMinutia, ...]
    view_number: int = 0
    impression: int = 0
    quality: int = 0
    extended_data: bytes = b""


@dataclass(frozen=True, slots=True)
class IsoMinutiaRecord:
    """A finger minutiae record: the image geometry and one or more finger views."""

    width: int
    height: int
    x_resolution: int  # pixels per centimetre (197 for 500 ppi); 0 = not given
    y_resolution: int
    views: tuple[FingerView, ...]
    equipment_certification: int = 0
    equipment_id: int = 0


def _require(condition: bool, message: str, source: str, offset: int | None) -> None:
    if not condition:
        raise MinutiaRecordError(message, source=source, offset=offset)


def _validate(record: IsoMinutiaRecord, *, source: str) -> None:
    """Values must fit their bit widths and lie inside the image, on writing as on reading."""
    _require(
        0 <= record.width <= 0xFFFF and 0 <= record.height <= 0xFFFF,
        "image size must fit 16 bits",
        source,
        None,
    )
    for value, what in ((record.x_resolution, "x resolution"), (record.y_resolution, "y resolution")):
        _require(0 <= value <= 0xFFFF, f"{what} {value} must fit 16 bits", source, None)
    _require(0 <= record.equipment_certification <= 0xF, "equipment certification is 4 bits", source, None)
    _require(0 <= record.equipment_id <= 0xFFF, "capture equipment ID is 12 bits", source, None)
    _require(
        1 <= len(record.views) <= 255,
        f"a record has 1-255 finger views, not {len(record.views)}",
        source,
        None,
    )
    for v, view in enumerate(record.views):
        at = f"view {v}"
        _require(0 <= view.position <= 10, f"{at}: finger position {view.position} is not 0-10", source, None)
        _require(
            0 <= view.view_number <= 15, f"{at}: view number {view.view_number} is not 0-15", source, None
        )
        _require(
            0 <= view.impression <= 15, f"{at}: impression type {view.impression} is not 0-15", source, None
        )
        _require(0 <= view.quality <= 100, f"{at}: finger quality {view.quality} is not 0-100", source, None)
        _require(len(view.minutiae) <= 255, f"{at}: {len(view.minutiae)} minutiae, at most 255", source, None)
        _require(len(view.extended_data) <= 0xFFFF, f"{at}: extended data over 65535 bytes", source, None)
        for m, minutia in enumerate(view.minutiae):
            where = f"{at}, minutia {m}"
            _require(
                0 <= minutia.angle <= 255, f"{where}: angle {minutia.angle} is not 0-255 units", source, None
            )
            _require(
                0 <= minutia.quality <= 100, f"{where}: quality {minutia.quality} is not 0-100", source, None
            )
            for value, size, axis in ((minutia.x, record.width, "x"), (minutia.y, record.height, "y")):
                _require(
                    0 <= value <= _MAX_COORDINATE,
                    f"{where}: {axis} {value} does not fit 14 bits",
                    source,
                    None,
                )
                _require(
                    size == 0 or value < size,
                    f"{where}: {axis} {value} is outside the {size}-pixel image",
                    source,
                    None,
                )


def _minutia_bytes(m: IsoMinutia) -> bytes:
    first = (_KIND_BITS[m.kind] << 14) | m.x
    return first.to_bytes(2, "big") + m.y.to_bytes(2, "big") + bytes([m.angle, m.quality])


def _encode_nbis(record: IsoMinutiaRecord) -> bytes:
    _require(
        len(record.views) == 1, "the NBIS layout holds exactly one finger view", "record to encode", None
    )
    view = record.views[0]
    _require(not view.extended_data, "the NBIS layout has no extended data block", "record to encode", None)
    total = NBIS_HEADER_BYTES + MINUTIA_BYTES * len(view.minutiae)
    header = (
        MAGIC
        + VERSION
        + total.to_bytes(4, "big")
        + bytes(2)
        + record.width.to_bytes(2, "big")
        + record.height.to_bytes(2, "big")
        + bytes([view.position, (view.view_number << 4) | view.impression, view.quality])
        + bytes(4)
        + bytes([len(view.minutiae)])
    )
    return header + b"".join(_minutia_bytes(m) for m in view.minutiae)


def encode_iso19794_2(record: IsoMinutiaRecord, *, layout: Layout = Layout.ISO_2005) -> bytes:
    """The record as ISO/IEC 19794-2:2005 bytes (`MinutiaRecordError` if a value does not fit).

    `layout=Layout.NBIS_PY` writes the header nbis-py 0.1.x reads instead (one view, no resolution).
    """
    _validate(record, source="record to encode")
    if layout is Layout.NBIS_PY:
        return _encode_nbis(record)
    body = bytearray()
    for view in record.views:
        body += bytes(
            [view.position, (view.view_number << 4) | view.impression, view.quality, len(view.minutiae)]
        )
        for m in view.minutiae:
            body += _minutia_bytes(m)
        body += len(view.extended_data).to_bytes(2, "big") + view.extended_data
    total = HEADER_BYTES + len(body)
    header = (
        MAGIC
        + VERSION
        + total.to_bytes(4, "big")
        + ((record.equipment_certification << 12) | record.equipment_id).to_bytes(2, "big")
        + record.width.to_bytes(2, "big")
        + record.height.to_bytes(2, "big")
        + record.x_resolution.to_bytes(2, "big")
        + record.y_resolution.to_bytes(2, "big")
        + bytes([len(record.views), 0])
    )
    return header + bytes(body)


def _minutia(data: bytes, at: int, where: str, source: str) -> IsoMinutia:
    first, second = int.from_bytes(data[at : at + 2], "big"), int.from_bytes(data[at + 2 : at + 4], "big")
    kind_bits = first >> 14
    _require(kind_bits != 3, f"{where}: minutia type bits 11 are reserved", source, at)
    _require(second >> 14 == 0, f"{where}: the reserved bits above y are not 0", source, at + 2)
    return IsoMinutia(_BITS_KIND[kind_bits], first & _MAX_COORDINATE, second, data[at + 4], data[at + 5])


def _check_identity(data: bytes, header_bytes: int, source: str) -> None:
    size = f"the {header_bytes}-byte record header"
    _require(len(data) >= header_bytes, f"{len(data)} bytes is shorter than {size}", source, 0)
    _require(data[:4] == MAGIC, f"format identifier is {bytes(data[:4])!r}, not 'FMR\\0'", source, 0)
    _require(
        data[4:8] == VERSION,
        f"version is {bytes(data[4:8])!r}, not ' 20\\0' (only ISO/IEC 19794-2:2005 is read)",
        source,
        4,
    )
    total = int.from_bytes(data[8:12], "big")
    _require(
        total == len(data), f"the length field says {total} bytes but the record has {len(data)}", source, 8
    )


def _decode_nbis(data: bytes, source: str) -> IsoMinutiaRecord:
    _check_identity(data, NBIS_HEADER_BYTES, source)
    _require(data[12:14] == bytes(2), "bytes 12-13 are not zero as nbis-py writes them", source, 12)
    _require(data[21:25] == bytes(4), "reserved bytes 21-24 are not zero as nbis-py writes them", source, 21)
    count = data[25]
    expected = NBIS_HEADER_BYTES + MINUTIA_BYTES * count
    _require(
        len(data) == expected,
        f"{count} minutiae need {expected} bytes, the record has {len(data)}",
        source,
        25,
    )
    minutiae = tuple(
        _minutia(data, NBIS_HEADER_BYTES + m * MINUTIA_BYTES, f"minutia {m}", source) for m in range(count)
    )
    view = FingerView(
        data[18], minutiae, view_number=data[19] >> 4, impression=data[19] & 0xF, quality=data[20]
    )
    width, height = int.from_bytes(data[14:16], "big"), int.from_bytes(data[16:18], "big")
    record = IsoMinutiaRecord(width, height, 0, 0, (view,))
    _validate(record, source=source)
    return record


def decode_iso19794_2(data: bytes, *, source: str, layout: Layout = Layout.ISO_2005) -> IsoMinutiaRecord:
    """Read and validate a finger minutiae record; `MinutiaRecordError` names what is wrong and the byte.

    `layout=Layout.NBIS_PY` reads the header nbis-py 0.1.x writes instead of the standard's.
    """
    if layout is Layout.NBIS_PY:
        return _decode_nbis(data, source)
    _check_identity(data, HEADER_BYTES, source)
    equipment = int.from_bytes(data[12:14], "big")
    width, height = int.from_bytes(data[14:16], "big"), int.from_bytes(data[16:18], "big")
    x_res, y_res = int.from_bytes(data[18:20], "big"), int.from_bytes(data[20:22], "big")
    view_count = data[22]
    _require(view_count >= 1, "the record holds no finger views (byte 22 is 0)", source, 22)
    _require(data[23] == 0, f"reserved byte is {data[23]}, not 0", source, 23)
    pos = HEADER_BYTES
    views: list[FingerView] = []
    for v in range(view_count):
        _require(
            pos + VIEW_HEADER_BYTES <= len(data),
            f"view {v}: its header runs past the record end",
            source,
            pos,
        )
        position, view_and_impression, quality, count = data[pos : pos + VIEW_HEADER_BYTES]
        pos += VIEW_HEADER_BYTES
        end = pos + count * MINUTIA_BYTES
        _require(end + 2 <= len(data), f"view {v}: {count} minutiae run past the record end", source, pos)
        minutiae = tuple(
            _minutia(data, pos + m * MINUTIA_BYTES, f"view {v}, minutia {m}", source) for m in range(count)
        )
        extended = int.from_bytes(data[end : end + 2], "big")
        _require(
            end + 2 + extended <= len(data), f"view {v}: extended data runs past the record end", source, end
        )
        views.append(
            FingerView(
                position=position,
                minutiae=minutiae,
                view_number=view_and_impression >> 4,
                impression=view_and_impression & 0xF,
                quality=quality,
                extended_data=bytes(data[end + 2 : end + 2 + extended]),
            )
        )
        pos = end + 2 + extended
    _require(pos == len(data), f"{len(data) - pos} bytes follow the last finger view", source, pos)
    record = IsoMinutiaRecord(width, height, x_res, y_res, tuple(views), equipment >> 12, equipment & 0xFFF)
    _validate(record, source=source)
    return record
