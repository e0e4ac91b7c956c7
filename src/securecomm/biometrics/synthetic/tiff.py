"""8-bit TIFF bytes with 500 ppi resolution tags, the form FVC-style sets and the engine's decoder expect."""

from __future__ import annotations

import io

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from securecomm.biometrics.synthetic.errors import SynthesisError

__all__ = ["encode_tiff"]


def encode_tiff(pixels: NDArray[np.uint8], *, ppi: int = 500) -> bytes:
    """Uncompressed 8-bit gray TIFF bytes whose XResolution/YResolution tags say `ppi` pixels per inch."""
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8 or pixels.ndim != 2:
        raise SynthesisError("pixels must be a 2-D uint8 array", where="encode_tiff")
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="TIFF", dpi=(ppi, ppi))
    return buffer.getvalue()
