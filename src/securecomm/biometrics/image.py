"""A fingerprint image: 8-bit gray pixels at a known resolution, decoded from bytes with Pillow.

Resolution. The engine works at 500 ppi (the FBI/ISO standard for ten-prints). We read the TIFF tags
themselves (282 XResolution, 283 YResolution, 296 ResolutionUnit) because Pillow reports `dpi (1, 1)` for
TIFFs, such as the FVC sets, that carry no resolution tag at all. The rule:

* no resolution tag, or a unit of "none" (296 = 1, which states an aspect ratio, not a density): 500 ppi;
* an explicit resolution inside [RESOLUTION_MIN_PPI, RESOLUTION_MAX_PPI] (475-525 ppi, i.e. within 5 %, the
  scale error the matcher's distance tolerances absorb): accepted as it is;
* an explicit resolution outside that band, or different horizontal and vertical densities: refused with
  `ImageError`. We do not resample: a 1000 ppi print should be down-sampled by whoever knows its optics.

The same rule applies to PNG `pHYs` and JPEG density, which Pillow reports in `info["dpi"]`.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFile, UnidentifiedImageError

from securecomm.biometrics import parameters as P
from securecomm.biometrics.errors import ImageError

__all__ = ["FingerprintImage", "decode_image"]

_TIFF_X_RESOLUTION = 282
_TIFF_Y_RESOLUTION = 283
_TIFF_RESOLUTION_UNIT = 296
_UNIT_NONE, _UNIT_INCH, _UNIT_CM = 1, 2, 3
_CM_PER_INCH = 2.54


@dataclass(frozen=True, slots=True)
class FingerprintImage:
    """Gray pixels (uint8, row-major, 0 = black ink) and the resolution in pixels per inch."""

    pixels: NDArray[np.uint8]
    ppi: float = P.NATIVE_PPI

    def __post_init__(self) -> None:
        if not isinstance(self.pixels, np.ndarray) or self.pixels.dtype != np.uint8 or self.pixels.ndim != 2:
            raise ImageError("pixels must be a 2-D uint8 array (8-bit gray)", where="FingerprintImage")
        height, width = self.pixels.shape
        if min(height, width) < P.MIN_IMAGE_SIDE_PX or max(height, width) > P.MAX_IMAGE_SIDE_PX:
            raise ImageError(
                f"image is {width} x {height} px; the engine takes sides of {P.MIN_IMAGE_SIDE_PX}"
                f"-{P.MAX_IMAGE_SIDE_PX} px at 500 ppi",
                where="FingerprintImage",
            )
        _check_ppi(self.ppi, where="FingerprintImage")

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


def _check_ppi(ppi: float, *, where: str) -> None:
    if not (P.RESOLUTION_MIN_PPI <= ppi <= P.RESOLUTION_MAX_PPI):
        raise ImageError(
            f"resolution {ppi:g} ppi is outside the accepted {P.RESOLUTION_MIN_PPI:g}-{P.RESOLUTION_MAX_PPI:g} ppi"
            " band; resample the image to 500 ppi first",
            where=where,
        )


def _ratio(value: object) -> float | None:
    """A TIFF RATIONAL (Pillow's IFDRational, a tuple, or a number) as a float; None when unusable."""
    if isinstance(value, tuple):
        if len(value) == 1:
            return _ratio(value[0])
        if len(value) == 2 and all(isinstance(v, int | float) for v in value):
            return float(value[0]) / float(value[1]) if value[1] else None
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if np.isfinite(number) else None


def _declared_ppi(image: Image.Image, where: str) -> float:
    """The resolution the file states, or NATIVE_PPI when it states none (see the module docstring)."""
    tags = getattr(image, "tag_v2", None)
    if tags is not None:
        if _TIFF_X_RESOLUTION not in tags and _TIFF_Y_RESOLUTION not in tags:
            return P.NATIVE_PPI
        unit = tags.get(_TIFF_RESOLUTION_UNIT, _UNIT_INCH)
        if unit == _UNIT_NONE:
            return P.NATIVE_PPI
        x = _ratio(tags.get(_TIFF_X_RESOLUTION))
        y = _ratio(tags.get(_TIFF_Y_RESOLUTION, tags.get(_TIFF_X_RESOLUTION)))
        if x is None or y is None or x <= 0 or y <= 0:
            raise ImageError("the TIFF resolution tags (282/283) are not positive numbers", where=where)
        scale = _CM_PER_INCH if unit == _UNIT_CM else 1.0
        x, y = x * scale, y * scale
    else:
        dpi = image.info.get("dpi")
        if dpi is None:
            return P.NATIVE_PPI
        x, y = (_ratio(dpi[0]) or 0.0), (_ratio(dpi[1]) or 0.0)
        if x <= 0 or y <= 0:
            return P.NATIVE_PPI
    if abs(x - y) > P.RESOLUTION_ASPECT_TOLERANCE * max(x, y):
        raise ImageError(
            f"horizontal {x:g} ppi and vertical {y:g} ppi differ; pixels must be square", where=where
        )
    return float((x + y) / 2.0)


_TRUNCATION_FLAG = threading.Lock()


def _load_strictly(image: Image.Image) -> None:
    """Load the pixels, refusing a truncated file even where another library relaxed Pillow's global check.

    WeasyPrint (the notices' PDF renderer) sets `ImageFile.LOAD_TRUNCATED_IMAGES = True` when imported, which
    would let a cut-off print decode with grey padding; a fingerprint must never be padded silently.
    """
    with _TRUNCATION_FLAG:
        relaxed = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = relaxed


def decode_image(data: bytes, *, where: str = "image") -> FingerprintImage:
    """Decode TIFF/PNG/BMP/JPEG bytes into an 8-bit gray `FingerprintImage`; `where` names the source."""
    if not data:
        raise ImageError("the file is empty", where=where)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            _load_strictly(image)
    except Image.DecompressionBombError:
        raise ImageError("the image is too large to decode", where=where) from None
    except UnidentifiedImageError:
        raise ImageError(
            "not an image format this engine reads (use 8-bit gray TIFF, PNG, BMP or JPEG)", where=where
        ) from None
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageError(f"the image data is damaged or truncated ({error})", where=where) from None
    ppi = _declared_ppi(image, where)
    _check_ppi(ppi, where=where)
    if image.mode in ("L", "P", "RGB", "RGBA", "LA", "CMYK", "YCbCr", "1"):
        gray = image.convert("L")
    elif image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit or float gray: rescale the observed range to 0..255 instead of clipping it.
        values = np.asarray(image, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        span = high - low if high > low else 1.0
        pixels = np.round((values - low) * (255.0 / span)).astype(np.uint8)
        return _wrap(pixels, ppi, where)
    else:
        raise ImageError(f"image mode {image.mode!r} cannot be converted to 8-bit gray", where=where)
    return _wrap(np.asarray(gray, dtype=np.uint8).copy(), ppi, where)


def _wrap(pixels: NDArray[np.uint8], ppi: float, where: str) -> FingerprintImage:
    try:
        return FingerprintImage(pixels=pixels, ppi=ppi)
    except ImageError as error:
        raise ImageError(str(error).removeprefix("FingerprintImage: "), where=where) from None
