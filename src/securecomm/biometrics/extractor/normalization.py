"""Stage: local contrast normalization, so ridges are positive and every region has unit contrast.

Sensors and pressure make some areas pale and others nearly black; every later stage (orientation,
frequency, Gabor filtering) wants the same ridge amplitude everywhere. We subtract a Gaussian local mean and
divide by the local standard deviation at the scale of about one ridge period, with a floor so that flat
background noise is not amplified into false ridges. Ridges (dark ink) come out positive.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P

__all__ = ["local_deviation", "normalize"]


def local_deviation(
    pixels: NDArray[np.uint8], sigma_px: float
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """(mean - pixel, local standard deviation) at Gaussian scale `sigma_px`; ink is positive."""
    gray = pixels.astype(np.float32)
    mean = ndimage.gaussian_filter(gray, sigma_px, mode="nearest", truncate=3.0)
    ink = mean - gray
    deviation = np.sqrt(ndimage.gaussian_filter(ink * ink, sigma_px, mode="nearest", truncate=3.0))
    return ink, deviation.astype(np.float32)


def normalize(pixels: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Zero-mean, unit-contrast ridge image (ridges > 0); float32, the input's shape."""
    ink, deviation = local_deviation(pixels, P.NORMALIZE_SIGMA_PX)
    return (ink / np.maximum(deviation, np.float32(P.NORMALIZE_CONTRAST_FLOOR))).astype(np.float32)
