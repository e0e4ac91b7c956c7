"""Stage: the ridge skeleton, one pixel wide and 8-connected.

Zhang & Suen's parallel thinning (CACM 1984) peels ridge borders in two alternating sub-iterations until
nothing changes. It can leave "staircase" corners two pixels thick, where the crossing number would see a
false bifurcation, so a final pass removes every simple point (Yokoi's 8-connectivity number = 1) that is
not an ending: the skeleton keeps its topology and becomes minimal.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = ["thin"]

# Neighbour offsets in ring order: E, NE, N, NW, W, SW, S, SE (x1..x8 in Yokoi's notation).
_RING_Y = np.array([0, -1, -1, -1, 0, 1, 1, 1], dtype=np.int64)
_RING_X = np.array([1, 1, 0, -1, -1, -1, 0, 1], dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def _zhang_suen(image: NDArray[np.uint8]) -> None:
    height, width = image.shape
    changed = True
    marks_y = np.empty(height * width, dtype=np.int64)
    marks_x = np.empty(height * width, dtype=np.int64)
    while changed:
        changed = False
        for step in range(2):
            count = 0
            for y in range(1, height - 1):
                for x in range(1, width - 1):
                    if image[y, x] == 0:
                        continue
                    p2 = image[y - 1, x]
                    p3 = image[y - 1, x + 1]
                    p4 = image[y, x + 1]
                    p5 = image[y + 1, x + 1]
                    p6 = image[y + 1, x]
                    p7 = image[y + 1, x - 1]
                    p8 = image[y, x - 1]
                    p9 = image[y - 1, x - 1]
                    b = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9
                    if b < 2 or b > 6:
                        continue
                    a = (
                        (p2 == 0 and p3 == 1)
                        + (p3 == 0 and p4 == 1)
                        + (p4 == 0 and p5 == 1)
                        + (p5 == 0 and p6 == 1)
                        + (p6 == 0 and p7 == 1)
                        + (p7 == 0 and p8 == 1)
                        + (p8 == 0 and p9 == 1)
                        + (p9 == 0 and p2 == 1)
                    )
                    if a != 1:
                        continue
                    if step == 0:
                        if p2 * p4 * p6 != 0 or p4 * p6 * p8 != 0:
                            continue
                    else:
                        if p2 * p4 * p8 != 0 or p2 * p6 * p8 != 0:
                            continue
                    marks_y[count] = y
                    marks_x[count] = x
                    count += 1
            for i in range(count):
                image[marks_y[i], marks_x[i]] = 0
            if count > 0:
                changed = True


@numba.njit(cache=True, nogil=True)
def _remove_staircases(
    image: NDArray[np.uint8], ring_y: NDArray[np.int64], ring_x: NDArray[np.int64]
) -> None:
    height, width = image.shape
    v = np.zeros(9, dtype=np.int64)
    for y in range(1, height - 1):
        for x in range(1, width - 1):
            if image[y, x] == 0:
                continue
            neighbours = 0
            for k in range(8):
                v[k] = image[y + ring_y[k], x + ring_x[k]]
                neighbours += v[k]
            if neighbours < 2:
                continue
            v[8] = v[0]
            # Yokoi 8-connectivity number with complemented values.
            c8 = 0
            for k in range(0, 8, 2):
                a = 1 - v[k]
                b = 1 - v[k + 1]
                c = 1 - v[(k + 2) % 8]
                c8 += a - a * b * c
            if c8 == 1:
                image[y, x] = 0


def thin(ridges: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The one-pixel skeleton of `ridges` (the outermost pixel ring is always cleared)."""
    image = np.ascontiguousarray(ridges, dtype=np.uint8).copy()
    image[0, :] = 0
    image[-1, :] = 0
    image[:, 0] = 0
    image[:, -1] = 0
    _zhang_suen(image)
    _remove_staircases(image, _RING_Y, _RING_X)
    return image.astype(np.bool_)
