"""The ridge-period map of a master print (SFinGe step 3).

SFinGe observes that ridges run farther apart above the northernmost core and below the southernmost delta
than elsewhere, and otherwise vary smoothly. We draw a finger's mean period, add a smooth random field and
widen those two regions, then clip to the band real 500 ppi prints show. We keep periods (pixels per ridge)
rather than frequencies because the rest of the code reasons in pixels.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.orientation import OrientationModel

__all__ = ["draw_period_map", "interpolate_grid"]

_COARSE = 8  # the random field is drawn on a grid this much coarser, then interpolated


def _interpolate_rows(grid: NDArray[np.float64], positions: NDArray[np.float64]) -> NDArray[np.float64]:
    """Linear interpolation of `grid` along its first axis at fractional row `positions`."""
    low = np.clip(np.floor(positions).astype(np.int64), 0, grid.shape[0] - 2)
    frac = (positions - low)[:, None]
    return np.asarray(grid[low] * (1.0 - frac) + grid[low + 1] * frac)


def interpolate_grid(
    grid: NDArray[np.floating], rows: NDArray[np.float64], cols: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Bilinear interpolation of a 2-D `grid` at every (row, col) of two 1-D lists of fractional grid
    positions (inside the grid), as a len(rows) x len(cols) array: `scipy.ndimage.map_coordinates(grid,
    meshgrid(rows, cols), order=1)`, computed one axis after the other (bilinear interpolation is
    separable), which costs a few whole-array operations rather than a per-pixel resampling."""
    along_rows = _interpolate_rows(np.asarray(grid, dtype=np.float64), rows)
    return np.ascontiguousarray(_interpolate_rows(along_rows.T, cols).T)


def _smooth_noise(rng: np.random.Generator, height: int, width: int) -> NDArray[np.float64]:
    """A smooth random field with unit standard deviation.

    Drawn on a grid _COARSE times coarser and interpolated bilinearly."""
    coarse = rng.standard_normal((height // _COARSE + 3, width // _COARSE + 3))
    coarse = ndimage.gaussian_filter(coarse, P.RIDGE_PERIOD_SMOOTH_PX / _COARSE / 2, mode="wrap")
    coarse /= max(float(coarse.std()), 1e-9)
    return interpolate_grid(coarse, np.arange(height) / _COARSE + 1, np.arange(width) / _COARSE + 1)


def _sigmoid(v: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(v, -50.0, 50.0))))


def draw_period_map(
    rng: np.random.Generator, model: OrientationModel, height: int, width: int
) -> tuple[float, NDArray[np.float32]]:
    """A finger's mean ridge period and its period map (pixels per ridge), clipped to the 500 ppi band."""
    mean = float(rng.uniform(*P.RIDGE_PERIOD_MEAN_PX))
    period = mean + P.RIDGE_PERIOD_NOISE_PX * _smooth_noise(rng, height, width)
    rows = np.arange(height, dtype=np.float64)[:, None]
    if model.cores:
        top_core = min(p.y for p in model.cores)
        period = period + P.RIDGE_PERIOD_WIDER_PX * _sigmoid((top_core - 25.0 - rows) / 12.0)
    if model.deltas:
        low_delta = max(p.y for p in model.deltas)
        period = period + P.RIDGE_PERIOD_WIDER_PX * _sigmoid((rows - low_delta - 25.0) / 12.0)
    if model.arch is not None:
        period = period + P.RIDGE_PERIOD_WIDER_PX * _sigmoid((model.arch.top + 60.0 - rows) / 15.0)
    low, high = P.RIDGE_PERIOD_BAND_PX
    return mean, np.clip(period, low, high).astype(np.float32)
