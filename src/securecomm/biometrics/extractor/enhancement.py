"""Stage: contextual Gabor filtering, tuned at every pixel to the local ridge orientation and period.

Each foreground pixel is filtered with an even-symmetric Gabor kernel (Hong, Wan & Jain, IEEE TPAMI 1998)
whose cosine wave runs across the ridges at the local period and whose Gaussian envelope is elongated along
them: noise and pores between ridges are averaged out, small breaks bridged, and the output is a clean
ridge/valley wave whose sign is the binarized print. The envelope scales with the period, so the filter
covers the same number of ridges on every finger.

In the ridge's own frame the kernel is a product, exp(-u^2 / 2 s_u^2) x exp(-v^2 / 2 s_v^2) cos(2 pi v / T)
with u along and v across the ridges, so we apply it as two one-dimensional passes sampled on the rotated
grid: a Gaussian along the ridge, then the Gabor wave across it. That is exact where the orientation is
locally constant, about 10 x cheaper than a 2-D kernel, and needs no orientation quantization. Samples
are taken at the nearest pixel, as a 2-D kernel on the pixel grid would: bilinear interpolation would add
a blur that fills narrow valleys (it cost accuracy on both FVC sets). Both passes have unit gain for a matched sinusoid, and the wave has zero mean (flat areas
give 0).
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P

__all__ = ["enhance"]


@numba.njit(cache=True, nogil=True, inline="always")
def _nearest(image: NDArray[np.float32], x: float, y: float) -> float:
    """The pixel nearest to (x, y), the border replicated."""
    height, width = image.shape
    xi = min(max(int(x + 0.5) if x >= 0 else 0, 0), width - 1)
    yi = min(max(int(y + 0.5) if y >= 0 else 0, 0), height - 1)
    return float(image[yi, xi])


def _tables() -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.int64]]:
    """Per period bin: along-ridge Gaussian taps, across-ridge Gabor taps (both over 2R+1), radius."""
    radius_max = P.GABOR_MAX_RADIUS_PX
    count = round((P.MAX_RIDGE_PERIOD_PX - P.MIN_RIDGE_PERIOD_PX) / P.GABOR_PERIOD_STEP_PX) + 1
    along = np.zeros((count, 2 * radius_max + 1), dtype=np.float32)
    across = np.zeros((count, 2 * radius_max + 1), dtype=np.float32)
    radii = np.zeros(count, dtype=np.int64)
    offsets = np.arange(-radius_max, radius_max + 1, dtype=np.float64)
    for b in range(count):
        period = P.MIN_RIDGE_PERIOD_PX + b * P.GABOR_PERIOD_STEP_PX
        s_along = P.GABOR_SIGMA_ALONG * period
        s_across = P.GABOR_SIGMA_ACROSS * period
        radius = min(radius_max, math.ceil(3.0 * max(s_along, s_across)))
        inside = np.abs(offsets) <= radius
        gauss = np.exp(-0.5 * (offsets / s_along) ** 2) * inside
        along[b] = gauss / gauss.sum()
        envelope = np.exp(-0.5 * (offsets / s_across) ** 2) * inside
        wave = np.cos(2.0 * math.pi * offsets / period)
        kernel = envelope * wave
        kernel -= envelope * (kernel.sum() / envelope.sum())
        across[b] = kernel / np.sum(kernel * wave)
        radii[b] = radius
    return along, across, radii


_ALONG, _ACROSS, _RADII = _tables()


@numba.njit(cache=True, nogil=True)
def _oriented_passes(
    image: NDArray[np.float32],
    mask: NDArray[np.bool_],
    orientation: NDArray[np.float32],
    period: NDArray[np.float32],
    along_taps: NDArray[np.float32],
    across_taps: NDArray[np.float32],
    radii: NDArray[np.int64],
    min_period: float,
    period_step: float,
) -> NDArray[np.float32]:
    height, width = image.shape
    bins = radii.size
    centre = along_taps.shape[1] // 2
    along = np.zeros((height, width), dtype=np.float32)
    out = np.zeros((height, width), dtype=np.float32)
    # Pass 1: Gaussian smoothing along the ridge.
    for y in range(height):
        for x in range(width):
            if not mask[y, x]:
                continue
            b = min(max(int((period[y, x] - min_period) / period_step + 0.5), 0), bins - 1)
            r = radii[b]
            dx = math.cos(orientation[y, x])
            dy = math.sin(orientation[y, x])
            acc = 0.0
            for u in range(-r, r + 1):
                acc += along_taps[b, centre + u] * _nearest(image, x + u * dx, y + u * dy)
            along[y, x] = acc
    # Pass 2: the Gabor wave across the ridges.
    for y in range(height):
        for x in range(width):
            if not mask[y, x]:
                continue
            b = min(max(int((period[y, x] - min_period) / period_step + 0.5), 0), bins - 1)
            r = radii[b]
            nx = -math.sin(orientation[y, x])
            ny = math.cos(orientation[y, x])
            acc = 0.0
            for v in range(-r, r + 1):
                acc += across_taps[b, centre + v] * _nearest(along, x + v * nx, y + v * ny)
            out[y, x] = acc
    return out


def enhance(
    normalized: NDArray[np.float32],
    mask: NDArray[np.bool_],
    orientation: NDArray[np.float32],
    period: NDArray[np.float32],
) -> NDArray[np.float32]:
    """The Gabor-filtered ridge image (ridges > 0, valleys < 0, 0 outside `mask`)."""
    return _oriented_passes(
        np.ascontiguousarray(normalized, dtype=np.float32),
        np.ascontiguousarray(mask, dtype=np.bool_),
        np.ascontiguousarray(orientation, dtype=np.float32),
        np.ascontiguousarray(period, dtype=np.float32),
        _ALONG,
        _ACROSS,
        _RADII,
        P.MIN_RIDGE_PERIOD_PX,
        P.GABOR_PERIOD_STEP_PX,
    )
