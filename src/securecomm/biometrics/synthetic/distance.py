"""Exact Euclidean distance transforms of a master's fingertip area, compiled.

A master carries `depth`, the signed distance (px) into its fingertip area, from which every impression
cuts its contact region. scipy's `distance_transform_edt` computes it exactly but builds a full feature
transform on the way; twice per master (inside and outside) that was a tenth of a master's time. This is
Felzenszwalb & Huttenlocher's two-pass algorithm ("Distance transforms of sampled functions", Theory of
Computing 8, 2012): per column the distance to the nearest feature pixel, then per row the lower envelope
of parabolas. Squared distances are integers, so the result equals scipy's value for value.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = ["signed_distance", "squared_distance", "taxicab_depth"]

_FAR = np.int64(1) << 40  # "no feature in this column": larger than any squared distance on a canvas


@numba.njit(cache=True, nogil=True)
def _squared_distance(
    features: NDArray[np.bool_], out: NDArray[np.int64]
) -> None:  # pragma: no cover - compiled
    height, width = features.shape
    last = np.full(width, -1, dtype=np.int64)  # per column: the row of the nearest feature above, -1 none
    for y in range(height):
        for x in range(width):
            if features[y, x]:
                last[x] = y
            out[y, x] = (y - last[x]) ** 2 if last[x] >= 0 else _FAR
    nearest = np.full(width, -1, dtype=np.int64)  # ... and below
    for y in range(height - 1, -1, -1):
        for x in range(width):
            if features[y, x]:
                nearest[x] = y
            if nearest[x] >= 0:
                out[y, x] = min(out[y, x], (nearest[x] - y) ** 2)
    # along each row: lower envelope of the parabolas (x - q)² + column[q]
    column = np.empty(width, dtype=np.int64)
    vertex = np.empty(width, dtype=np.int64)
    start = np.empty(width + 1, dtype=np.float64)
    for y in range(height):
        column[:] = out[y]
        k = -1
        for q in range(width):
            if column[q] >= _FAR:
                continue
            while k >= 0:
                p = vertex[k]
                s = ((column[q] + q * q) - (column[p] + p * p)) / (2.0 * (q - p))
                if s <= start[k]:
                    k -= 1
                else:
                    break
            k += 1
            vertex[k] = q
            start[k] = (
                -np.inf
                if k == 0
                else ((column[q] + q * q) - (column[vertex[k - 1]] + vertex[k - 1] ** 2))
                / (2.0 * (q - vertex[k - 1]))
            )
            start[k + 1] = np.inf
        if k < 0:
            continue  # no feature anywhere in reach of this row: leave _FAR
        j = 0
        for x in range(width):
            while start[j + 1] < x:
                j += 1
            p = vertex[j]
            out[y, x] = (x - p) ** 2 + column[p]


def squared_distance(features: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Squared Euclidean distance (px²) from each pixel to the nearest True pixel of `features` (2-D);
    2**40 where there is none."""
    features = np.ascontiguousarray(features, dtype=np.bool_)
    out = np.empty(features.shape, dtype=np.int64)
    _squared_distance(features, out)
    return out


@numba.njit(cache=True, nogil=True)
def _signed(
    area: NDArray[np.bool_], inside: NDArray[np.int64], outside: NDArray[np.int64]
) -> NDArray[np.float32]:  # pragma: no cover - compiled
    out = np.empty(area.shape, dtype=np.float32)
    height, width = area.shape
    for y in range(height):
        for x in range(width):
            if area[y, x]:
                out[y, x] = np.float32(np.sqrt(np.float64(inside[y, x])))
            else:
                out[y, x] = np.float32(-np.sqrt(np.float64(outside[y, x])))
    return out


def signed_distance(area: NDArray[np.bool_]) -> NDArray[np.float32]:
    """Distance into `area` (px), negative outside it: for a pixel inside, the distance to the nearest
    pixel outside; for a pixel outside, minus the distance to the nearest pixel inside (as
    `edt(area) - edt(~area)` with scipy.ndimage.distance_transform_edt, in float32)."""
    area = np.ascontiguousarray(area, dtype=np.bool_)
    return _signed(area, squared_distance(~area), squared_distance(area))


@numba.njit(cache=True, nogil=True)
def _taxicab(
    area: NDArray[np.bool_], edge: int, out: NDArray[np.int32]
) -> None:  # pragma: no cover - compiled
    height, width = area.shape
    for y in range(height):
        for x in range(width):
            if not area[y, x]:
                out[y, x] = 0
            else:
                above = out[y - 1, x] if y > 0 else edge
                left = out[y, x - 1] if x > 0 else edge
                out[y, x] = min(above, left) + 1
    for y in range(height - 1, -1, -1):
        for x in range(width - 1, -1, -1):
            if area[y, x]:
                below = out[y + 1, x] if y < height - 1 else edge
                right = out[y, x + 1] if x < width - 1 else edge
                out[y, x] = min(out[y, x], min(below, right) + 1)


def taxicab_depth(area: NDArray[np.bool_], *, surroundings_outside: bool = True) -> NDArray[np.int32]:
    """City-block distance from each pixel of `area` to the nearest pixel outside it (0 outside the area);
    beyond the canvas counts as outside unless `surroundings_outside` is False.

    `taxicab_depth(area) > k` is `scipy.ndimage.binary_erosion(area, iterations=k, border_value=0)` and
    `taxicab_depth(~area, surroundings_outside=False) <= k` is `binary_dilation(area, iterations=k)`, both
    with scipy's default cross, in two sweeps instead of k."""
    area = np.ascontiguousarray(area, dtype=np.bool_)
    out = np.empty(area.shape, dtype=np.int32)
    _taxicab(area, 0 if surroundings_outside else 1 << 30, out)
    return out
