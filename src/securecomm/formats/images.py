"""Image payloads of a transaction: decode to NumPy arrays with their resolution, encode 8-bit gray to WSQ.

WSQ comes from the `wsq` package's Pillow plugin (NIST's decoder); PNG, JPEG and JPEG 2000 from Pillow;
uncompressed images are reshaped from the record's width and height. Lossless JPEG (JPEGL) is refused
with a clear error: no decoder for it is available here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import wsq  # noqa: F401  (registers the WSQ codec with Pillow)
from PIL import Image

from securecomm.formats.codes import PPMM_500_PPI
from securecomm.formats.errors import Problem, TransactionError
from securecomm.formats.records import FrictionRidgeRecord, ImageRecord, Record, Type4Record
from securecomm.formats.transaction import Transaction

__all__ = [
    "DecodedImage",
    "FingerImage",
    "decode_image",
    "decode_payload",
    "encode_wsq",
    "finger_images",
    "image_records",
]

Pixels = npt.NDArray[np.uint8]

# The ten-print positions a finger image may have: rolled 1-10, plain thumbs 11/12, slaps 13/14/15.
TEN_PRINT_POSITIONS = frozenset(range(1, 16))
_PILLOW_FORMATS = {"WSQ20": "WSQ", "JPEGB": "JPEG", "PNG": "PNG", "JP2": "JPEG2000", "JP2L": "JPEG2000"}


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """Pixels of one image record: (height, width) for gray, (height, width, 3) for colour."""

    pixels: Pixels
    ppi_x: float | None
    ppi_y: float | None
    compression: str
    record_index: int

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


@dataclass(frozen=True, slots=True)
class FingerImage:
    """One 8-bit gray finger image at a finger position (FGP), with its resolution in pixels per inch.

    `ppi` is None when the record states no scale (SLC 0); the fingerprint engine decides what that
    means. `record_index` says which record of a transaction it came from (None when built in memory).
    """

    position: int
    pixels: Pixels
    ppi: float | None
    impression: int = 1
    record_index: int | None = None


def _error(
    message: str, index: int | None, record_type: int | None, tag: str | None = None
) -> TransactionError:
    return TransactionError(
        [Problem(message, record_index=index, record_type=record_type, tag=tag)], source=""
    )


def decode_payload(
    data: bytes,
    compression: str,
    *,
    width: int,
    height: int,
    bits_per_pixel: int = 8,
    record_index: int | None = None,
    record_type: int | None = None,
) -> Pixels:
    """Decode one image payload; the decoded size must agree with the record's width and height."""
    if compression == "NONE":
        channels = {8: 1, 24: 3}.get(bits_per_pixel)
        if channels is None:
            raise _error(
                f"uncompressed images of {bits_per_pixel} bits per pixel are not supported (8 or 24)",
                record_index,
                record_type,
            )
        expected = width * height * channels
        if len(data) != expected:
            raise _error(
                f"uncompressed {width}x{height} image needs {expected} bytes but the record holds {len(data)}",
                record_index,
                record_type,
            )
        array = np.frombuffer(data, dtype=np.uint8)
        return array.reshape((height, width) if channels == 1 else (height, width, 3)).copy()
    if compression == "JPEGL":
        raise _error(
            "lossless JPEG (JPEGL) images cannot be decoded here; ask the sender for WSQ or PNG",
            record_index,
            record_type,
        )
    if compression not in _PILLOW_FORMATS:
        raise _error(f"unknown compression {compression!r}", record_index, record_type)
    try:
        with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[compression]]) as image:
            image.load()
            converted: Image.Image = image
            if image.mode not in ("L", "RGB"):
                converted = image.convert("RGB" if image.mode in ("RGBA", "P", "CMYK", "YCbCr") else "L")
            pixels = np.asarray(converted, dtype=np.uint8).copy()
    except TransactionError:
        raise
    except Exception as error:  # the WSQ plugin raises bare Exception, UnboundLocalError, OSError ...
        raise _error(
            f"{compression} image data cannot be decoded: {error or type(error).__name__}",
            record_index,
            record_type,
        ) from None
    if (pixels.shape[1], pixels.shape[0]) != (width, height):
        raise _error(
            f"the {compression} image is {pixels.shape[1]}x{pixels.shape[0]} pixels but the record says {width}x{height}",
            record_index,
            record_type,
        )
    return pixels


def _type4_ppi(transaction: Transaction, record: Type4Record) -> float:
    if record.isr == 0:
        return PPMM_500_PPI * 25.4
    nsr = transaction.type1.native_scanning_ppmm
    if nsr is None:
        raise _error("ISR is 1 (native resolution) but 1.011 NSR gives no resolution", None, 4)
    return nsr * 25.4


def image_records(transaction: Transaction) -> list[tuple[int, Record]]:
    """(index, record) for every record carrying an image this module can describe."""
    return [
        (i, r)
        for i, r in enumerate(transaction.records)
        if isinstance(r, Type4Record | ImageRecord) and r.data
    ]


def decode_image(transaction: Transaction, index: int) -> DecodedImage:
    """Decode the image of record `index` (Type-4, or a tagged image record such as Type-10/13/14/17)."""
    record = transaction.records[index]
    if isinstance(record, Type4Record):
        name = record.compression_name or f"code {record.compression}"
        pixels = decode_payload(
            record.image, name, width=record.width, height=record.height, record_index=index, record_type=4
        )
        ppi = _type4_ppi(transaction, record)
        return DecodedImage(pixels, ppi, ppi, name, index)
    if isinstance(record, ImageRecord):
        data, width, height = record.data, record.width, record.height
        if data is None or width is None or height is None or record.compression is None:
            raise _error("the record lacks image data, size or compression", index, record.record_type)
        bpx = (
            record.bits_per_pixel
            if record.record_type != 10
            else (24 if record.text(12) in ("RGB", "SRGB", "YCC", "SYCC") else 8)
        )
        pixels = decode_payload(
            data,
            record.compression,
            width=width,
            height=height,
            bits_per_pixel=bpx or 8,
            record_index=index,
            record_type=record.record_type,
        )
        scale = record.ppi
        return DecodedImage(
            pixels, scale[0] if scale else None, scale[1] if scale else None, record.compression, index
        )
    raise _error("the record carries no image", index, record.record_type)


def finger_images(transaction: Transaction) -> dict[int, FingerImage]:
    """The finger images of a ten-print transaction, keyed by finger position (FGP 1-15).

    Type-4 and Type-14 records count; a record's first FGP is its key. Two images at one position, a
    colour image, or pixels that are not square (1 % tolerance) are refused: a matcher needs one 8-bit
    gray image per finger at one resolution.
    """
    found: dict[int, FingerImage] = {}
    for index, record in enumerate(transaction.records):
        if isinstance(record, Type4Record):
            positions, impression = record.positions, record.impression
        elif isinstance(record, FrictionRidgeRecord) and record.record_type == 14:
            positions, impression = record.positions, record.impression or 0
        else:
            continue
        if not positions or positions[0] not in TEN_PRINT_POSITIONS:
            continue
        position = positions[0]
        if position in found:
            raise _error(
                f"two images for finger position {position} (records {found[position].record_index} and {index})",
                index,
                record.record_type,
            )
        decoded = decode_image(transaction, index)
        if decoded.pixels.ndim != 2:
            raise _error("a finger image must be 8-bit gray, this one is colour", index, record.record_type)
        if (
            decoded.ppi_x is not None
            and decoded.ppi_y is not None
            and abs(decoded.ppi_x - decoded.ppi_y) > 0.01 * decoded.ppi_x
        ):
            raise _error(
                f"pixels are not square ({decoded.ppi_x:.0f} x {decoded.ppi_y:.0f} ppi); a matcher needs one resolution",
                index,
                record.record_type,
            )
        found[position] = FingerImage(position, decoded.pixels, decoded.ppi_x, impression, index)
    return found


def encode_wsq(pixels: Pixels) -> bytes:
    """WSQ-compress an 8-bit gray image with NIST's encoder (the `wsq` package's default rate).

    Images smaller than 64x64 pixels are refused: the encoder fails or returns noise below that size.
    """
    array = np.asarray(pixels)
    if array.dtype != np.uint8 or array.ndim != 2:
        raise ValueError(
            f"WSQ needs an 8-bit gray (2-D uint8) image, not {array.dtype} with shape {array.shape}"
        )
    if min(array.shape) < 64:
        raise ValueError(
            f"WSQ needs an image of at least 64x64 pixels, not {array.shape[1]}x{array.shape[0]}"
        )
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(array)).save(out, format="WSQ")
    return out.getvalue()
