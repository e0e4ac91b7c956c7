"""Master minutiae: the ground truth read off the clean ridge pattern of a master print.

A master's ridges are noise-free, so a plain pipeline is exact enough: binarise, thin (Zhang-Suen),
classify skeleton pixels by crossing number (1 ending, 3 bifurcation), follow the skeleton a few pixels to
get each minutia's direction, and drop the artefacts a skeleton makes (minutiae closer together than
MINUTIA_MIN_GAP_PX, and those near the area's border where ridges are cut, not ended). This is *not* the
engine's extractor (`securecomm.biometrics.extractor`); it only sees perfect masters.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.distance import taxicab_depth
from securecomm.biometrics.synthetic.minutiae import MinutiaKind, MinutiaSet

__all__ = ["extract_master_minutiae", "thin"]

# the 8 neighbours in circular order, as (row, col) offsets: N, NE, E, SE, S, SW, W, NW
_RING = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))
_RING_ROWS = np.array([d[0] for d in _RING], dtype=np.int64)
_RING_COLS = np.array([d[1] for d in _RING], dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def _zhang_suen(image: NDArray[np.uint8]) -> None:  # pragma: no cover - compiled
    height, width = image.shape
    changed = True
    marks = np.zeros_like(image)
    while changed:
        changed = False
        for sub in range(2):
            marks[:] = 0
            for y in range(1, height - 1):
                for x in range(1, width - 1):
                    if image[y, x] == 0:
                        continue
                    p2, p3, p4 = image[y - 1, x], image[y - 1, x + 1], image[y, x + 1]
                    p5, p6, p7 = image[y + 1, x + 1], image[y + 1, x], image[y + 1, x - 1]
                    p8, p9 = image[y, x - 1], image[y - 1, x - 1]
                    count = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9
                    if count < 2 or count > 6:
                        continue
                    ring = (p2, p3, p4, p5, p6, p7, p8, p9, p2)
                    transitions = 0
                    for k in range(8):
                        if ring[k] == 0 and ring[k + 1] == 1:
                            transitions += 1
                    if transitions != 1:
                        continue
                    if (sub == 0 and p2 * p4 * p6 == 0 and p4 * p6 * p8 == 0) or (
                        sub == 1 and p2 * p4 * p8 == 0 and p2 * p6 * p8 == 0
                    ):
                        marks[y, x] = 1
            for y in range(height):
                for x in range(width):
                    if marks[y, x]:
                        image[y, x] = 0
                        changed = True


def thin(binary: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """One-pixel-wide skeleton of a binary image (Zhang & Suen 1984).

    Thinning is local, so only the bounding box of the set pixels (plus a pixel of margin) is thinned."""
    binary = np.asarray(binary, dtype=np.bool_)
    out = np.zeros(binary.shape, dtype=np.bool_)
    rows, cols = np.nonzero(binary.any(axis=1))[0], np.nonzero(binary.any(axis=0))[0]
    if rows.size == 0:
        return out
    y0, y1 = max(int(rows[0]) - 1, 0), min(int(rows[-1]) + 2, binary.shape[0])
    x0, x1 = max(int(cols[0]) - 1, 0), min(int(cols[-1]) + 2, binary.shape[1])
    image = np.ascontiguousarray(binary[y0:y1, x0:x1], dtype=np.uint8)
    _zhang_suen(image)
    out[y0:y1, x0:x1] = image.astype(bool)
    return out


def _crossing_numbers(skeleton: NDArray[np.bool_]) -> NDArray[np.int8]:
    padded = np.pad(skeleton.astype(np.int8), 1)
    height, width = skeleton.shape
    ring = [padded[1 + dr : 1 + dr + height, 1 + dc : 1 + dc + width] for dr, dc in _RING]
    total = sum(np.abs(ring[k] - ring[(k + 1) % 8]) for k in range(8))
    return np.where(skeleton, total // 2, 0).astype(np.int8)


def _trace(
    skeleton: NDArray[np.bool_], start: tuple[int, int], first: tuple[int, int], banned: set[tuple[int, int]]
) -> tuple[int, int]:
    """Follow the skeleton from `start` through `first` for up to MINUTIA_TRACE_PX steps; the last pixel."""
    height, width = skeleton.shape
    seen = {start, first, *banned}
    current = first
    for _ in range(P.MINUTIA_TRACE_PX - 1):
        y, x = current
        options = [
            (y + dr, x + dc)
            for dr, dc in _RING
            if 0 <= y + dr < height
            and 0 <= x + dc < width
            and skeleton[y + dr, x + dc]
            and (y + dr, x + dc) not in seen
        ]
        if len(options) != 1:
            break
        current = options[0]
        seen.add(current)
    return current


def _branch_starts(skeleton: NDArray[np.bool_], y: int, x: int) -> list[tuple[int, int]]:
    """The first pixel of each skeleton branch leaving (y, x): one per run of set neighbours."""
    ring = [bool(skeleton[y + dr, x + dc]) for dr, dc in _RING]
    starts = []
    for k in range(8):
        if ring[k] and not ring[k - 1]:
            starts.append((y + _RING[k][0], x + _RING[k][1]))
    return starts


def _angle(origin: tuple[int, int], target: tuple[int, int]) -> float:
    """Angle of origin → target, counter-clockwise as displayed (rows grow downwards)."""
    return math.atan2(-(target[0] - origin[0]), target[1] - origin[1])


def extract_master_minutiae(ridges: NDArray[np.floating], area: NDArray[np.bool_]) -> MinutiaSet:
    """Minutiae of a clean ridge image (ridges > 0) inside `area`, as ground truth."""
    skeleton = thin(ridges > 0)
    skeleton[[0, -1], :] = False
    skeleton[:, [0, -1]] = False
    crossing = _crossing_numbers(skeleton)
    inner = taxicab_depth(area) > P.MINUTIA_BORDER_PX  # the area eroded by that many pixels

    # adjacent bifurcation pixels are one fork: keep the first of each 8-connected cluster
    forks, _ = ndimage.label(crossing == 3, structure=np.ones((3, 3)))
    fork_pixels = ndimage.find_objects(forks)
    candidates: list[tuple[int, int, int]] = [
        (int(y), int(x), 1) for y, x in zip(*np.nonzero(crossing == 1), strict=True)
    ]
    for index, box in enumerate(fork_pixels, start=1):
        if box is None:
            continue
        rows, cols = np.nonzero(forks[box] == index)
        candidates.append((int(rows[0] + box[0].start), int(cols[0] + box[1].start), 2))

    xs, ys, directions, kinds = [], [], [], []
    for y, x, kind in candidates:
        if not inner[y, x]:
            continue
        starts = _branch_starts(skeleton, y, x)
        if kind == 1 and len(starts) == 1:
            end = _trace(skeleton, (y, x), starts[0], set())
            if max(abs(end[0] - y), abs(end[1] - x)) < 3:
                continue  # an isolated dot or a two-pixel stub
            direction = _angle((y, x), end)
        elif kind == 2 and len(starts) == 3:
            ends = [_trace(skeleton, (y, x), s, set(starts) - {s}) for s in starts]
            angles = [_angle((y, x), e) for e in ends]
            # the two branches closest in angle are the arms; the direction bisects them
            pairs = [(0, 1), (0, 2), (1, 2)]
            gaps = [abs((angles[a] - angles[b] + math.pi) % (2 * math.pi) - math.pi) for a, b in pairs]
            a, b = pairs[int(np.argmin(gaps))]
            direction = math.atan2(
                math.sin(angles[a]) + math.sin(angles[b]), math.cos(angles[a]) + math.cos(angles[b])
            )
        else:
            continue
        xs.append(float(x))
        ys.append(float(y))
        directions.append(direction)
        kinds.append(int(MinutiaKind.ENDING if kind == 1 else MinutiaKind.BIFURCATION))

    if not xs:
        return MinutiaSet.empty()
    points = np.column_stack([xs, ys])
    distance = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
    np.fill_diagonal(distance, np.inf)
    keep = distance.min(axis=1) >= P.MINUTIA_MIN_GAP_PX
    return MinutiaSet.build(xs, ys, directions, kinds).select(keep)
