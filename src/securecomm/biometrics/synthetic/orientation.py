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

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ArchFlow",
    "OrientationModel",
    "SingularKind",
    "SingularPoint",
    "orientation_at",
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
