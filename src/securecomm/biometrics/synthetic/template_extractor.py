"""How the template path plays the extractor: persistent per-minutia traits, extractor-only features,
and the thinning of crowded minutiae (all calibrated in calibration.py against the engine's extractor)."""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic.template_geometry import _inner_area, _inside, _orientation
from securecomm.biometrics.synthetic.template_model import (
    M_B2E,
    M_DETECT,
    M_E2B,
    M_FLIP,
    M_HIDDEN,
    M_PERSISTENT,
    M_SPUR_END,
    M_SPURIOUS,
    M_SYS_ANGLE_SD,
    M_SYS_POS_SD,
)
from securecomm.biometrics.synthetic.template_random import (
    STREAM_EXTRA,
    STREAM_TRAITS,
    _between,
    _key,
    _normal,
    _poisson,
    _uniform,
)

__all__ = ["drop_close_pairs", "extra_features", "extractor_traits"]


@numba.njit(cache=True)
def extra_features(
    seed: int,
    identity: int,
    finger: int,
    model: NDArray[np.float64],
    shape: NDArray[np.float64],
    points: NDArray[np.float64],
    n_points: int,
    theta_inf: float,
    arch: NDArray[np.float64],
    mx: NDArray[np.float32],
    my: NDArray[np.float32],
    md: NDArray[np.float32],
    mk: NDArray[np.uint8],
    count: int,
) -> int:  # pragma: no cover - compiled
    """Append the finger's extractor-only features after its `count` minutiae; returns the new total.

    On rendered prints most of what an extractor reports beyond the ground truth comes back in the next
    impression at the same place (calibration: 'spurious recurrence'): ridge breaks and short pieces of
    the pattern that the ground truth leaves out. They belong to the finger, so they are drawn here, once,
    and then seen or missed in each impression like real minutiae."""
    state = np.empty(1, dtype=np.uint64)
    state[0] = _key(seed, STREAM_EXTRA, identity, finger, 0)
    rate = model[M_SPURIOUS] * model[M_PERSISTENT] / max(model[M_DETECT], 1e-6)
    wanted = _poisson(state, rate * _inner_area(shape, 0.0) / 1000.0)
    x0, x1 = shape[0] - shape[2], shape[0] + shape[3]
    y0 = shape[1] - shape[6] / 2.0 - shape[4]
    y1 = shape[1] + shape[6] / 2.0 + shape[5]
    total, attempts = count, 0
    while total < min(count + wanted, mx.shape[0]) and attempts < 40 * (wanted + 1):
        attempts += 1
        x, y = _between(state, x0, x1), _between(state, y0, y1)
        if not _inside(shape, x, y, 0.0):
            continue
        flow = _orientation(x, y, points, n_points, theta_inf, arch)
        mx[total], my[total] = x, y
        md[total] = (flow + (math.pi if _uniform(state) < 0.5 else 0.0)) % (2.0 * math.pi)
        mk[total] = 1 if _uniform(state) < model[M_SPUR_END] else 2
        total += 1
    return total


@numba.njit(cache=True)
def extractor_traits(
    seed: int,
    identity: int,
    finger: int,
    model: NDArray[np.float64],
    mk: NDArray[np.uint8],
    count: int,
    hidden: NDArray[np.bool_],
    offset_x: NDArray[np.float32],
    offset_y: NDArray[np.float32],
    offset_angle: NDArray[np.float32],
    seen_kind: NDArray[np.uint8],
    reversed_: NDArray[np.bool_],
) -> None:  # pragma: no cover - compiled
    """How an extractor sees each master minutia, the same in every impression: never (hidden), with a
    persistent position and angle offset, as which kind, pointing which way. Measured on rendered prints,
    these persistent parts dominate the extractor's errors (see calibration.py)."""
    state = np.empty(1, dtype=np.uint64)
    state[0] = _key(seed, STREAM_TRAITS, identity, finger, 0)
    for i in range(count):
        hidden[i] = _uniform(state) < model[M_HIDDEN]
        offset_x[i] = model[M_SYS_POS_SD] * _normal(state)
        offset_y[i] = model[M_SYS_POS_SD] * _normal(state)
        offset_angle[i] = model[M_SYS_ANGLE_SD] * _normal(state)
        kind = int(mk[i])
        u = _uniform(state)
        reversed_[i] = u < model[M_FLIP]
        if reversed_[i] or u < model[M_FLIP] + (model[M_B2E] if kind == 2 else model[M_E2B]):
            kind = 3 - kind
        seen_kind[i] = kind


@numba.njit(cache=True)
def drop_close_pairs(
    n: int,
    gap: float,
    ox: NDArray[np.float32],
    oy: NDArray[np.float32],
    od: NDArray[np.float32],
    ok: NDArray[np.uint8],
    oq: NDArray[np.uint8],
    osrc: NDArray[np.int16],
) -> int:  # pragma: no cover - compiled
    """Of every pair closer than `gap`, drop the one of lower quality (the later one on a tie), as an
    extractor's artefact filters (spurs, bridges, broken ridges) thin crowded minutiae; returns the new
    count, order kept."""
    gap2 = gap * gap
    drop = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        if drop[i]:
            continue
        for j in range(i + 1, n):
            if not drop[j] and (ox[i] - ox[j]) ** 2 + (oy[i] - oy[j]) ** 2 < gap2:
                if oq[j] > oq[i]:
                    drop[i] = True
                    break
                drop[j] = True
    kept = 0
    for i in range(n):
        if not drop[i]:
            ox[kept], oy[kept], od[kept], ok[kept], oq[kept], osrc[kept] = (
                ox[i],
                oy[i],
                od[i],
                ok[i],
                oq[i],
                osrc[i],
            )
            kept += 1
    return kept
