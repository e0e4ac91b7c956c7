"""The orientation model of a master print: singular points, zero-pole field, Vizcaya-Gerhardt correction.

Angles follow the ISO/IEC 19794-2 habit: measured counter-clockwise *as displayed* from the x axis, so a
ridge running up and to the right has a positive angle even though image rows grow downwards. Ridge
orientations are undirected and live in [0, π).

Sherlock & Monro's zero-pole model gives the orientation at a point z (as a complex number in display
coordinates, y up) from the cores c_i and deltas d_j:

    θ(z) = θ∞ + ½ [Σ_i g_ci(arg(z − c_i)) − Σ_j g_dj(arg(z − d_j))]

With g(α) = α this is the plain zero-pole model; Vizcaya & Gerhardt replace each g by a piecewise-linear map
through L control points, which bends the flow around each singular point into the shapes real prints have.
We draw the control points as small offsets that keep g monotone and g(α + 2π) = g(α) + 2π, so each core
keeps Poincaré index +½ and each delta −½. A plain arch has no singular points; its flow is SFinGe's arch
formula θ = atan(a(y)·cos(π·u)), with u running 0 → 1 across the fingertip.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ArchFlow",
    "OrientationModel",
    "SingularKind",
    "SingularPoint",
    "orientation_at",
    "orientation_field",
    "poincare_index",
]


class SingularKind(enum.StrEnum):
    CORE = "core"
    DELTA = "delta"


@dataclass(frozen=True, slots=True)
class SingularPoint:
    """A core or delta at canvas pixel (x, y), with its correction offsets δ_0..δ_{L-1} (radians)."""

    kind: SingularKind
    x: float
    y: float
    correction: tuple[float, ...] = ()

    @property
    def poincare(self) -> float:
        """The Poincaré index the model gives this point: +½ for a core, −½ for a delta."""
        return 0.5 if self.kind is SingularKind.CORE else -0.5


@dataclass(frozen=True, slots=True)
class ArchFlow:
    """A plain arch: ridges rise over the fingertip between `left` and `left + width`, flat below `flat_y`."""

    left: float
    width: float
    top: float
    flat_y: float
    amplitude: float


@dataclass(frozen=True, slots=True)
class OrientationModel:
    singular_points: tuple[SingularPoint, ...]
    theta_inf: float = 0.0
    arch: ArchFlow | None = None

    @property
    def cores(self) -> tuple[SingularPoint, ...]:
        return tuple(p for p in self.singular_points if p.kind is SingularKind.CORE)

    @property
    def deltas(self) -> tuple[SingularPoint, ...]:
        return tuple(p for p in self.singular_points if p.kind is SingularKind.DELTA)


def _corrected(alpha: NDArray[np.float64], correction: tuple[float, ...]) -> NDArray[np.float64]:
    """g(α) for α in [−π, π]: piecewise-linear through α_i + δ_i, periodic (δ_L = δ_0)."""
    if not correction:
        return alpha
    count = len(correction)
    knots = np.linspace(-math.pi, math.pi, count + 1)
    values = knots + np.array([*correction, correction[0]])
    return np.asarray(np.interp(alpha, knots, values), dtype=np.float64)


def orientation_at(
    model: OrientationModel, x: NDArray[np.float64], y: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Ridge orientation in [0, π) at canvas points (x right, y down)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    theta = np.full(np.broadcast(x, y).shape, model.theta_inf, dtype=np.float64)
    if model.arch is not None:
        arch = model.arch
        u = np.clip((x - arch.left) / arch.width, 0.0, 1.0)
        rise = np.sqrt(np.clip((arch.flat_y - y) / (arch.flat_y - arch.top), 0.0, 1.0))
        theta = theta + np.arctan(arch.amplitude * rise * np.cos(math.pi * u))
    for point in model.singular_points:
        alpha = np.arctan2(-(y - point.y), x - point.x)
        theta = theta + math.copysign(0.5, point.poincare) * _corrected(alpha, point.correction)
    return np.mod(theta, math.pi)


# Cephes' atan (S. L. Moshier, Cephes Math Library): a rational approximation on |t| ≤ 0.66, exact to a few
# units in the last place of a double. Written out here so the field loop has no library calls and
# compiles to vector code.
_ATAN_P = (-8.750608600031904122785e-1, -1.615753718733365076637e1, -7.500855792314704667340e1,
           -1.228866684490136173410e2, -6.485021904942025371773e1)  # fmt: skip
_ATAN_Q = (2.485846490142306297962e1, 1.650270098316988542046e2, 4.328810604912902668951e2,
           4.853903996359136964868e2, 1.945506571482613964425e2)  # fmt: skip
_MOREBITS = 6.123233995736765886130e-17  # π/4 - float(π/4)


@numba.njit(cache=True, nogil=True, inline="always")
def _atan2(y: float, x: float) -> float:  # pragma: no cover - compiled
    """atan2(y, x) in [−π, π], branch-light (quadrants by selects)."""
    ax, ay = abs(x), abs(y)
    big, small = max(ax, ay), min(ax, ay)
    t = small / big if big > 0.0 else 0.0
    reduced = t > 0.66
    u = (t - 1.0) / (t + 1.0) if reduced else t
    z = u * u
    p = (((_ATAN_P[0] * z + _ATAN_P[1]) * z + _ATAN_P[2]) * z + _ATAN_P[3]) * z + _ATAN_P[4]
    q = ((((z + _ATAN_Q[0]) * z + _ATAN_Q[1]) * z + _ATAN_Q[2]) * z + _ATAN_Q[3]) * z + _ATAN_Q[4]
    angle = u * (z * p / q) + u
    angle = angle + (math.pi / 4.0 + 0.5 * _MOREBITS) if reduced else angle
    angle = math.pi / 2.0 - angle if ay > ax else angle
    angle = math.pi - angle if math.copysign(1.0, x) < 0.0 else angle  # −0.0 too, as atan2
    return math.copysign(angle, y)  # atan2's sign, −0.0 included


@numba.njit(cache=True, nogil=True)
def _field(
    theta_inf: float,
    arch: NDArray[np.float64],
    points: NDArray[np.float64],
    knots: NDArray[np.float64],
    out: NDArray[np.float32],
) -> None:  # pragma: no cover - compiled
    """`orientation_at` at every pixel centre of `out`, a row at a time, without canvas-sized temporaries.

    arch = (present, left, width, top, flat_y, amplitude); points rows = (x, y, ±½, g's offset at each
    knot, the last repeating the first)."""
    height, width = out.shape
    count = knots.shape[0] - 1
    step = knots[1] - knots[0] if count > 0 else 1.0
    theta = np.empty(width, dtype=np.float64)
    alpha = np.empty(width, dtype=np.float64)
    for row in range(height):
        y = float(row)
        theta[:] = theta_inf
        if arch[0] > 0.0:
            rise = math.sqrt(min(1.0, max(0.0, (arch[4] - y) / (arch[4] - arch[3]))))
            for col in range(width):
                u = min(1.0, max(0.0, (col - arch[1]) / arch[2]))
                theta[col] += math.atan(arch[5] * rise * math.cos(math.pi * u))
        for k in range(points.shape[0]):
            px, dy, half = points[k, 0], points[k, 1] - y, points[k, 2]
            for col in range(width):  # (no calls, no gathers: compiles to vector code)
                alpha[col] = _atan2(dy, col - px)
            for col in range(width):
                # g(α) = α + the offsets interpolated linearly between the knots (hat functions: np.interp)
                shifted = alpha[col]
                for i in range(count + 1):
                    shifted += points[k, 3 + i] * max(0.0, 1.0 - abs(alpha[col] - knots[i]) / step)
                theta[col] += half * shifted
        for col in range(width):
            out[row, col] = theta[col] % math.pi


def orientation_field(model: OrientationModel, height: int, width: int) -> NDArray[np.float32]:
    """`orientation_at` at every pixel (x = column, y = row) of a height x width canvas, as float32.

    The same model evaluated by a compiled loop: a master's whole canvas in a few milliseconds instead of
    tens (the vectorised form allocates a dozen canvas-sized temporaries)."""
    corrections = {len(p.correction) for p in model.singular_points}
    if len(corrections) > 1:  # the compiled loop takes one knot count for all points
        rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
        return orientation_at(model, cols, rows).astype(np.float32)
    count = corrections.pop() if corrections else 0
    knots = np.linspace(-math.pi, math.pi, count + 1) if count else np.zeros(1)
    points = np.zeros((len(model.singular_points), 3 + count + 1))
    for k, point in enumerate(model.singular_points):
        points[k, :3] = (point.x, point.y, math.copysign(0.5, point.poincare))
        if count:
            points[k, 3:] = [*point.correction, point.correction[0]]
    arch = np.zeros(6)
    if model.arch is not None:
        a = model.arch
        arch[:] = (1.0, a.left, a.width, a.top, a.flat_y, a.amplitude)
    out = np.empty((height, width), dtype=np.float32)
    _field(float(model.theta_inf), arch, points, knots, out)
    return out


def poincare_index(
    field: NDArray[np.floating], x: float, y: float, radius: float, samples: int = 64
) -> float:
    """The Poincaré index of an orientation field around (x, y): +0.5 core, −0.5 delta, 0 elsewhere.

    Walks a circle counter-clockwise as displayed, summing the change of the doubled angle (which removes
    the π ambiguity of an orientation) and dividing by 4π. Points off the array are clamped to its edge.
    """
    height, width = field.shape
    phi = np.linspace(0.0, 2 * math.pi, samples, endpoint=False)
    cols = np.clip(np.rint(x + radius * np.cos(phi)).astype(int), 0, width - 1)
    rows = np.clip(np.rint(y - radius * np.sin(phi)).astype(int), 0, height - 1)
    doubled = 2.0 * field[rows, cols].astype(np.float64)
    steps = np.diff(np.append(doubled, doubled[0]))
    steps = (steps + math.pi) % (2 * math.pi) - math.pi
    return float(steps.sum() / (4 * math.pi))
