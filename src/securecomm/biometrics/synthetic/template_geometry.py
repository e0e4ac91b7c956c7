"""The template path's geometry: fingertip area, singular points, orientation, distortion, placement.

The same finger model as the image path (shape.py, layout.py, orientation.py, distortion.py), compiled
with Numba and evaluated point by point; constants are copied from parameters.py so both paths sample the
same fingers. A fingertip area travels as a 7-vector (cx, cy, left, right, top, bottom, middle), singular
points as rows (x, y, ±½, δ_0..δ_7), an arch as (left, width, top, flat_y, amplitude), a placement as
(anchor x, anchor y, target x, target y, rotation) and a distortion as (centre x, centre y, semi-axes,
rotation, shift x, shift y, brake).
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.template_random import _between, _clipped, _normal, _uniform

__all__ = ["depth_inside", "master_to_sensor", "sensor_to_master"]

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
