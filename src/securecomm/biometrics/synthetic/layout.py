"""Where a master print's singular points go, by class (SFinGe step 2).

Positions are relative to the fingertip area: the (upper) core sits 40-52 % of the way down the area, near
its centre line; a loop's delta lies below the core on the side the loop does not open to; a whorl has two
cores and a delta on each side; a tented arch's delta lies straight below its core; a plain arch has none.
Distances are typical of 500 ppi prints (a loop's core-to-delta distance is 9-15 ridges).
"""

from __future__ import annotations

import math

import numpy as np

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.keys import PatternClass
from securecomm.biometrics.synthetic.orientation import (
    ArchFlow,
    OrientationModel,
    SingularKind,
    SingularPoint,
)
from securecomm.biometrics.synthetic.shape import FingerShape

__all__ = ["draw_orientation_model"]


def _correction(rng: np.random.Generator) -> tuple[float, ...]:
    return tuple(float(v) for v in rng.uniform(-P.CORRECTION_MAX, P.CORRECTION_MAX, P.CORRECTION_POINTS))


def _point(rng: np.random.Generator, kind: SingularKind, x: float, y: float) -> SingularPoint:
    return SingularPoint(kind=kind, x=float(x), y=float(y), correction=_correction(rng))


def draw_orientation_model(
    rng: np.random.Generator, pattern_class: PatternClass, shape: FingerShape
) -> OrientationModel:
    """A random orientation model of `pattern_class` inside `shape`."""
    core_x = shape.cx + float(
        np.clip(rng.normal(0.0, P.CORE_X_SD_PX), -2.5 * P.CORE_X_SD_PX, 2.5 * P.CORE_X_SD_PX)
    )
    core_y = shape.top_y + shape.height * rng.uniform(*P.CORE_HEIGHT_FRACTION)
    theta_inf = float(np.clip(rng.normal(0.0, P.THETA_INF_SD), -2.5 * P.THETA_INF_SD, 2.5 * P.THETA_INF_SD))
    core, delta = SingularKind.CORE, SingularKind.DELTA

    if pattern_class is PatternClass.ARCH:
        flat_y = shape.top_y + shape.height * rng.uniform(*P.ARCH_FLAT_FRACTION)
        arch = ArchFlow(
            left=shape.cx - shape.left,
            width=shape.left + shape.right,
            top=shape.top_y,
            flat_y=float(flat_y),
            amplitude=float(rng.uniform(*P.ARCH_AMPLITUDE)),
        )
        return OrientationModel(singular_points=(), theta_inf=theta_inf, arch=arch)

    if pattern_class is PatternClass.TENTED_ARCH:
        dx = rng.normal(0.0, P.TENTED_DELTA_DX_SD_PX)
        points: tuple[SingularPoint, ...] = (
            _point(rng, core, core_x, core_y),
            _point(rng, delta, core_x + dx, core_y + rng.uniform(*P.TENTED_DELTA_DY_PX)),
        )
        return OrientationModel(singular_points=points, theta_inf=theta_inf)

    if pattern_class in (PatternClass.LEFT_LOOP, PatternClass.RIGHT_LOOP):
        # a right loop opens to the right, so its delta is on the left
        side = -1.0 if pattern_class is PatternClass.RIGHT_LOOP else 1.0
        # the core leans a little towards the opening, the delta away from it
        core_x -= side * rng.uniform(0.0, 20.0)
        points = (
            _point(rng, core, core_x, core_y),
            _point(
                rng,
                delta,
                core_x + side * rng.uniform(*P.LOOP_DELTA_DX_PX),
                core_y + rng.uniform(*P.LOOP_DELTA_DY_PX),
            ),
        )
        return OrientationModel(singular_points=points, theta_inf=theta_inf)

    # whorl: two cores around (core_x, core_y), deltas to both sides below them
    gap = rng.uniform(*P.WHORL_CORE_GAP_PX)
    tilt = rng.uniform(-0.6, 0.6) + math.pi / 2  # the cores lie roughly one above the other
    half = np.array([math.cos(tilt), math.sin(tilt)]) * gap / 2
    drop = [rng.uniform(*P.WHORL_DELTA_DY_PX) for _ in range(2)]
    points = (
        _point(rng, core, core_x - half[0], core_y - half[1]),
        _point(rng, core, core_x + half[0], core_y + half[1]),
        _point(rng, delta, core_x - rng.uniform(*P.WHORL_DELTA_DX_PX), core_y + drop[0]),
        _point(rng, delta, core_x + rng.uniform(*P.WHORL_DELTA_DX_PX), core_y + drop[1]),
    )
    return OrientationModel(singular_points=points, theta_inf=theta_inf)
