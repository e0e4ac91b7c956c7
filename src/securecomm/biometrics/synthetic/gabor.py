"""Ridge growth by iterative space-variant Gabor filtering (SFinGe step 4).

Start from a few random seed spots; filter the image with, at each pixel, the Gabor kernel tuned to the
local orientation and ridge period; amplify and clip to [−1, 1]; repeat. Each pass spreads the pattern by
about a kernel radius and saturates it, so ridges grow out of the seeds along the flow. Where two growing
fronts meet out of phase the pattern has to insert or end a ridge: that is where minutiae come from, so
the number of seeds sets how many there are.

Speed (the master's bottleneck: ~17 passes over a 448 × 352 canvas). A bank of kernels quantised by
orientation (48 bins) and period (25 bins) is built once; a Numba loop applies the right kernel at each
pixel, only where the pattern has reached (an active mask), which avoids the quantisation seams of
FFT-per-bin filtering. Four things make a pass cheap without changing what it computes:

* each kernel row's first 16 taps are one SIMD multiply and add (vector_dot.py; Numba alone compiles
  these short rows to scalar code), summed in a fixed order, so the result does not depend on the CPU;
* the 9 central rows are summed first and checked against a bound on what the other 8 can still add
  (Σ|kernel| over them, the image being in [−1, 1]): once the pixel is certain to saturate it is set to
  ±1 and the rest is skipped, the value the full sum gives. About 80 % of the area saturates; a little
  over half of the pixels stop there;
* the bookkeeping between passes (the active mask, the coverage count) is one compiled sweep instead of
  morphological filters;
* all of it runs in the bounding box of the area's neighbourhood, not the whole canvas.

Together a pass costs ~2-3 ms instead of ~25-30 ms, and the grown pattern is the one the plain per-pixel
sum gives, up to float rounding (to 1e-6 per pass; the masters' minutiae come out the same).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.audit import transparency
from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.distance import taxicab_depth
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.vector_dot import row_dot

__all__ = ["filter_bank", "filter_pass", "grow_ridges", "kernel_indices"]

_SIZE = 2 * P.GABOR_RADIUS_PX + 1  # taps per kernel row and column
_DOT = row_dot(_SIZE)  # the SIMD row dot product (vector_dot.py)
_REACH = (4,)  # the 9 rows within ± this of the centre are summed before the saturation check
_SAFETY = 1e-4  # slack on the saturation test, far above float32 rounding of a 289-tap sum
_ACTIVE_LEVEL = 0.02  # a pixel has been reached once |value| exceeds this ...
_SATURATED_LEVEL = 0.5  # ... and counts as covered once a value this strong lies within 2 px


@lru_cache(maxsize=4)
def filter_bank(
    orientations: int = P.GABOR_ORIENTATIONS,
    periods: tuple[float, float, int] = P.GABOR_PERIODS,
    radius: int = P.GABOR_RADIUS_PX,
    sigma: float = P.GABOR_SIGMA_PX,
) -> NDArray[np.float32]:
    """Kernels [orientation bin, period bin, row, col]: zero-mean, unit response to their own sinusoid.

    A kernel for ridge orientation θ (counter-clockwise as displayed) oscillates across the ridges, along
    the normal (sin θ, cos θ) in (x, row) coordinates.
    """
    first, last, count = periods
    rows, cols = np.mgrid[-radius : radius + 1, -radius : radius + 1].astype(np.float64)
    envelope = np.exp(-(rows**2 + cols**2) / (2 * sigma**2))
    bank = np.zeros((orientations, count, 2 * radius + 1, 2 * radius + 1), dtype=np.float32)
    for i in range(orientations):
        theta = math.pi * i / orientations
        across = math.sin(theta) * cols + math.cos(theta) * rows
        for j, period in enumerate(np.linspace(first, last, count)):
            wave = np.cos(2 * math.pi * across / period)
            kernel = envelope * wave
            kernel -= envelope * (kernel.sum() / envelope.sum())  # no response to flat gray
            kernel /= (
                kernel * wave
            ).sum()  # a sinusoid of amplitude 1 at this period comes out at amplitude 1
            bank[i, j] = kernel
    bank.setflags(write=False)
    return bank


def kernel_indices(
    orientation: NDArray[np.floating], period: NDArray[np.floating]
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """The filter-bank bin of each pixel's orientation (radians, [0, π)) and period (pixels)."""
    first, last, count = P.GABOR_PERIODS
    o = np.rint(np.asarray(orientation, dtype=np.float64) / math.pi * P.GABOR_ORIENTATIONS).astype(np.int32)
    o %= P.GABOR_ORIENTATIONS
    step = (last - first) / (count - 1)
    p = np.clip(np.rint((np.asarray(period, dtype=np.float64) - first) / step), 0, count - 1).astype(np.int32)
    return o, p


@lru_cache(maxsize=1)
def _pass_tables() -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """The default bank flattened ([bin · row · col], bin = orientation bin · period bins + period bin),
    and for each bin and saturation check the bound Σ|kernel| over the rows not yet summed there."""
    bank = filter_bank()
    centre = P.GABOR_RADIUS_PX
    flat = np.ascontiguousarray(bank.reshape(-1))
    row_mass = np.abs(bank.astype(np.float64)).sum(axis=3).reshape(-1, _SIZE)  # [bin, row]
    outside = [np.abs(np.arange(_SIZE) - centre) > reach for reach in _REACH]
    bound = np.stack([row_mass[:, rows].sum(axis=1) for rows in outside], axis=1).astype(np.float32)
    flat.setflags(write=False)
    bound.setflags(write=False)
    return flat, bound


@numba.njit(cache=True, nogil=True)
def _filter_pass(
    image: NDArray[np.float32],
    out: NDArray[np.float32],
    kernel_index: NDArray[np.int32],
    active: NDArray[np.bool_],
    bank: NDArray[np.float32],
    bound: NDArray[np.float32],
    gain: float,
) -> None:  # pragma: no cover - compiled
    height, width = image.shape
    r = _SIZE // 2
    taps = _SIZE * _SIZE
    limit = np.float32(1.0 / gain + _SAFETY)
    for y in range(height):
        for x in range(width):
            if not active[y, x] or y < r or x < r or y >= height - r or x >= width - r:
                out[y, x] = image[y, x]
                continue
            b = kernel_index[y, x]
            k0 = b * taps  # the kernel's first tap; its row i starts at k0 + i·_SIZE
            i0 = (y - r) * width + x - r  # the patch's first pixel; its row i starts at i0 + i·width
            inner = 0
            total = np.float32(0.0)
            saturated = False
            for s in range(len(_REACH) + 1):
                reach = _REACH[s] if s < len(_REACH) else r
                if s == 0:
                    top, rows = r - reach, 2 * reach + 1
                    total = _DOT(bank, k0 + top * _SIZE, image, i0 + top * width, width, rows)
                else:
                    rows = reach - inner
                    upper, lower = r - reach, r + inner + 1
                    total = total + (
                        _DOT(bank, k0 + upper * _SIZE, image, i0 + upper * width, width, rows)
                        + _DOT(bank, k0 + lower * _SIZE, image, i0 + lower * width, width, rows)
                    )
                inner = reach
                if s < len(_REACH) and abs(total) - bound[b, s] > limit:
                    saturated = True  # whatever the remaining rows hold, gain · total is beyond ±1
                    break
            if saturated:
                out[y, x] = 1.0 if total > 0 else -1.0
            else:
                out[y, x] = min(1.0, max(-1.0, gain * float(total)))


def filter_pass(
    image: NDArray[np.float32],
    orientation_bin: NDArray[np.int32],
    period_bin: NDArray[np.int32],
    active: NDArray[np.bool_],
    *,
    gain: float = P.GROWTH_GAIN,
) -> NDArray[np.float32]:
    """One growth pass: each active pixel (≥ a kernel radius from the edge) filtered with its own bank
    kernel, times `gain`, clipped to [−1, 1]; other pixels keep their value. `image` must lie in [−1, 1]
    (the saturation test relies on it)."""
    bank = filter_bank()
    flat, bound = _pass_tables()
    image = np.ascontiguousarray(image, dtype=np.float32)
    out = np.empty_like(image)
    index = (np.asarray(orientation_bin, np.int32) * bank.shape[1] + np.asarray(period_bin, np.int32)).astype(
        np.int32
    )
    _filter_pass(image, out, index, np.ascontiguousarray(active, np.bool_), flat, bound, gain)
    return out


@numba.njit(cache=True, nogil=True)
def _dilate(
    source: NDArray[np.uint8], radius: int, scratch: NDArray[np.uint8]
) -> None:  # pragma: no cover - compiled
    """Dilate `source` in place by a (2·radius+1)² square, as scipy's maximum_filter of that size.

    Along rows a running count of set pixels in the window; down the columns OR-ing rows shifted by
    1, 2, 4, ... (whole-row loops, which the compiler vectorises) until the reach is `radius`."""
    height, width = source.shape
    for y in range(height):
        row, out = source[y], scratch[y]
        count = 0
        for x in range(min(radius, width)):
            count += row[x]
        for x in range(width):
            if x + radius < width:
                count += row[x + radius]
            if x - radius - 1 >= 0:
                count -= row[x - radius - 1]
            out[x] = 1 if count > 0 else 0
    reach, shift = 0, 1
    current, other = scratch, source
    while reach < radius:
        step = min(shift, radius - reach)
        for y in range(height):
            row, out = current[y], other[y]
            above, below = current[max(y - step, 0)], current[min(y + step, height - 1)]
            for x in range(width):
                out[x] = row[x] | above[x] | below[x]  # clamped rows repeat the edge: no effect on an OR
        current, other = other, current
        reach += step
        shift *= 2
    if current is not source:
        source[:, :] = current


@numba.njit(cache=True, nogil=True)
def _bookkeeping(
    image: NDArray[np.float32],
    area: NDArray[np.bool_],
    region: NDArray[np.bool_],
    radius: int,
    active: NDArray[np.bool_],
    covered: NDArray[np.int16],
    work: NDArray[np.uint8],
) -> int:  # pragma: no cover - compiled
    """After a pass: the next pass's active mask (reached pixels dilated by a kernel radius, inside
    `region`), and the coverage count (+1 where a saturated value lies within 2 px, inside `area`);
    returns the least coverage over `area`."""
    height, width = image.shape
    reached, strong, scratch = work[0], work[1], work[2]
    for y in range(height):
        for x in range(width):
            magnitude = abs(image[y, x])
            reached[y, x] = magnitude > _ACTIVE_LEVEL
            strong[y, x] = magnitude > _SATURATED_LEVEL
    _dilate(reached, radius, scratch)
    _dilate(strong, 2, scratch)
    least = 1 << 30
    for y in range(height):
        for x in range(width):
            active[y, x] = reached[y, x] != 0 and region[y, x]
            if area[y, x]:
                if strong[y, x]:
                    covered[y, x] += 1
                least = min(least, int(covered[y, x]))
    return least


def _window(region: NDArray[np.bool_], margin: int) -> tuple[slice, slice]:
    """The bounding box of `region` widened by `margin` (clipped to the canvas): all the growth reads or
    writes. Outside it the image is zero throughout."""
    rows, cols = np.nonzero(region.any(axis=1))[0], np.nonzero(region.any(axis=0))[0]
    height, width = region.shape
    return (
        slice(max(int(rows[0]) - margin, 0), min(int(rows[-1]) + margin + 1, height)),
        slice(max(int(cols[0]) - margin, 0), min(int(cols[-1]) + margin + 1, width)),
    )


def grow_ridges(
    rng: np.random.Generator,
    orientation: NDArray[np.float32],
    period: NDArray[np.float32],
    area: NDArray[np.bool_],
) -> tuple[NDArray[np.float32], int]:
    """Grow a ridge pattern over `area` from random seeds; returns it (ridges > 0) and the passes used.

    The work happens in the bounding box of the area's neighbourhood (a kernel radius wider, so every
    pixel that is filtered sees the same neighbours as on the whole canvas)."""
    bank = filter_bank()
    flat, bound = _pass_tables()
    radius = P.GABOR_RADIUS_PX
    full_area = np.ascontiguousarray(area, dtype=np.bool_)
    if not full_area.any():
        raise SynthesisError("the fingertip area is empty: nothing to grow ridges on", where="grow_ridges")
    full_region = taxicab_depth(~full_area, surroundings_outside=False) <= radius + 2  # the area, dilated
    window = _window(full_region, radius)
    (top, left), (height, width) = (window[0].start, window[1].start), full_area.shape
    area, region = np.ascontiguousarray(full_area[window]), np.ascontiguousarray(full_region[window])
    o_index, p_index = kernel_indices(orientation[window], period[window])
    index = (o_index * bank.shape[1] + p_index).astype(np.int32)
    image = np.zeros(area.shape, dtype=np.float32)

    def whole(part: NDArray[np.float32]) -> NDArray[np.float32]:
        canvas = np.zeros((height, width), dtype=np.float32)
        canvas[window] = part
        return canvas

    rows, cols = np.nonzero(area)  # the same pixels, in the same order, as on the whole canvas
    count = int(rng.integers(P.GROWTH_SEEDS[0], P.GROWTH_SEEDS[1] + 1))
    picks = rng.choice(rows.size, size=count, replace=False)
    signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=count)
    for pick, sign in zip(picks, signs, strict=True):
        y, x = int(rows[pick]), int(cols[pick])
        if not (radius <= y + top < height - radius and radius <= x + left < width - radius):
            continue
        kernel = bank[o_index[y, x], p_index[y, x]]
        patch = sign * kernel / float(kernel.max())
        image[y - radius : y + radius + 1, x - radius : x + radius + 1] += patch.astype(np.float32)
    np.clip(image, -1.0, 1.0, out=image)
    if transparency.is_capturing():  # copies only when someone is looking
        transparency.log("synthetic-ridge-seeds", whole(image))

    out = image.copy()
    covered = np.zeros(area.shape, dtype=np.int16)
    active = np.empty(area.shape, dtype=np.bool_)
    work = np.empty((3, *area.shape), dtype=np.uint8)
    _bookkeeping(image, area, region, radius, active, np.zeros_like(covered), work)  # the seeds' reach
    passes = 0
    for passes in range(1, P.GROWTH_MAX_ITERATIONS + 1):  # noqa: B007 - the count is returned
        _filter_pass(image, out, index, active, flat, bound, P.GROWTH_GAIN)
        image, out = out, image
        if transparency.is_capturing():
            transparency.log("synthetic-ridge-growth", whole(image))
        # a pixel counts as covered once a saturated ridge or valley lies within 2 px (zero crossings never
        # saturate)
        if _bookkeeping(image, area, region, radius, active, covered, work) >= P.GROWTH_SETTLE_ITERATIONS:
            break
    image[~region] = 0.0
    return whole(image), passes
