"""The fingerprint template: minutiae plus the compact feature maps the matcher needs, versioned.

Templates are not compatible across format versions (sourceafis-java#30): loading one of another version
raises `TemplateVersionError`, and the fix is to re-extract it from the stored original image. Every load
validates lengths, ranges and a CRC-32, so a corrupt template is refused with `TemplateError` rather than
matched.

Coordinates are pixels at 500 ppi with the origin at the top-left corner, x to the right, y down.
Directions are radians in [0, 2 pi) from the x axis towards +y, with ISO/IEC 19794-2's sense (an ending
points into its ridge, a bifurcation into its fork; see `extractor.minutiae`).

Binary layout (little-endian): magic b"SCFT", u16 format version, u16 width, u16 height, f32 ppi,
u16 minutia count n, u16 mask rows, u16 mask cols, u16 field rows, u16 field cols, then n x i16 x, n x i16 y,
n x f32 direction, n x u8 type, n x u8 quality, the mask bits (packed, row-major), field rows x cols u8
orientation (units of 180/256 degrees), as many u8 coherence (units of 1/255), and a u32 CRC-32 of all
preceding bytes.
"""

from __future__ import annotations

import enum
import struct
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P
from securecomm.biometrics.errors import TemplateError, TemplateVersionError

if TYPE_CHECKING:
    from securecomm.formats.iso19794_2 import IsoMinutiaRecord

__all__ = ["FORMAT_VERSION", "MinutiaType", "Template", "grid_shape", "wrap_directions"]

FORMAT_VERSION = 1
_MAGIC = b"SCFT"
_HEADER = struct.Struct("<4sHHHfHHHHH")
_CRC = struct.Struct("<I")
_TWO_PI = 2.0 * np.pi


class MinutiaType(enum.StrEnum):
    """The minutia types a template records (codes 1 and 3 are crossing numbers; 0 is ISO "other")."""

    OTHER = "other"
    ENDING = "ending"
    BIFURCATION = "bifurcation"

    @property
    def code(self) -> int:
        return {MinutiaType.OTHER: 0, MinutiaType.ENDING: 1, MinutiaType.BIFURCATION: 3}[self]

    @classmethod
    def from_code(cls, code: int) -> MinutiaType:
        return {0: cls.OTHER, 1: cls.ENDING, 3: cls.BIFURCATION}[code]


def wrap_directions(radians: NDArray[np.floating]) -> NDArray[np.float32]:
    """Directions as float32 in [0, 2 pi): a float64 just below 2 pi can round up to it in float32."""
    wrapped = np.mod(np.asarray(radians, dtype=np.float64), _TWO_PI).astype(np.float32)
    wrapped[wrapped >= np.float32(_TWO_PI)] = np.float32(0.0)
    return wrapped


def grid_shape(height: int, width: int, block: int) -> tuple[int, int]:
    """Rows and columns of a block grid covering a height x width image."""
    return -(-height // block), -(-width // block)


@dataclass(frozen=True, slots=True, eq=False)
class Template:
    """One impression's features. Build with `extract(image)` or `Template.load(bytes)`."""

    format_version: ClassVar[int] = FORMAT_VERSION

    width: int
    height: int
    ppi: float
    x: NDArray[np.int16]
    y: NDArray[np.int16]
    direction: NDArray[np.float32]
    kind: NDArray[np.uint8]
    quality: NDArray[np.uint8]
    mask: NDArray[np.bool_]
    """Foreground on BLOCK_PX blocks: where the print was seen (for overlap and cylinder validity)."""
    orientation: NDArray[np.uint8]
    """Ridge orientation on ORIENTATION_BLOCK_PX blocks, in units of 180/256 degrees."""
    coherence: NDArray[np.uint8]
    """Reliability of `orientation`, 0 (none, or background) to 255."""
    where: str = field(default="template", compare=False, repr=False)

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def count(self) -> int:
        """The number of minutiae."""
        return int(self.x.size)

    def minutia_types(self) -> list[MinutiaType]:
        return [MinutiaType.from_code(int(code)) for code in self.kind]

    def orientation_radians(self) -> NDArray[np.float32]:
        """The orientation field in radians [0, pi)."""
        return (self.orientation.astype(np.float32) * np.float32(np.pi / 256.0)).astype(np.float32)

    def to_iso(self, *, position: int = 0, impression: int = 0) -> IsoMinutiaRecord:
        """This template as an ISO/IEC 19794-2:2005 record (see `biometrics.interchange`)."""
        from securecomm.biometrics.interchange import template_to_iso

        return template_to_iso(self, position=position, impression=impression)

    @classmethod
    def from_iso(cls, record: IsoMinutiaRecord, *, view: int = 0, where: str = "ISO record") -> Template:
        """A template from one view of an ISO/IEC 19794-2:2005 record (mask and field rebuilt)."""
        from securecomm.biometrics.interchange import template_from_iso

        return template_from_iso(record, view=view, where=where)

    def to_bytes(self) -> bytes:
        """The binary form (see the module docstring); `Template.load` reads it back exactly."""
        header = _HEADER.pack(
            _MAGIC,
            FORMAT_VERSION,
            self.width,
            self.height,
            self.ppi,
            self.count,
            self.mask.shape[0],
            self.mask.shape[1],
            self.orientation.shape[0],
            self.orientation.shape[1],
        )
        body = b"".join(
            [
                self.x.astype("<i2").tobytes(),
                self.y.astype("<i2").tobytes(),
                self.direction.astype("<f4").tobytes(),
                self.kind.astype(np.uint8).tobytes(),
                self.quality.astype(np.uint8).tobytes(),
                np.packbits(self.mask.ravel()).tobytes(),
                self.orientation.astype(np.uint8).tobytes(),
                self.coherence.astype(np.uint8).tobytes(),
            ]
        )
        payload = header + body
        return payload + _CRC.pack(zlib.crc32(payload))

    @classmethod
    def load(cls, data: bytes, *, where: str = "template") -> Template:
        """Parse and validate `data`; `where` names its source in error messages."""
        if len(data) < _HEADER.size + _CRC.size:
            raise TemplateError(f"too short to be a template ({len(data)} bytes)", where=where)
        magic, version, width, height, ppi, n, mrows, mcols, frows, fcols = _HEADER.unpack_from(data)
        if magic != _MAGIC:
            raise TemplateError("not a securecomm fingerprint template (bad magic bytes)", where=where)
        if version != FORMAT_VERSION:
            raise TemplateVersionError(
                f"template format version {version}, this engine reads version {FORMAT_VERSION};"
                " re-extract the template from the original image",
                where=where,
                found=version,
                expected=FORMAT_VERSION,
            )
        (stored_crc,) = _CRC.unpack_from(data, len(data) - _CRC.size)
        if zlib.crc32(data[: -_CRC.size]) != stored_crc:
            raise TemplateError("checksum mismatch: the template is corrupt or truncated", where=where)
        sizes = [2 * n, 2 * n, 4 * n, n, n, (mrows * mcols + 7) // 8, frows * fcols, frows * fcols]
        expected = _HEADER.size + sum(sizes) + _CRC.size
        if len(data) != expected:
            raise TemplateError(f"length {len(data)} bytes, the header implies {expected}", where=where)
        parts: list[bytes] = []
        offset = _HEADER.size
        for size in sizes:
            parts.append(data[offset : offset + size])
            offset += size
        mask_bits = np.unpackbits(np.frombuffer(parts[5], dtype=np.uint8))[: mrows * mcols]
        return cls(
            width=width,
            height=height,
            ppi=float(ppi),
            x=np.frombuffer(parts[0], dtype="<i2").astype(np.int16),
            y=np.frombuffer(parts[1], dtype="<i2").astype(np.int16),
            direction=np.frombuffer(parts[2], dtype="<f4").astype(np.float32),
            kind=np.frombuffer(parts[3], dtype=np.uint8).copy(),
            quality=np.frombuffer(parts[4], dtype=np.uint8).copy(),
            mask=mask_bits.astype(np.bool_).reshape(mrows, mcols),
            orientation=np.frombuffer(parts[6], dtype=np.uint8).reshape(frows, fcols).copy(),
            coherence=np.frombuffer(parts[7], dtype=np.uint8).reshape(frows, fcols).copy(),
            where=where,
        )


def _validate(t: Template) -> None:
    where = t.where

    def fail(message: str) -> TemplateError:
        return TemplateError(message, where=where)

    if not (
        P.MIN_IMAGE_SIDE_PX <= t.width <= P.MAX_IMAGE_SIDE_PX
        and P.MIN_IMAGE_SIDE_PX <= t.height <= P.MAX_IMAGE_SIDE_PX
    ):
        raise fail(
            f"image size {t.width} x {t.height} px is outside {P.MIN_IMAGE_SIDE_PX}-{P.MAX_IMAGE_SIDE_PX} px"
        )
    if not (P.RESOLUTION_MIN_PPI <= t.ppi <= P.RESOLUTION_MAX_PPI):
        raise fail(f"resolution {t.ppi:g} ppi is outside {P.RESOLUTION_MIN_PPI:g}-{P.RESOLUTION_MAX_PPI:g}")
    arrays: dict[str, NDArray[Any]] = {
        "x": t.x,
        "y": t.y,
        "direction": t.direction,
        "kind": t.kind,
        "quality": t.quality,
    }
    dtypes = {"x": np.int16, "y": np.int16, "direction": np.float32, "kind": np.uint8, "quality": np.uint8}
    for name, array in arrays.items():
        if not isinstance(array, np.ndarray) or array.ndim != 1 or array.dtype != dtypes[name]:
            raise fail(f"minutia {name} must be a 1-D {np.dtype(dtypes[name]).name} array")
    lengths = {name: int(array.size) for name, array in arrays.items()}
    if len(set(lengths.values())) != 1:
        raise fail(f"minutia arrays have inconsistent lengths {lengths}")
    if t.count > P.MAX_MINUTIAE:
        raise fail(f"{t.count} minutiae, more than the {P.MAX_MINUTIAE} a template may hold")
    if t.count:
        if t.x.min() < 0 or t.x.max() >= t.width or t.y.min() < 0 or t.y.max() >= t.height:
            raise fail("a minutia lies outside the image")
        if (
            not np.all(np.isfinite(t.direction))
            or t.direction.min() < 0
            or t.direction.max() >= np.float32(_TWO_PI)
        ):
            raise fail("a minutia direction is not in [0, 2 pi)")
        if not np.all(np.isin(t.kind, (0, 1, 3))):
            raise fail("a minutia type code is not 0 (other), 1 (ending) or 3 (bifurcation)")
        if t.quality.max() > 100:
            raise fail("a minutia quality exceeds 100")
    mask_shape = grid_shape(t.height, t.width, P.BLOCK_PX)
    if not isinstance(t.mask, np.ndarray) or t.mask.dtype != np.bool_ or t.mask.shape != mask_shape:
        raise fail(f"mask must be a bool array of shape {mask_shape}")
    field_shape = grid_shape(t.height, t.width, P.ORIENTATION_BLOCK_PX)
    for name, array in (("orientation", t.orientation), ("coherence", t.coherence)):
        if not isinstance(array, np.ndarray) or array.dtype != np.uint8 or array.shape != field_shape:
            raise fail(f"{name} must be a uint8 array of shape {field_shape}")
