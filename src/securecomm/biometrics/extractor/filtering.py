"""Stage: false-minutia filtering, by the skeleton structures that noise and the mask border produce.

Each rule removes a structure a real ridge pattern does not have at 500 ppi (Xiao & Raafat 1991; Maltoni et
al., Handbook of Fingerprint Recognition, 2nd ed., §3.8):

* short ridge / island: an ending whose ridge reaches another ending within SHORT_RIDGE_PX (both go);
* spur: an ending whose ridge reaches a bifurcation within SPUR_PX (both go);
* bridge or lake: a bifurcation linked to another bifurcation within BRIDGE_PX (both go);
* broken ridge: two endings closer than BREAK_DISTANCE_PX that point at each other (both go);
* border: minutiae closer than BORDER_MARGIN_PX to the edge of the print, where ridges are cut, not ended;
* cluster: minutiae with CLUSTER_MIN_NEIGHBOURS others within CLUSTER_RADIUS_PX, the mark of a noisy patch.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P
from securecomm.biometrics.extractor.minutiae import BIFURCATION, ENDING, RawMinutiae

__all__ = ["border_distance", "filter_minutiae"]


def border_distance(mask: NDArray[np.bool_]) -> NDArray[np.float32]:
    """Distance (px) from each pixel to the nearest background pixel or image edge."""
    padded = np.pad(mask, 1, constant_values=False)
    distance = ndimage.distance_transform_edt(padded)
    return np.asarray(distance[1:-1, 1:-1], dtype=np.float32)


def _structural(raw: RawMinutiae) -> NDArray[np.bool_]:
    """Minutiae that short skeleton walks show to be artefacts (spur, bridge, short ridge)."""
    drop = np.zeros(raw.count, dtype=bool)
    for i in range(raw.count):
        for b in range(3):
            kind = int(raw.walk_kind[i, b])
            target = int(raw.walk_end[i, b])
            steps = int(raw.walk_steps[i, b])
            if kind <= 0 or target < 0 or target == i:
                continue
            mine = int(raw.kind[i])
            limit = 0
            if mine == ENDING and kind == ENDING:
                limit = P.SHORT_RIDGE_PX
            elif {mine, kind} == {ENDING, BIFURCATION}:
                limit = P.SPUR_PX
            elif mine == BIFURCATION and kind == BIFURCATION:
                limit = P.BRIDGE_PX
            if steps <= limit:
                drop[i] = True
                drop[target] = True
    return drop


def _breaks(
    x: NDArray[np.float64], y: NDArray[np.float64], direction: NDArray[np.float64], ending: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """Pairs of endings that face each other across a short gap."""
    drop = np.zeros(x.size, dtype=bool)
    idx = np.flatnonzero(ending)
    if idx.size < 2:
        return drop
    dx = x[idx][None, :] - x[idx][:, None]
    dy = y[idx][None, :] - y[idx][:, None]
    distance = np.hypot(dx, dy)
    link = np.arctan2(dy, dx)  # from i towards j
    di = direction[idx][:, None]
    dj = direction[idx][None, :]
    facing = np.abs(np.angle(np.exp(1j * (dj - di - np.pi)))) <= P.BREAK_ANGLE
    towards = np.abs(np.angle(np.exp(1j * (link - di)))) <= P.BREAK_ANGLE
    pairs = (distance < P.BREAK_DISTANCE_PX) & facing & towards
    np.fill_diagonal(pairs, False)
    hit = pairs.any(axis=0) | pairs.any(axis=1)
    drop[idx[hit]] = True
    return drop


def _clusters(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.bool_]:
    distance = np.hypot(x[None, :] - x[:, None], y[None, :] - y[:, None])
    close = (distance < P.CLUSTER_RADIUS_PX).sum(axis=1) - 1
    return np.asarray(close >= P.CLUSTER_MIN_NEIGHBOURS)


def filter_minutiae(raw: RawMinutiae, distance_to_border: NDArray[np.float32]) -> NDArray[np.int64]:
    """Indices into `raw` of the minutiae that survive every rule, in their original order."""
    if raw.count == 0:
        return np.zeros(0, dtype=np.int64)
    x = raw.x.astype(np.float64)
    y = raw.y.astype(np.float64)
    direction = raw.direction.astype(np.float64)
    drop = _structural(raw)
    drop |= distance_to_border[raw.y, raw.x] < P.BORDER_MARGIN_PX
    drop |= _breaks(x, y, direction, (raw.kind == ENDING) & ~drop)
    keep = np.flatnonzero(~drop)
    if keep.size:
        crowded = _clusters(x[keep], y[keep])
        keep = keep[~crowded]
    return keep
