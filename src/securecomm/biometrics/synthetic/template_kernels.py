"""Numba kernels of the template-level generator: the same finger model, sampled without images.

Randomness: a counter-based generator (SplitMix64 finaliser over a key hashed from seed, stream,
identity, finger and impression), so every finger of every identity is an independent, reproducible
stream that costs nothing to open — a NumPy `Generator` per finger would cost more than the finger.
Geometry (classes, fingertip area, singular points, orientation model, placement, plastic distortion)
follows the image path's parameters; the minutiae themselves are sampled as a hard-core point process
whose statistics are calibrated against rendered masters and the engine's extractor (see population.py).

Every function here is pure and compiled; the Python side (population.py) owns the API and the checks.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic.template_extractor import (
    drop_close_pairs,
    extra_features,
    extractor_traits,
)
from securecomm.biometrics.synthetic.template_geometry import (
    _AXES_X,
    _AXES_Y,
    _BORDER,
    _BRAKE,
    _CONTACT,
    _DROT_MAX,
    _DROT_SD,
    _DSHIFT_MAX,
    _DSHIFT_SD,
    _MAX_DRY,
    _NCORR,
    _PLACE_MAX,
    _PLACE_SD,
    _POOR,
    _POOR_CONTACT,
    _POOR_DRY,
    _POOR_SPREAD,
    _PRESSURE,
    _ROT_MAX,
    _ROT_SD,
    _centroid,
    _depth_ramp,
    _draw_class,
    _draw_shape,
    _inner_area,
    _inside,
    _layout,
    _orientation,
    _to_master,
    _to_sensor,
    depth_inside,
    master_to_sensor,
    sensor_to_master,
)  # fmt: skip
from securecomm.biometrics.synthetic.template_model import (
    M_ANGLE_SD,
    M_CLASS_DENSITY,
    M_COUNT_SD,
    M_DENSITY,
    M_DETECT,
    M_DETECT_DRY,
    M_DIR_SD,
    M_EDGE,
    M_EDGE_OFFSET,
    M_ENDING,
    M_GAP,
    M_PAIR_GAP,
    M_PERSISTENT,
    M_POS_SD,
    M_Q_MEAN,
    M_Q_SD,
    M_REVERSE,
    M_SPUR_END,
    M_SPURIOUS,
    M_WINDOW,
    M_WINDOW_RAMP,
    MODEL_SIZE,
)
from securecomm.biometrics.synthetic.template_random import (
    STREAM_IMPRESSION,
    STREAM_MASTER,
    _between,
    _clipped,
    _key,
    _normal,
    _poisson,
    _uniform,
)  # fmt: skip

__all__ = [
    "MAX_PER_FINGER",
    "MODEL_SIZE",
    "depth_inside",
    "impression_maps",
    "master_to_sensor",
    "sample_fingers",
    "sensor_to_master",
]

MAX_PER_FINGER = 160  # capacity of one finger's output row (masters carry 20-80 minutiae)


@numba.njit(cache=True)
def sample_master(
    seed: int,
    identity: int,
    finger: int,
    model: NDArray[np.float64],
    cumulative: NDArray[np.float64],
    shape: NDArray[np.float64],
    points: NDArray[np.float64],
    arch: NDArray[np.float64],
    mx: NDArray[np.float32],
    my: NDArray[np.float32],
    md: NDArray[np.float32],
    mk: NDArray[np.uint8],
) -> tuple[int, int, int, float]:  # pragma: no cover - compiled
    """One master's minutiae (canvas px, direction counter-clockwise as displayed); returns
    (count, pattern class index, singular-point count, θ∞). Fills shape, points and arch."""
    state = np.empty(1, dtype=np.uint64)
    state[0] = _key(seed, STREAM_MASTER, identity, finger, 0)
    pattern = _draw_class(state, cumulative, finger)
    _draw_shape(state, shape)
    n_points, theta_inf = _layout(state, pattern, shape, points, arch)
    expected = model[M_DENSITY] * model[M_CLASS_DENSITY + pattern] * _inner_area(shape, _BORDER) / 1000.0
    target = round(expected * (1.0 + model[M_COUNT_SD] * _normal(state)))
    target = min(max(target, 5), mx.shape[0])
    gap2 = model[M_GAP] * model[M_GAP]
    x0, x1 = shape[0] - shape[2], shape[0] + shape[3]
    y0 = shape[1] - shape[6] / 2.0 - shape[4]
    y1 = shape[1] + shape[6] / 2.0 + shape[5]
    count, attempts = 0, 0
    while count < target and attempts < 40 * target:
        attempts += 1
        x, y = _between(state, x0, x1), _between(state, y0, y1)
        if not _inside(shape, x, y, _BORDER):
            continue
        crowded = False
        for j in range(count):
            if (mx[j] - x) ** 2 + (my[j] - y) ** 2 < gap2:
                crowded = True
                break
        if crowded:
            continue
        flow = _orientation(x, y, points, n_points, theta_inf, arch)
        reverse = math.pi if _uniform(state) < model[M_REVERSE] else 0.0
        mx[count], my[count] = x, y
        md[count] = (flow + reverse + model[M_DIR_SD] * _normal(state)) % (2.0 * math.pi)
        mk[count] = 1 if _uniform(state) < model[M_ENDING] else 2
        count += 1
    return count, pattern, n_points, theta_inf


@numba.njit(cache=True)
def sample_impression(
    seed: int,
    identity: int,
    finger: int,
    impression: int,
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
    real: int,
    traits: tuple[
        NDArray[np.bool_],
        NDArray[np.float32],
        NDArray[np.float32],
        NDArray[np.float32],
        NDArray[np.uint8],
        NDArray[np.bool_],
    ],
    width: int,
    height: int,
    ox: NDArray[np.float32],
    oy: NDArray[np.float32],
    od: NDArray[np.float32],
    ok: NDArray[np.uint8],
    oq: NDArray[np.uint8],
    osrc: NDArray[np.int16],
    transform: NDArray[np.float64],
) -> int:  # pragma: no cover - compiled
    """One impression's minutiae as an extractor would report them; returns how many. `transform` gets
    (placement: anchor x, anchor y, target x, target y, rotation; distortion: 8 values; pressure,
    contact margin, dryness)."""
    state = np.empty(1, dtype=np.uint64)
    state[0] = _key(seed, STREAM_IMPRESSION, identity, finger, impression)
    ax, ay = _centroid(shape)
    p = transform[0:5]
    d = transform[5:13]
    poor = _uniform(state) < _POOR
    spread = _POOR_SPREAD if poor else 1.0
    p[0], p[1] = ax, ay
    p[2] = width / 2.0 + _clipped(state, spread * _PLACE_SD, spread * _PLACE_MAX)
    p[3] = height / 2.0 + _clipped(state, spread * _PLACE_SD, spread * _PLACE_MAX)
    p[4] = _clipped(state, _ROT_SD, _ROT_MAX)
    d[0] = ax + _clipped(state, 12.0, 30.0)
    d[1] = ay + _clipped(state, 12.0, 30.0)
    d[2] = _between(state, _AXES_X[0], _AXES_X[1])
    d[3] = _between(state, _AXES_Y[0], _AXES_Y[1])
    d[4] = _clipped(state, _DROT_SD, _DROT_MAX)
    d[5] = _clipped(state, _DSHIFT_SD, _DSHIFT_MAX)
    d[6] = _clipped(state, _DSHIFT_SD, _DSHIFT_MAX)
    d[7] = _between(state, _BRAKE[0], _BRAKE[1])
    pressure = _between(state, _PRESSURE[0], _PRESSURE[1])
    transform[13] = pressure
    light = (_PRESSURE[1] - pressure) / (_PRESSURE[1] - _PRESSURE[0])
    contact = _CONTACT[1] - light * (_CONTACT[1] - _CONTACT[0]) * _between(state, 0.5, 1.0)
    dryness = 0.03 + 0.22 * light * _between(state, 0.4, 1.2)
    if poor:
        contact *= _between(state, _POOR_CONTACT[0], _POOR_CONTACT[1])
        dryness += _between(state, _POOR_DRY[0], _POOR_DRY[1])
    margin = (1.0 - contact) * 120.0
    dryness = min(_MAX_DRY, max(0.0, dryness))
    transform[14], transform[15] = margin, dryness
    detect = model[M_DETECT] * (1.0 - model[M_DETECT_DRY] * dryness)
    edge, window, window_ramp = max(model[M_EDGE], 1e-6), model[M_WINDOW], max(model[M_WINDOW_RAMP], 1e-6)
    offset = model[M_EDGE_OFFSET]
    capacity = ox.shape[0]
    n = 0
    hidden, offset_x, offset_y, offset_angle, seen_kind, reversed_ = traits
    for i in range(count):
        if hidden[i]:
            continue
        x0, y0 = _to_sensor(float(mx[i]), float(my[i]), d, p)
        reach = min(x0, y0, width - 1.0 - x0, height - 1.0 - y0)
        if reach <= window:
            continue
        seen = detect * min(1.0, (reach - window) / window_ramp)
        if _uniform(state) >= seen * _depth_ramp(shape, float(mx[i]), float(my[i]), margin + offset, edge):
            continue
        # the persistent offset lives on the finger, so it turns and stretches with the impression
        x, y = _to_sensor(float(mx[i]) + offset_x[i], float(my[i]) + offset_y[i], d, p)
        qx, qy = _to_sensor(float(mx[i]) + 3.0 * math.cos(md[i]), float(my[i]) - 3.0 * math.sin(md[i]), d, p)
        direction = math.atan2(-(qy - y0), qx - x0) + offset_angle[i] + model[M_ANGLE_SD] * _normal(state)
        if reversed_[i]:
            direction += math.pi
        x += model[M_POS_SD] * _normal(state)
        y += model[M_POS_SD] * _normal(state)
        if n < capacity and 0.0 <= x <= width - 1.0 and 0.0 <= y <= height - 1.0:
            ox[n], oy[n], od[n], ok[n] = x, y, direction % (2.0 * math.pi), seen_kind[i]
            oq[n] = min(100, max(1, round(model[M_Q_MEAN] + model[M_Q_SD] * _normal(state))))
            osrc[n] = i if i < real else -1
            n += 1

    spurious = _poisson(state, model[M_SPURIOUS] * (1.0 - model[M_PERSISTENT]) * width * height / 1000.0)
    for _ in range(spurious):
        x, y = _between(state, 0.0, width - 1.0), _between(state, 0.0, height - 1.0)
        if min(x, y, width - 1.0 - x, height - 1.0 - y) < window:
            continue
        sx, sy = _to_master(x, y, d, p)
        if not _inside(shape, sx, sy, margin):
            continue
        flow = _orientation(sx, sy, points, n_points, theta_inf, arch)
        reverse = math.pi if _uniform(state) < 0.5 else 0.0
        direction = flow + p[4] + reverse + model[M_ANGLE_SD] * _normal(state)
        if n < capacity:
            ox[n], oy[n], od[n] = x, y, direction % (2.0 * math.pi)
            ok[n] = 1 if _uniform(state) < model[M_SPUR_END] else 2
            oq[n] = min(100, max(1, round(model[M_Q_MEAN] + model[M_Q_SD] * _normal(state))))
            osrc[n] = -1
            n += 1
    return drop_close_pairs(n, model[M_PAIR_GAP], ox, oy, od, ok, oq, osrc)


@numba.njit(nogil=True, cache=True)
def sample_fingers(
    seed: int,
    impression_seed: int,
    identities: NDArray[np.int64],
    fingers: NDArray[np.int64],
    impression: int,
    model: NDArray[np.float64],
    cumulative: NDArray[np.float64],
    width: int,
    height: int,
    out_x: NDArray[np.float32],
    out_y: NDArray[np.float32],
    out_d: NDArray[np.float32],
    out_k: NDArray[np.uint8],
    out_q: NDArray[np.uint8],
    out_src: NDArray[np.int16],
    counts: NDArray[np.int32],
    classes: NDArray[np.uint8],
    transforms: NDArray[np.float64],
    shapes: NDArray[np.float64],
) -> None:  # pragma: no cover - compiled
    """Row r: finger `fingers[r]` of identity `identities[r]`; impression 0 is the master itself.

    Masters come from `seed`, impressions of them from `impression_seed` (usually the same)."""
    shape = np.empty(7, dtype=np.float64)
    points = np.zeros((4, 3 + _NCORR), dtype=np.float64)
    arch = np.zeros(5, dtype=np.float64)
    capacity = out_x.shape[1]
    mx = np.empty(capacity, dtype=np.float32)
    my = np.empty(capacity, dtype=np.float32)
    md = np.empty(capacity, dtype=np.float32)
    mk = np.empty(capacity, dtype=np.uint8)
    traits = (
        np.empty(capacity, dtype=np.bool_),
        np.empty(capacity, dtype=np.float32),
        np.empty(capacity, dtype=np.float32),
        np.empty(capacity, dtype=np.float32),
        np.empty(capacity, dtype=np.uint8),
        np.empty(capacity, dtype=np.bool_),
    )
    for r in range(identities.shape[0]):
        count, pattern, n_points, theta_inf = sample_master(
            seed, identities[r], fingers[r], model, cumulative, shape, points, arch, mx, my, md, mk
        )
        classes[r] = pattern
        shapes[r, :] = shape
        if impression == 0:
            for i in range(count):
                out_x[r, i], out_y[r, i], out_d[r, i], out_k[r, i] = mx[i], my[i], md[i], mk[i]
                out_q[r, i] = 100
                out_src[r, i] = i
            counts[r] = count
            continue
        total = extra_features(
            seed,
            identities[r],
            fingers[r],
            model,
            shape,
            points,
            n_points,
            theta_inf,
            arch,
            mx,
            my,
            md,
            mk,
            count,
        )
        extractor_traits(seed, identities[r], fingers[r], model, mk, total, *traits)
        counts[r] = sample_impression(
            impression_seed, identities[r], fingers[r], impression, model, shape, points, n_points, theta_inf, arch,
            mx, my, md, mk, total, count, traits, width, height,
            out_x[r], out_y[r], out_d[r], out_k[r], out_q[r], out_src[r], transforms[r],
        )  # fmt: skip


@numba.njit(cache=True)
def impression_maps(
    seed: int,
    identity: int,
    finger: int,
    model: NDArray[np.float64],
    cumulative: NDArray[np.float64],
    transform: NDArray[np.float64],
    mask: NDArray[np.bool_],
    mask_block: int,
    orientation: NDArray[np.float64],
    inside: NDArray[np.bool_],
    field_block: int,
) -> None:  # pragma: no cover - compiled
    """The contact mask (on `mask_block` blocks) and the ridge orientation (radians, counter-clockwise as
    displayed, on `field_block` blocks; `inside` marks blocks on the print) of one impression.

    The definition, point by point (each block centre pulled back by `_to_master`): engine templates are
    made by template_maps.maps_for_rows, ~15 times cheaper, which the tests hold to this byte for byte."""
    shape = np.empty(7, dtype=np.float64)
    points = np.zeros((4, 3 + _NCORR), dtype=np.float64)
    arch = np.zeros(5, dtype=np.float64)
    mx = np.empty(MAX_PER_FINGER, dtype=np.float32)
    my = np.empty(MAX_PER_FINGER, dtype=np.float32)
    md = np.empty(MAX_PER_FINGER, dtype=np.float32)
    mk = np.empty(MAX_PER_FINGER, dtype=np.uint8)
    _, _, n_points, theta_inf = sample_master(
        seed, identity, finger, model, cumulative, shape, points, arch, mx, my, md, mk
    )
    margin = transform[14]
    for r in range(mask.shape[0]):
        for c in range(mask.shape[1]):
            sx, sy = _to_master(
                (c + 0.5) * mask_block, (r + 0.5) * mask_block, transform[5:13], transform[0:5]
            )
            mask[r, c] = _inside(shape, sx, sy, margin)
    for r in range(orientation.shape[0]):
        for c in range(orientation.shape[1]):
            sx, sy = _to_master(
                (c + 0.5) * field_block, (r + 0.5) * field_block, transform[5:13], transform[0:5]
            )
            inside[r, c] = _inside(shape, sx, sy, margin)
            flow = _orientation(sx, sy, points, n_points, theta_inf, arch)
            orientation[r, c] = (flow + transform[4]) % math.pi
