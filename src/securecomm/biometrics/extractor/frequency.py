"""Stage: the local ridge period (pixels per ridge), measured on oriented windows and interpolated.

In each window, oriented by the local ridge orientation, the gray levels are averaged along the ridges into
a one-dimensional "x-signature" across them (Hong, Wan & Jain, IEEE TPAMI 1998), which is close to a
sinusoid whose period is the ridge period. We take the period as the first strong peak of the signature's
normalised autocorrelation within the plausible range (MIN..MAX_RIDGE_PERIOD_PX), refined to sub-pixel by a
parabola. The peak's height also says how periodic the window is, which segmentation uses to tell ridges
from handwriting and printed lines. Windows with no clear peak (scars, background, singular points) are
filled from measured neighbours by normalised Gaussian interpolation, which also smooths the map: the
period of a finger varies slowly.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P

__all__ = ["period_map", "upsample_windows", "window_periods"]


@numba.njit(cache=True, nogil=True)
def _window_periods(
    image: NDArray[np.float32],
    orientation: NDArray[np.float32],
    coherence: NDArray[np.float32],
    step: int,
    across: int,
    along: int,
    min_period: float,
    max_period: float,
    min_peak: float,
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    height, width = image.shape
    rows = (height + step - 1) // step
    cols = (width + step - 1) // step
    period = np.zeros((rows, cols), dtype=np.float32)
    strength = np.zeros((rows, cols), dtype=np.float32)
    signature = np.zeros(across, dtype=np.float64)
    lo = max(2, int(np.floor(min_period)))
    hi = min(across - 4, int(np.ceil(max_period)) + 1)
    corr = np.zeros(hi + 2, dtype=np.float64)
    for r in range(rows):
        cy = r * step + step // 2
        if cy >= height:
            cy = height - 1
        for c in range(cols):
            cx = c * step + step // 2
            if cx >= width:
                cx = width - 1
            if coherence[cy, cx] <= 0.0:
                continue
            theta = orientation[cy, cx]
            dx, dy = np.cos(theta), np.sin(theta)  # along the ridge
            nx, ny = -dy, dx  # across the ridges
            for k in range(across):
                t = k - (across - 1) / 2.0
                total = 0.0
                count = 0
                for w in range(along):
                    u = w - (along - 1) / 2.0
                    x = cx + t * nx + u * dx
                    y = cy + t * ny + u * dy
                    xi = int(np.floor(x + 0.5))
                    yi = int(np.floor(y + 0.5))
                    if 0 <= xi < width and 0 <= yi < height:
                        total += image[yi, xi]
                        count += 1
                signature[k] = total / count if count > 0 else 0.0
            mean = signature.mean()
            for k in range(across):
                signature[k] -= mean
            energy = 0.0
            for k in range(across):
                energy += signature[k] * signature[k]
            if energy <= 1e-9:
                continue
            for lag in range(lo - 1, hi + 2):
                acc = 0.0
                for k in range(across - lag):
                    acc += signature[k] * signature[k + lag]
                # unbiased: scale by the number of overlapping samples
                corr[lag] = acc / energy * across / (across - lag)
            best = -1
            for lag in range(lo, hi + 1):
                if corr[lag] >= corr[lag - 1] and corr[lag] >= corr[lag + 1] and corr[lag] >= min_peak:
                    best = lag
                    break
            if best < 0:
                continue
            a, b, cc = corr[best - 1], corr[best], corr[best + 1]
            denom = a - 2.0 * b + cc
            offset = 0.5 * (a - cc) / denom if denom < 0.0 else 0.0
            value = best + offset
            if min_period <= value <= max_period:
                period[r, c] = value
                strength[r, c] = b
    return period, strength


def window_periods(
    normalized: NDArray[np.float32], orientation: NDArray[np.float32], coherence: NDArray[np.float32]
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """(period px, autocorrelation peak) per FREQUENCY_STEP_PX window; period 0 where none was found."""
    return _window_periods(
        np.ascontiguousarray(normalized, dtype=np.float32),
        np.ascontiguousarray(orientation, dtype=np.float32),
        np.ascontiguousarray(coherence, dtype=np.float32),
        P.FREQUENCY_STEP_PX,
        P.FREQUENCY_WINDOW_ACROSS_PX,
        P.FREQUENCY_WINDOW_ALONG_PX,
        P.MIN_RIDGE_PERIOD_PX,
        P.MAX_RIDGE_PERIOD_PX,
        P.PERIOD_MIN_AUTOCORRELATION,
    )


def period_map(
    period: NDArray[np.float32], strength: NDArray[np.float32], shape: tuple[int, int]
) -> NDArray[np.float32]:
    """The ridge period per pixel (px) from the window measurements: interpolated, smoothed, `shape`."""
    weight = np.where(period > 0, strength, 0.0).astype(np.float64)
    sigma = P.PERIOD_SMOOTH_SIGMA_PX / P.FREQUENCY_STEP_PX
    numerator = ndimage.gaussian_filter(weight * period, sigma, mode="nearest")
    denominator = ndimage.gaussian_filter(weight, sigma, mode="nearest")
    if float(weight.sum()) > 0:
        typical = float(np.sum(weight * period) / np.sum(weight))
    else:
        typical = P.DEFAULT_RIDGE_PERIOD_PX
    smooth = np.where(denominator > 1e-3, numerator / np.maximum(denominator, 1e-12), typical)
    # Blend towards the print's typical period where few measurements support the local value.
    support = np.clip(denominator / 0.05, 0.0, 1.0)
    smooth = support * smooth + (1.0 - support) * typical
    smooth = np.clip(smooth, P.MIN_RIDGE_PERIOD_PX, P.MAX_RIDGE_PERIOD_PX)
    return upsample_windows(smooth, shape)


def upsample_windows(
    values: NDArray[np.floating], shape: tuple[int, int], step: int = P.FREQUENCY_STEP_PX
) -> NDArray[np.float32]:
    """Bilinear interpolation of a window grid (window (r, c) centred at r*step + step//2) onto `shape`."""
    height, width = shape
    ys = (np.arange(height, dtype=np.float64) - step // 2) / step
    xs = (np.arange(width, dtype=np.float64) - step // 2) / step
    grid_y, grid_x = np.meshgrid(ys, xs, indexing="ij")
    full = ndimage.map_coordinates(
        np.asarray(values, dtype=np.float64), [grid_y, grid_x], order=1, mode="nearest"
    )
    return np.asarray(full, dtype=np.float32)
