"""The fingerprint area: SFinGe's silhouette of a fingertip, two elliptical caps joined by a straight band.

Coordinates are pixels on the master canvas, x to the right and y down. The left and right half-widths
differ a little, as fingertips are not symmetric.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic import parameters as P

__all__ = ["FingerShape", "draw_shape"]


@dataclass(frozen=True, slots=True)
class FingerShape:
    """Centre of the middle band, half-widths left and right, cap heights and the band's height (px)."""

    cx: float
    cy: float
    left: float
    right: float
    top: float
    bottom: float
    middle: float

    @property
    def top_y(self) -> float:
        return self.cy - self.middle / 2 - self.top

    @property
    def bottom_y(self) -> float:
        return self.cy + self.middle / 2 + self.bottom

    @property
    def height(self) -> float:
        return self.top + self.middle + self.bottom

    def contains(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Whether each point lies inside the area."""
        dx = x - self.cx
        half_width = np.where(dx < 0, self.left, self.right)
        upper = self.cy - self.middle / 2
        lower = self.cy + self.middle / 2
        # vertical offset into the cap, as a fraction of the cap height (0 inside the band)
        into_cap = np.where(
            y < upper, (upper - y) / self.top, np.where(y > lower, (y - lower) / self.bottom, 0.0)
        )
        reach = half_width * np.sqrt(np.clip(1.0 - into_cap**2, 0.0, None))
        return np.asarray((np.abs(dx) <= reach) & (into_cap <= 1.0))

    def mask(self, height: int, width: int) -> NDArray[np.bool_]:
        """`contains` at every pixel of a height x width canvas (evaluated only over the area's bounding box:
        nothing outside it can be inside)."""
        out = np.zeros((height, width), dtype=np.bool_)
        y0, y1 = max(math.floor(self.top_y) - 1, 0), min(math.ceil(self.bottom_y) + 2, height)
        x0, x1 = max(math.floor(self.cx - self.left) - 1, 0), min(math.ceil(self.cx + self.right) + 2, width)
        if y0 < y1 and x0 < x1:
            ys = np.arange(y0, y1, dtype=np.float64)[:, None]
            xs = np.arange(x0, x1, dtype=np.float64)[None, :]
            out[y0:y1, x0:x1] = self.contains(xs, ys)
        return out


def draw_shape(rng: np.random.Generator) -> FingerShape:
    """A random fingertip area, centred on the canvas with a little jitter."""
    top = rng.uniform(*P.SHAPE_TOP_CAP_PX)
    bottom = rng.uniform(*P.SHAPE_BOTTOM_CAP_PX)
    middle = rng.uniform(*P.SHAPE_MIDDLE_PX)
    # centre the whole silhouette vertically: the band's centre sits below the canvas centre by half the
    # difference between the caps
    cy = P.MASTER_HEIGHT_PX / 2 + (top - bottom) / 2 + rng.normal(0.0, 4.0)
    cy = float(np.clip(cy, top + middle / 2 + 4, P.MASTER_HEIGHT_PX - bottom - middle / 2 - 4))
    return FingerShape(
        cx=P.MASTER_WIDTH_PX / 2 + rng.normal(0.0, 4.0),
        cy=cy,
        left=rng.uniform(*P.SHAPE_HALF_WIDTH_PX),
        right=rng.uniform(*P.SHAPE_HALF_WIDTH_PX),
        top=top,
        bottom=bottom,
        middle=middle,
    )
