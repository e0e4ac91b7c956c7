"""Ground-truth minutiae of synthetic prints: a small struct-of-arrays value.

Conventions (the ISO/IEC 19794-2 habits): x, y in pixels from the top-left corner, x to the right, y down;
direction in radians in [0, 2π), counter-clockwise as displayed from the x axis. A ridge ending's
direction points along its ridge, into the ridge; a bifurcation's direction points between its two
branches, into the valley they enclose (a bifurcation is the ending of that valley, so both kinds point
"into" the line that ends at them). Kind codes are ISO's: 1 ridge ending, 2 bifurcation.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["MinutiaKind", "MinutiaSet"]


class MinutiaKind(enum.IntEnum):
    """ISO/IEC 19794-2 minutia type codes."""

    ENDING = 1
    BIFURCATION = 2


def _frozen(values: NDArray[Any] | list[float] | list[int], dtype: type) -> NDArray[Any]:
    array: NDArray[Any] = np.array(values, dtype=dtype).reshape(-1)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, slots=True, eq=False)
class MinutiaSet:
    """Minutiae as parallel read-only arrays: x, y (px), direction (rad), kind (ISO code), quality (0-100)."""

    x: NDArray[np.float32]
    y: NDArray[np.float32]
    direction: NDArray[np.float32]
    kind: NDArray[np.uint8]
    quality: NDArray[np.uint8]

    @classmethod
    def build(
        cls,
        x: Any,
        y: Any,
        direction: Any,
        kind: Any,
        quality: Any | None = None,
    ) -> MinutiaSet:
        """Copy the columns into read-only arrays, wrapping directions into [0, 2π)."""
        xs = _frozen(x, np.float32)
        count = xs.size
        q = np.full(count, 100, dtype=np.uint8) if quality is None else quality
        result = cls(
            x=xs,
            y=_frozen(y, np.float32),
            direction=_frozen(np.mod(np.asarray(direction, dtype=np.float64), 2 * math.pi), np.float32),
            kind=_frozen(kind, np.uint8),
            quality=_frozen(np.clip(np.asarray(q, dtype=np.float64), 0, 100), np.uint8),
        )
        if not all(a.size == count for a in (result.y, result.direction, result.kind, result.quality)):
            raise ValueError("minutia columns differ in length")
        return result

    @classmethod
    def empty(cls) -> MinutiaSet:
        return cls.build([], [], [], [], [])

    def __len__(self) -> int:
        return int(self.x.size)

    def select(self, keep: NDArray[np.bool_] | NDArray[np.intp]) -> MinutiaSet:
        """The minutiae picked by a boolean mask or index array, in that order."""
        return MinutiaSet.build(
            self.x[keep], self.y[keep], self.direction[keep], self.kind[keep], self.quality[keep]
        )

    def same_as(self, other: MinutiaSet) -> bool:
        """Equal column by column (arrays make `==` unsuitable on the dataclass)."""
        return all(
            np.array_equal(getattr(self, name), getattr(other, name))
            for name in ("x", "y", "direction", "kind", "quality")
        )

    def to_records(self) -> list[dict[str, Any]]:
        """JSON-ready rows: x, y rounded to 0.1 px, direction in degrees rounded to 0.1°."""
        return [
            {
                "x": round(float(self.x[i]), 1),
                "y": round(float(self.y[i]), 1),
                "direction_deg": round(math.degrees(float(self.direction[i])), 1) % 360.0,
                "kind": MinutiaKind(int(self.kind[i])).name.lower(),
                "quality": int(self.quality[i]),
            }
            for i in range(len(self))
        ]
