"""Where a point of the finger lands on the sensor: plastic distortion, then placement.

Plastic distortion follows Cappelli, Maio & Maltoni, "Modelling plastic distortion in fingerprint images"
(ICAPR 2001): skin inside a close-contact region (here an ellipse) sticks to the sensor and does not move;
outside it the skin follows a small rigid motion T (rotation about the ellipse's centre, then a shift); in
between, a brake function blends the two:

    distort(v) = v + (T(v) − v) · brake(μ(v)),   brake(μ) = 1 − exp(−μ² / (2k²))

where μ(v) is v's distance outside the ellipse (0 inside) and k sets how quickly the motion builds up.
Placement is the rigid rotation and shift of the whole finger on the sensor. Forward maps are closed form;
the inverse of the distortion (needed to render an image by pulling pixels) is found by fixed-point
iteration, which converges because the distortion is a small, smooth perturbation of the identity.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Placement", "PlasticDistortion", "direction_after"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PlasticDistortion:
    """The Cappelli-Maio-Maltoni parameters, in master-canvas pixels and radians."""

    center_x: float
    center_y: float
    semi_axis_x: float
    semi_axis_y: float
    rotation: float  # of the outer skin about the centre, counter-clockwise as displayed
    shift_x: float
    shift_y: float
    brake_px: float

    def _outside(self, x: Array, y: Array) -> Array:
        """μ(v): distance outside the ellipse along the ray from its centre (0 inside)."""
        dx, dy = x - self.center_x, y - self.center_y
        rho = np.sqrt((dx / self.semi_axis_x) ** 2 + (dy / self.semi_axis_y) ** 2)
        radius = np.hypot(dx, dy)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(rho > 1.0, radius * (1.0 - 1.0 / rho), 0.0)

    def displacement(self, x: Array, y: Array) -> tuple[Array, Array]:
        """(T(v) − v) · brake(μ(v)) at each point."""
        dx, dy = x - self.center_x, y - self.center_y
        # counter-clockwise as displayed, with rows growing downwards
        cos, sin = math.cos(self.rotation), math.sin(self.rotation)
        tx = self.center_x + cos * dx + sin * dy + self.shift_x
        ty = self.center_y - sin * dx + cos * dy + self.shift_y
        brake = 1.0 - np.exp(-(self._outside(x, y) ** 2) / (2.0 * self.brake_px**2))
        return (tx - x) * brake, (ty - y) * brake

    def forward(self, x: Array, y: Array) -> tuple[Array, Array]:
        ux, uy = self.displacement(x, y)
        return x + ux, y + uy

    def inverse(self, x: Array, y: Array, iterations: int = 8) -> tuple[Array, Array]:
        """The points v with forward(v) = (x, y), by fixed-point iteration v ← p − displacement(v)."""
        vx, vy = np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)
        for _ in range(iterations):
            ux, uy = self.displacement(vx, vy)
            vx, vy = x - ux, y - uy
        return vx, vy


@dataclass(frozen=True, slots=True)
class Placement:
    """Rigid placement on the sensor: master point (anchor_x, anchor_y) lands at (target_x, target_y),
    rotated by `rotation` (counter-clockwise as displayed) about it."""

    anchor_x: float
    anchor_y: float
    target_x: float
    target_y: float
    rotation: float

    def forward(self, x: Array, y: Array) -> tuple[Array, Array]:
        dx, dy = x - self.anchor_x, y - self.anchor_y
        cos, sin = math.cos(self.rotation), math.sin(self.rotation)
        return self.target_x + cos * dx + sin * dy, self.target_y - sin * dx + cos * dy

    def inverse(self, x: Array, y: Array) -> tuple[Array, Array]:
        dx, dy = x - self.target_x, y - self.target_y
        cos, sin = math.cos(self.rotation), math.sin(self.rotation)
        return self.anchor_x + cos * dx - sin * dy, self.anchor_y + sin * dx + cos * dy

    def matrix(self) -> list[list[float]]:
        """The 2x3 affine matrix [[a, b, c], [d, e, f]] taking master (x, y, 1) to sensor (x, y)."""
        cos, sin = math.cos(self.rotation), math.sin(self.rotation)
        c = self.target_x - cos * self.anchor_x - sin * self.anchor_y
        f = self.target_y + sin * self.anchor_x - cos * self.anchor_y
        return [[cos, sin, c], [-sin, cos, f]]


def direction_after(
    forward: Callable[[Array, Array], tuple[Array, Array]],
    x: Array,
    y: Array,
    direction: Array,
    step: float = 3.0,
) -> tuple[Array, Array, Array]:
    """Map points and their directions (radians, counter-clockwise as displayed) through `forward`.

    The new direction is that of the image of a short step along the old one, which follows the local
    rotation of a non-linear map.
    """
    px, py = forward(x, y)
    qx, qy = forward(x + step * np.cos(direction), y - step * np.sin(direction))
    return px, py, np.mod(np.arctan2(-(qy - py), qx - px), 2 * math.pi)
