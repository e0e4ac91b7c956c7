"""Stage: minutiae on the skeleton by crossing number, with directions from the ridges they sit on.

The crossing number (Arcelli & Baja 1984; Mehtre 1993) of a skeleton pixel is half the number of 0/1
transitions around its 8 neighbours: 1 at a ridge ending, 3 at a bifurcation. From each minutia we follow
the skeleton (every branch of a bifurcation) for DIRECTION_TRACE_PX and record where the walk stopped and
why: the false-minutia filter uses these walks to find spurs, bridges and short ridges.

Direction convention (ISO/IEC 19794-2's, except that our angles turn from the x axis towards +y, i.e.
clockwise on screen, in radians): an ending points along its ridge, into the ridge; a bifurcation points
from the junction into the fork, along the valley between the two branches. With this convention an ending
and the bifurcation it turns into when the ridge touches a neighbour under heavier pressure (type duality)
keep about the same direction, so the matcher may ignore types.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P

__all__ = ["BIFURCATION", "ENDING", "RawMinutiae", "detect"]

ENDING = 1
BIFURCATION = 3

_RING_Y = np.array([0, -1, -1, -1, 0, 1, 1, 1], dtype=np.int64)
_RING_X = np.array([1, 1, 0, -1, -1, -1, 0, 1], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class RawMinutiae:
    """Candidate minutiae before filtering, with the skeleton walks from each one.

    `walk_kind[i, b]` is how the walk along branch b ended (0 length reached or stuck, 1 at an ending,
    3 at a bifurcation, -1 no such branch), `walk_end[i, b]` the index of the minutia it reached (or -1),
    `walk_steps[i, b]` its length in pixels.
    """

    x: NDArray[np.int32]
    y: NDArray[np.int32]
    kind: NDArray[np.int8]
    direction: NDArray[np.float32]
    walk_kind: NDArray[np.int8]
    walk_end: NDArray[np.int32]
    walk_steps: NDArray[np.int32]

    @property
    def count(self) -> int:
        return int(self.x.size)


@numba.njit(cache=True, nogil=True)
def _crossing_numbers(
    skeleton: NDArray[np.uint8], ring_y: NDArray[np.int64], ring_x: NDArray[np.int64]
) -> NDArray[np.int8]:
    height, width = skeleton.shape
    cn = np.zeros((height, width), dtype=np.int8)
    for y in range(1, height - 1):
        for x in range(1, width - 1):
            if skeleton[y, x] == 0:
                continue
            total = 0
            for k in range(8):
                a = skeleton[y + ring_y[k], x + ring_x[k]]
                b = skeleton[y + ring_y[(k + 1) % 8], x + ring_x[(k + 1) % 8]]
                total += int(abs(np.int64(a) - np.int64(b)))
            cn[y, x] = total // 2
    return cn


@numba.njit(cache=True, nogil=True)
def _walk(
    skeleton: NDArray[np.uint8],
    cn: NDArray[np.int8],
    y0: int,
    x0: int,
    y1: int,
    x1: int,
    max_steps: int,
    ring_y: NDArray[np.int64],
    ring_x: NDArray[np.int64],
) -> tuple[int, int, int, int]:
    """Follow the skeleton from (y0, x0) through (y1, x1): (y, x, how it ended, steps)."""
    height, width = skeleton.shape
    py, px = y0, x0
    cy, cx = y1, x1
    steps = 1
    while True:
        c = cn[cy, cx]
        if c == 1 or c >= 3:
            return cy, cx, c, steps
        if steps >= max_steps:
            return cy, cx, 0, steps
        ny, nx = -1, -1
        fallback_y, fallback_x = -1, -1
        for k in range(8):
            yy = cy + ring_y[k]
            xx = cx + ring_x[k]
            if yy <= 0 or xx <= 0 or yy >= height - 1 or xx >= width - 1:
                continue
            if skeleton[yy, xx] == 0 or (yy == py and xx == px) or (yy == y0 and xx == x0):
                continue
            if abs(yy - py) <= 1 and abs(xx - px) <= 1:
                fallback_y, fallback_x = yy, xx  # touches where we came from: a thick spot
                continue
            ny, nx = yy, xx
            break
        if ny < 0:
            if fallback_y < 0:
                return cy, cx, 0, steps
            ny, nx = fallback_y, fallback_x
        py, px = cy, cx
        cy, cx = ny, nx
        steps += 1


@numba.njit(cache=True, nogil=True)
def _detect(
    skeleton: NDArray[np.uint8],
    orientation: NDArray[np.float32],
    trace_px: int,
    walk_px: int,
    ring_y: NDArray[np.int64],
    ring_x: NDArray[np.int64],
) -> tuple[
    NDArray[np.int32], NDArray[np.int32], NDArray[np.int8], NDArray[np.float32],
    NDArray[np.int8], NDArray[np.int32], NDArray[np.int32],
]:  # fmt: skip
    height, width = skeleton.shape
    cn = _crossing_numbers(skeleton, ring_y, ring_x)
    index = -np.ones((height, width), dtype=np.int32)
    count = 0
    for y in range(1, height - 1):
        for x in range(1, width - 1):
            if cn[y, x] == 1 or cn[y, x] == 3:
                index[y, x] = count
                count += 1
    xs = np.zeros(count, dtype=np.int32)
    ys = np.zeros(count, dtype=np.int32)
    kinds = np.zeros(count, dtype=np.int8)
    directions = np.zeros(count, dtype=np.float32)
    walk_kind = -np.ones((count, 3), dtype=np.int8)
    walk_end = -np.ones((count, 3), dtype=np.int32)
    walk_steps = np.zeros((count, 3), dtype=np.int32)
    angles = np.zeros(3, dtype=np.float64)
    i = 0
    for y in range(1, height - 1):
        for x in range(1, width - 1):
            c = cn[y, x]
            if c != 1 and c != 3:
                continue
            xs[i] = x
            ys[i] = y
            kinds[i] = c
            branches = 0
            for k in range(8):
                yy = y + ring_y[k]
                xx = x + ring_x[k]
                if skeleton[yy, xx] == 0 or branches >= 3:
                    continue
                # a branch starts at a set neighbour whose predecessor in the ring is unset
                prev_k = (k + 7) % 8
                if skeleton[y + ring_y[prev_k], x + ring_x[prev_k]] != 0:
                    continue
                ey, ex, kind, steps = _walk(skeleton, cn, y, x, yy, xx, walk_px, ring_y, ring_x)
                walk_kind[i, branches] = kind
                walk_end[i, branches] = index[ey, ex] if kind != 0 else -1
                walk_steps[i, branches] = steps
                # direction of the branch over at most trace_px
                dy_, dx_, _, _ = _walk(skeleton, cn, y, x, yy, xx, trace_px, ring_y, ring_x)
                angles[branches] = np.arctan2(dy_ - y, dx_ - x)
                branches += 1
            if c == 1:
                body = angles[0]
            else:
                # the trunk is the branch farthest in angle from the other two
                best = -1.0
                body = angles[0]
                for b in range(min(branches, 3)):
                    spread = 0.0
                    for o in range(min(branches, 3)):
                        if o != b:
                            d = abs(angles[b] - angles[o]) % (2 * np.pi)
                            spread += min(d, 2 * np.pi - d)
                    if spread > best:
                        best = spread
                        body = angles[b]
            traced = body if c == 1 else body + np.pi
            # Refine with the orientation field (precise), keeping the sense the skeleton gives.
            theta = orientation[y, x]
            d = (traced - theta) % (2 * np.pi)
            if np.pi / 2 < d < 3 * np.pi / 2:
                theta = theta + np.pi
            # average the traced and field directions as unit vectors
            vx = np.cos(traced) + np.cos(theta)
            vy = np.sin(traced) + np.sin(theta)
            directions[i] = np.arctan2(vy, vx) % (2 * np.pi)
            i += 1
    return xs, ys, kinds, directions, walk_kind, walk_end, walk_steps


def detect(skeleton: NDArray[np.bool_], orientation: NDArray[np.float32]) -> RawMinutiae:
    """Every crossing-number minutia of `skeleton`, with direction and skeleton walks."""
    walk_px = max(P.SHORT_RIDGE_PX, P.SPUR_PX, P.BRIDGE_PX)
    xs, ys, kinds, directions, walk_kind, walk_end, walk_steps = _detect(
        np.ascontiguousarray(skeleton, dtype=np.uint8),
        np.ascontiguousarray(orientation, dtype=np.float32),
        P.DIRECTION_TRACE_PX,
        walk_px,
        _RING_Y,
        _RING_X,
    )
    return RawMinutiae(xs, ys, kinds, directions, walk_kind, walk_end, walk_steps)
