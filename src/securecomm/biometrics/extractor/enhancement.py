"""Stage: contextual Gabor filtering, tuned at every pixel to the local ridge orientation and period.

Each foreground pixel is filtered with an even-symmetric Gabor kernel (Hong, Wan & Jain, IEEE TPAMI 1998)
whose cosine wave runs across the ridges at the local period and whose Gaussian envelope is elongated along
them: noise and pores between ridges are averaged out, small breaks bridged, and the output is a clean
ridge/valley wave whose sign is the binarized print. Kernels come from a precomputed bank (orientation x
period bins); the envelope scales with the period, so the filter covers the same number of ridges on
every finger. Kernels have zero mean (flat regions give 0) and unit gain for a matched sinusoid.
"""

from __future__ import annotations

import functools

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P

__all__ = ["enhance", "gabor_bank"]


@functools.lru_cache(maxsize=1)
def gabor_bank() -> tuple[NDArray[np.float32], NDArray[np.int32]]:
    """(kernels[orientation, period, 2R+1, 2R+1], radius per period bin)."""
    radius_max = P.GABOR_MAX_RADIUS_PX
    n_orient = P.GABOR_ORIENTATIONS
    periods = _periods()
    kernels = np.zeros((n_orient, periods.size, 2 * radius_max + 1, 2 * radius_max + 1), dtype=np.float32)
    radii = np.zeros(periods.size, dtype=np.int32)
    span = np.arange(-radius_max, radius_max + 1, dtype=np.float64)
    dy, dx = np.meshgrid(span, span, indexing="ij")
    for j, period in enumerate(periods):
        sigma_along = P.GABOR_SIGMA_ALONG * period
        sigma_across = P.GABOR_SIGMA_ACROSS * period
        radius = min(radius_max, int(np.ceil(3.0 * max(sigma_along, sigma_across))))
        radii[j] = radius
        inside = (np.abs(dx) <= radius) & (np.abs(dy) <= radius)
        for i in range(n_orient):
            theta = np.pi * i / n_orient
            along = dx * np.cos(theta) + dy * np.sin(theta)
            across = -dx * np.sin(theta) + dy * np.cos(theta)
            envelope = np.exp(-0.5 * (along**2 / sigma_along**2 + across**2 / sigma_across**2)) * inside
            wave = np.cos(2.0 * np.pi * across / period)
            kernel = envelope * wave
            kernel -= envelope * (kernel.sum() / envelope.sum())  # zero mean: flat areas give 0
            gain = float(np.sum(kernel * wave))  # response to a unit-amplitude matched sinusoid
            kernels[i, j] = (kernel / gain).astype(np.float32)
    return kernels, radii


def _periods() -> NDArray[np.float64]:
    step = P.GABOR_PERIOD_STEP_PX
    count = int(round((P.MAX_RIDGE_PERIOD_PX - P.MIN_RIDGE_PERIOD_PX) / step)) + 1
    return P.MIN_RIDGE_PERIOD_PX + step * np.arange(count, dtype=np.float64)


@numba.njit(cache=True, nogil=True)
def _filter(
    image: NDArray[np.float32],
    mask: NDArray[np.bool_],
    orientation: NDArray[np.float32],
    period: NDArray[np.float32],
    kernels: NDArray[np.float32],
    radii: NDArray[np.int32],
    min_period: float,
    period_step: float,
) -> NDArray[np.float32]:
    height, width = image.shape
    n_orient = kernels.shape[0]
    n_period = kernels.shape[1]
    center = kernels.shape[2] // 2
    out = np.zeros((height, width), dtype=np.float32)
    for y in range(height):
        for x in range(width):
            if not mask[y, x]:
                continue
            o = int(np.floor(orientation[y, x] / np.pi * n_orient + 0.5)) % n_orient
            p = int(np.floor((period[y, x] - min_period) / period_step + 0.5))
            p = min(max(p, 0), n_period - 1)
            r = radii[p]
            acc = np.float32(0.0)
            for dy in range(-r, r + 1):
                yy = y + dy
                if yy < 0:
                    yy = -yy
                elif yy >= height:
                    yy = 2 * height - 2 - yy
                for dx in range(-r, r + 1):
                    xx = x + dx
                    if xx < 0:
                        xx = -xx
                    elif xx >= width:
                        xx = 2 * width - 2 - xx
                    acc += kernels[o, p, center + dy, center + dx] * image[yy, xx]
            out[y, x] = acc
    return out


def enhance(
    normalized: NDArray[np.float32],
    mask: NDArray[np.bool_],
    orientation: NDArray[np.float32],
    period: NDArray[np.float32],
) -> NDArray[np.float32]:
    """The Gabor-filtered ridge image (ridges > 0, valleys < 0, 0 outside `mask`)."""
    kernels, radii = gabor_bank()
    return _filter(  # type: ignore[no-any-return]
        np.ascontiguousarray(normalized, dtype=np.float32),
        np.ascontiguousarray(mask, dtype=np.bool_),
        np.ascontiguousarray(orientation, dtype=np.float32),
        np.ascontiguousarray(period, dtype=np.float32),
        kernels,
        radii,
        P.MIN_RIDGE_PERIOD_PX,
        P.GABOR_PERIOD_STEP_PX,
    )
