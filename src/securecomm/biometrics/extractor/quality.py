"""Stage: minutia quality, and the cut to the best MAX_MINUTIAE.

A minutia is as trustworthy as the ridge flow around it: the structure-tensor coherence averaged over a
neighbourhood of about one ridge period measures that, and it falls near scars, creases and noisy patches.
Minutiae near the print's edge are more often cut ridges than real endings, so quality also falls linearly
within QUALITY_BORDER_PX of the border. Quality is an integer 0-100 (ISO/IEC 19794-2 scale).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P

__all__ = ["minutia_quality", "strongest"]


def minutia_quality(
    x: NDArray[np.int32],
    y: NDArray[np.int32],
    coherence: NDArray[np.float32],
    distance_to_border: NDArray[np.float32],
) -> NDArray[np.uint8]:
    """Quality 0-100 for each minutia at (x, y)."""
    if x.size == 0:
        return np.zeros(0, dtype=np.uint8)
    local = ndimage.gaussian_filter(coherence, P.QUALITY_SIGMA_PX, mode="constant", truncate=3.0)[y, x]
    border = np.clip(distance_to_border[y, x] / P.QUALITY_BORDER_PX, 0.0, 1.0)
    return np.asarray(np.clip(np.round(100.0 * local * border), 0, 100), dtype=np.uint8)


def strongest(quality: NDArray[np.uint8], limit: int | None = None) -> NDArray[np.int64]:
    """Indices of the `limit` (default MAX_MINUTIAE) highest-quality minutiae, ties in order, ascending."""
    order = np.argsort(-quality.astype(np.int64), kind="stable")[: P.MAX_MINUTIAE if limit is None else limit]
    return np.sort(order)
