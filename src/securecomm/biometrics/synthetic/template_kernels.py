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

from securecomm.biometrics.synthetic import parameters as P

__all__ = ["MAX_PER_FINGER", "depth_inside", "master_to_sensor", "sample_fingers", "sensor_to_master"]

MAX_PER_FINGER = 160  # capacity of one finger's output row (masters carry 20-80 minutiae)

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_STREAM_MASTER = 101
_STREAM_IMPRESSION = 102
_STREAM_TRAITS = 103
_STREAM_EXTRA = 104

# geometry constants, copied from the image path so both sample the same fingers
_W = float(P.MASTER_WIDTH_PX)
_H = float(P.MASTER_HEIGHT_PX)
_HW = P.SHAPE_HALF_WIDTH_PX
_TOP = P.SHAPE_TOP_CAP_PX
_BOTTOM = P.SHAPE_BOTTOM_CAP_PX
_MIDDLE = P.SHAPE_MIDDLE_PX
_CORE_FRAC = P.CORE_HEIGHT_FRACTION
_CORE_SD = P.CORE_X_SD_PX
_LOOP_DX = P.LOOP_DELTA_DX_PX
_LOOP_DY = P.LOOP_DELTA_DY_PX
_WHORL_GAP = P.WHORL_CORE_GAP_PX
_WHORL_DX = P.WHORL_DELTA_DX_PX
_WHORL_DY = P.WHORL_DELTA_DY_PX
_TENT_DY = P.TENTED_DELTA_DY_PX
_TENT_SD = P.TENTED_DELTA_DX_SD_PX
_THETA_SD = P.THETA_INF_SD
_NCORR = P.CORRECTION_POINTS
_CORR = P.CORRECTION_MAX
_ARCH_AMP = P.ARCH_AMPLITUDE
_ARCH_FLAT = P.ARCH_FLAT_FRACTION
_BORDER = float(P.MINUTIA_BORDER_PX)
_ROT_SD = math.radians(P.ROTATION_SD_DEG)
_ROT_MAX = math.radians(P.ROTATION_MAX_DEG)
_PLACE_SD = P.PLACEMENT_SD_PX
_PLACE_MAX = P.PLACEMENT_MAX_PX
_DROT_SD = math.radians(P.DISTORTION_ROTATION_SD_DEG)
_DROT_MAX = math.radians(P.DISTORTION_ROTATION_MAX_DEG)
_DSHIFT_SD = P.DISTORTION_SHIFT_SD_PX
_DSHIFT_MAX = P.DISTORTION_SHIFT_MAX_PX
_AXES_X = P.CLOSE_CONTACT_AXES_PX[0]
_AXES_Y = P.CLOSE_CONTACT_AXES_PX[1]
_BRAKE = P.DISTORTION_BRAKE_PX
_CONTACT = P.CONTACT_SCALE
_PRESSURE = P.PRESSURE
_POOR = P.POOR_SHARE
_POOR_SPREAD = P.POOR_PLACEMENT_SCALE
_POOR_CONTACT = P.POOR_CONTACT_SCALE
_POOR_DRY = P.POOR_DRYNESS_EXTRA
_MAX_DRY = P.MAX_DRYNESS

# indices into the model vector built by population.MinutiaeModel.vector()
M_DENSITY, M_COUNT_SD, M_GAP, M_ENDING, M_DIR_SD = 0, 1, 2, 3, 4
M_DETECT, M_DETECT_DRY, M_EDGE, M_WINDOW, M_SPURIOUS = 5, 6, 7, 8, 9
M_POS_SD, M_ANGLE_SD, M_FLIP, M_B2E, M_Q_MEAN, M_Q_SD = 10, 11, 12, 13, 14, 15
M_REVERSE = 16  # probability that a minutia points against the flow angle's [0, π) representative
M_CLASS_DENSITY = 17  # five entries: density factor of arch, tented arch, left loop, right loop, whorl
M_E2B, M_WINDOW_RAMP, M_SPUR_END, M_PAIR_GAP, M_EDGE_OFFSET = 22, 23, 24, 25, 26
M_HIDDEN, M_SYS_POS_SD, M_SYS_ANGLE_SD, M_PERSISTENT = 27, 28, 29, 30
MODEL_SIZE = 31


@numba.njit(inline="always", cache=True)
def _mix(z: np.uint64) -> np.uint64:  # pragma: no cover - compiled
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True)
def _key(
    seed: int, stream: int, identity: int, finger: int, impression: int
) -> np.uint64:  # pragma: no cover
    h = _mix(np.uint64(seed) + _GOLDEN)
    h = _mix(h ^ (np.uint64(stream) * _GOLDEN))
    h = _mix(h ^ (np.uint64(identity) + _GOLDEN))
    h = _mix(h ^ (np.uint64(finger) * _M1))
    return _mix(h ^ (np.uint64(impression) * _M2))


@numba.njit(inline="always", cache=True)
def _uniform(state: NDArray[np.uint64]) -> float:  # pragma: no cover - compiled
    state[0] += _GOLDEN
    return float(_mix(state[0]) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@numba.njit(cache=True)
def _between(state: NDArray[np.uint64], low: float, high: float) -> float:  # pragma: no cover
    return low + (high - low) * _uniform(state)


@numba.njit(cache=True)
def _normal(state: NDArray[np.uint64]) -> float:  # pragma: no cover - compiled
    u = max(_uniform(state), 1e-300)
    return math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * _uniform(state))


@numba.njit(cache=True)
def _clipped(state: NDArray[np.uint64], sd: float, limit: float) -> float:  # pragma: no cover
    return min(limit, max(-limit, sd * _normal(state)))


@numba.njit(cache=True)
def _poisson(state: NDArray[np.uint64], mean: float) -> int:  # pragma: no cover - compiled
    if mean > 30.0:
        return max(0, round(mean + math.sqrt(mean) * _normal(state)))
    limit, product, count = math.exp(-mean), _uniform(state), 0
    while product > limit:
        product *= _uniform(state)
        count += 1
    return count


@numba.njit(cache=True, inline="always")
def _inside(shape: NDArray[np.float64], x: float, y: float, margin: float) -> bool:  # pragma: no cover
    """Whether (x, y) lies at least `margin` px inside the fingertip area (shape = cx, cy, l, r, t, b, m)."""
    cx, cy, left, right, top, bottom, middle = (
        shape[0],
        shape[1],
        shape[2],
        shape[3],
        shape[4],
        shape[5],
        shape[6],
    )
    half = (left if x < cx else right) - margin
    if half <= 0.0:
        return False
    upper, lower = cy - middle / 2.0, cy + middle / 2.0
    into = 0.0
    if y < upper:
        into = (upper - y) / max(top - margin, 1e-6)
    elif y > lower:
        into = (y - lower) / max(bottom - margin, 1e-6)
    if into > 1.0:
        return False
    return bool(abs(x - cx) <= half * math.sqrt(max(0.0, 1.0 - into * into)))


@numba.njit(cache=True)
def _centroid(shape: NDArray[np.float64]) -> tuple[float, float]:  # pragma: no cover - compiled
    """Exact centroid of the band plus four quarter ellipses."""
    cx, cy, left, right, top, bottom, middle = (
        shape[0],
        shape[1],
        shape[2],
        shape[3],
        shape[4],
        shape[5],
        shape[6],
    )
    k = 4.0 / (3.0 * math.pi)
    parts = (
        ((left + right) * middle, cx + (right - left) / 2.0, cy),
        (math.pi * left * top / 4.0, cx - k * left, cy - middle / 2.0 - k * top),
        (math.pi * right * top / 4.0, cx + k * right, cy - middle / 2.0 - k * top),
        (math.pi * left * bottom / 4.0, cx - k * left, cy + middle / 2.0 + k * bottom),
        (math.pi * right * bottom / 4.0, cx + k * right, cy + middle / 2.0 + k * bottom),
    )
    area, sx, sy = 0.0, 0.0, 0.0
    for a, px, py in parts:
        area += a
        sx += a * px
        sy += a * py
    return sx / area, sy / area


@numba.njit(cache=True)
def _corrected(alpha: float, correction: NDArray[np.float64]) -> float:  # pragma: no cover - compiled
    step = 2.0 * math.pi / _NCORR
    position = (alpha + math.pi) / step
    i = min(int(position), _NCORR - 1)
    t = position - i
    low = correction[i]
    high = correction[(i + 1) % _NCORR]
    return float(alpha + low + t * (high - low))


@numba.njit(cache=True)
def _orientation(
    x: float, y: float, points: NDArray[np.float64], count: int, theta_inf: float, arch: NDArray[np.float64]
) -> float:  # pragma: no cover - compiled
    """The zero-pole (+ correction) or arch orientation at (x, y); points rows = (x, y, ±½, δ_0..δ_7)."""
    theta = theta_inf
    if arch[4] > 0.0:  # left, width, top, flat_y, amplitude
        u = min(1.0, max(0.0, (x - arch[0]) / arch[1]))
        rise = math.sqrt(min(1.0, max(0.0, (arch[3] - y) / (arch[3] - arch[2]))))
        theta += math.atan(arch[4] * rise * math.cos(math.pi * u))
    for k in range(count):
        alpha = math.atan2(-(y - points[k, 1]), x - points[k, 0])
        theta += points[k, 2] * _corrected(alpha, points[k, 3:])
    return theta % math.pi


@numba.njit(cache=True)
def _draw_class(
    state: NDArray[np.uint64], cumulative: NDArray[np.float64], finger: int
) -> int:  # pragma: no cover
    u = _uniform(state)
    for c in range(cumulative.shape[1]):
        if u < cumulative[finger - 1, c]:
            return c
    return int(cumulative.shape[1]) - 1


@numba.njit(cache=True)
def _point(
    points: NDArray[np.float64], k: int, state: NDArray[np.uint64], x: float, y: float, index: float
) -> None:  # pragma: no cover
    points[k, 0], points[k, 1], points[k, 2] = x, y, index
    for i in range(_NCORR):
        points[k, 3 + i] = _between(state, -_CORR, _CORR)


@numba.njit(cache=True)
def _layout(
    state: NDArray[np.uint64],
    pattern: int,
    shape: NDArray[np.float64],
    points: NDArray[np.float64],
    arch: NDArray[np.float64],
) -> tuple[int, float]:  # pragma: no cover - compiled
    """Singular points (or arch flow) of class `pattern` (0 arch, 1 tented, 2 left loop, 3 right loop, 4 whorl)."""
    cx, top_y = shape[0], shape[1] - shape[6] / 2.0 - shape[4]
    height = shape[4] + shape[6] + shape[5]
    core_x = cx + _clipped(state, _CORE_SD, 2.5 * _CORE_SD)
    core_y = top_y + height * _between(state, _CORE_FRAC[0], _CORE_FRAC[1])
    theta_inf = _clipped(state, _THETA_SD, 2.5 * _THETA_SD)
    arch[4] = 0.0
    if pattern == 0:
        arch[0], arch[1], arch[2] = cx - shape[2], shape[2] + shape[3], top_y
        arch[3] = top_y + height * _between(state, _ARCH_FLAT[0], _ARCH_FLAT[1])
        arch[4] = _between(state, _ARCH_AMP[0], _ARCH_AMP[1])
        return 0, theta_inf
    if pattern == 1:
        dx = _TENT_SD * _normal(state)
        _point(points, 0, state, core_x, core_y, 0.5)
        _point(points, 1, state, core_x + dx, core_y + _between(state, _TENT_DY[0], _TENT_DY[1]), -0.5)
        return 2, theta_inf
    if pattern == 2 or pattern == 3:
        side = -1.0 if pattern == 3 else 1.0
        core_x -= side * _between(state, 0.0, 20.0)
        _point(points, 0, state, core_x, core_y, 0.5)
        dx = side * _between(state, _LOOP_DX[0], _LOOP_DX[1])
        _point(points, 1, state, core_x + dx, core_y + _between(state, _LOOP_DY[0], _LOOP_DY[1]), -0.5)
        return 2, theta_inf
    gap = _between(state, _WHORL_GAP[0], _WHORL_GAP[1])
    tilt = _between(state, -0.6, 0.6) + math.pi / 2.0
    hx, hy = math.cos(tilt) * gap / 2.0, math.sin(tilt) * gap / 2.0
    drop0, drop1 = _between(state, _WHORL_DY[0], _WHORL_DY[1]), _between(state, _WHORL_DY[0], _WHORL_DY[1])
    _point(points, 0, state, core_x - hx, core_y - hy, 0.5)
    _point(points, 1, state, core_x + hx, core_y + hy, 0.5)
    _point(points, 2, state, core_x - _between(state, _WHORL_DX[0], _WHORL_DX[1]), core_y + drop0, -0.5)
    _point(points, 3, state, core_x + _between(state, _WHORL_DX[0], _WHORL_DX[1]), core_y + drop1, -0.5)
    return 4, theta_inf


@numba.njit(cache=True)
def _draw_shape(state: NDArray[np.uint64], shape: NDArray[np.float64]) -> None:  # pragma: no cover - compiled
    top = _between(state, _TOP[0], _TOP[1])
    bottom = _between(state, _BOTTOM[0], _BOTTOM[1])
    middle = _between(state, _MIDDLE[0], _MIDDLE[1])
    cy = _H / 2.0 + (top - bottom) / 2.0 + 4.0 * _normal(state)
    cy = min(max(cy, top + middle / 2.0 + 4.0), _H - bottom - middle / 2.0 - 4.0)
    shape[0] = _W / 2.0 + 4.0 * _normal(state)
    shape[1] = cy
    shape[2] = _between(state, _HW[0], _HW[1])
    shape[3] = _between(state, _HW[0], _HW[1])
    shape[4], shape[5], shape[6] = top, bottom, middle


@numba.njit(cache=True)
def _inner_area(shape: NDArray[np.float64], margin: float) -> float:  # pragma: no cover - compiled
    left, right = max(shape[2] - margin, 0.0), max(shape[3] - margin, 0.0)
    top, bottom = max(shape[4] - margin, 0.0), max(shape[5] - margin, 0.0)
    return float((left + right) * shape[6] + math.pi * (left + right) * (top + bottom) / 4.0)


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
    state[0] = _key(seed, _STREAM_MASTER, identity, finger, 0)
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


@numba.njit(cache=True, inline="always")
def _distort(x: float, y: float, d: NDArray[np.float64]) -> tuple[float, float]:  # pragma: no cover
    """Cappelli-Maio-Maltoni forward map; d = (cx, cy, ax, ay, rotation, shift x, shift y, brake)."""
    dx, dy = x - d[0], y - d[1]
    rho = math.sqrt((dx / d[2]) ** 2 + (dy / d[3]) ** 2)
    mu = math.hypot(dx, dy) * (1.0 - 1.0 / rho) if rho > 1.0 else 0.0
    c, s = math.cos(d[4]), math.sin(d[4])
    tx = d[0] + c * dx + s * dy + d[5]
    ty = d[1] - s * dx + c * dy + d[6]
    brake = 1.0 - math.exp(-(mu * mu) / (2.0 * d[7] * d[7]))
    return x + (tx - x) * brake, y + (ty - y) * brake


@numba.njit(cache=True, inline="always")
def _to_sensor(
    x: float, y: float, d: NDArray[np.float64], p: NDArray[np.float64]
) -> tuple[float, float]:  # pragma: no cover
    """Distortion, then placement p = (anchor x, anchor y, target x, target y, rotation)."""
    x, y = _distort(x, y, d)
    dx, dy = x - p[0], y - p[1]
    c, s = math.cos(p[4]), math.sin(p[4])
    return p[2] + c * dx + s * dy, p[3] - s * dx + c * dy


@numba.njit(cache=True, inline="always")
def _to_master(
    x: float, y: float, d: NDArray[np.float64], p: NDArray[np.float64]
) -> tuple[float, float]:  # pragma: no cover
    dx, dy = x - p[2], y - p[3]
    c, s = math.cos(p[4]), math.sin(p[4])
    vx, vy = p[0] + c * dx - s * dy, p[1] + s * dx + c * dy
    qx, qy = vx, vy
    for _ in range(8):
        fx, fy = _distort(qx, qy, d)
        qx, qy = vx - (fx - qx), vy - (fy - qy)
    return qx, qy


@numba.njit(cache=True)
def depth_inside(shape: NDArray[np.float64], x: float, y: float, limit: float) -> float:  # pragma: no cover
    """How far (px) inside the fingertip area (x, y) lies, capped at `limit`; negative outside.

    Found by bisection on the inset area: along each ray from the centre line the inset areas are nested,
    so "inside the area inset by e" is monotone in e."""
    if not _inside(shape, x, y, 0.0):
        return -1.0
    if _inside(shape, x, y, limit):
        return limit
    low, high = 0.0, limit
    for _ in range(8):
        mid = (low + high) / 2.0
        if _inside(shape, x, y, mid):
            low = mid
        else:
            high = mid
    return (low + high) / 2.0


@numba.njit(cache=True)
def _depth_ramp(
    shape: NDArray[np.float64], x: float, y: float, margin: float, edge: float
) -> float:  # pragma: no cover
    """Detection ramp: 0 at `margin` px inside the area, rising linearly to 1 at `margin + edge` px."""
    depth = depth_inside(shape, x, y, margin + edge)
    return min(1.0, max(0.0, (depth - margin) / edge))


@numba.njit(cache=True)
def sensor_to_master(
    x: float, y: float, transform: NDArray[np.float64]
) -> tuple[float, float]:  # pragma: no cover
    """A sensor pixel of an impression (given its `transform` row) back on the master canvas."""
    return _to_master(x, y, transform[5:13], transform[0:5])


@numba.njit(cache=True)
def master_to_sensor(
    x: float, y: float, transform: NDArray[np.float64]
) -> tuple[float, float]:  # pragma: no cover
    return _to_sensor(x, y, transform[5:13], transform[0:5])


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
    state[0] = _key(seed, _STREAM_EXTRA, identity, finger, 0)
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
    state[0] = _key(seed, _STREAM_TRAITS, identity, finger, 0)
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
    state[0] = _key(seed, _STREAM_IMPRESSION, identity, finger, impression)
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
    return _drop_close_pairs(n, model[M_PAIR_GAP], ox, oy, od, ok, oq, osrc)


@numba.njit(cache=True)
def _drop_close_pairs(
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
    displayed, on `field_block` blocks; `inside` marks blocks on the print) of one impression."""
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
