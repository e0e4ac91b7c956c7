"""Master fingerprints: the finger itself, before any impression of it is taken (SFinGe steps 1-4).

`generate_master(seed, identity=..., finger=...)` draws, from that key's own random stream: the pattern
class (by the finger's priors), the fingertip area, the orientation model (singular points + correction),
the ridge-period map, and grows the ridge pattern; then reads the ground-truth minutiae off it. The same
key always gives the same master, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.classes import draw_pattern_class
from securecomm.biometrics.synthetic.distance import signed_distance
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.frequency import draw_period_map
from securecomm.biometrics.synthetic.gabor import grow_ridges
from securecomm.biometrics.synthetic.keys import (
    FingerPosition,
    PatternClass,
    Stream,
    check_identity,
    check_seed,
    generator_for,
)
from securecomm.biometrics.synthetic.layout import draw_orientation_model
from securecomm.biometrics.synthetic.minutiae import MinutiaSet
from securecomm.biometrics.synthetic.orientation import OrientationModel, SingularPoint, orientation_field
from securecomm.biometrics.synthetic.shape import FingerShape, draw_shape
from securecomm.biometrics.synthetic.skeleton import extract_master_minutiae

__all__ = ["MasterFingerprint", "generate_master"]


@dataclass(frozen=True, slots=True, eq=False)
class MasterFingerprint:
    """A synthetic finger on a MASTER_WIDTH_PX x MASTER_HEIGHT_PX canvas at 500 ppi.

    `orientation` is radians in [0, π) (counter-clockwise as displayed), `period` pixels per ridge,
    `ridges` the grown pattern in [−1, 1] (ridges > 0), `area` the fingertip silhouette and `depth` the
    signed distance into it (px, negative outside); all arrays are read-only. `minutiae` are the ground truth inside the area, in canvas coordinates.
    """

    seed: int
    identity: int
    finger: FingerPosition
    pattern_class: PatternClass
    shape: FingerShape
    model: OrientationModel
    mean_period_px: float
    orientation: NDArray[np.float32]
    period: NDArray[np.float32]
    area: NDArray[np.bool_]
    ridges: NDArray[np.float32]
    depth: NDArray[np.float32]
    minutiae: MinutiaSet
    growth_passes: int

    @property
    def singular_points(self) -> tuple[SingularPoint, ...]:
        return self.model.singular_points

    @property
    def height(self) -> int:
        return int(self.ridges.shape[0])

    @property
    def width(self) -> int:
        return int(self.ridges.shape[1])


def _read_only(array: NDArray[np.generic]) -> NDArray[np.generic]:
    array.setflags(write=False)
    return array


def _parse_class(value: PatternClass | str) -> PatternClass:
    try:
        return PatternClass(value)
    except ValueError:
        choices = ", ".join(c.value for c in PatternClass)
        raise SynthesisError(
            f"{value!r} is not a pattern class; use one of {choices}", where="pattern_class"
        ) from None


def generate_master(
    seed: int,
    *,
    identity: int,
    finger: FingerPosition | int | str,
    pattern_class: PatternClass | str | None = None,
) -> MasterFingerprint:
    """The master print of `finger` of synthetic person `identity` under `seed`.

    `pattern_class` overrides the class drawn from the finger's priors (for demonstrations and tests); the
    draw is still made, so everything else about the finger stays as the key makes it.
    """
    seed = check_seed(seed)
    identity = check_identity(identity)
    position = FingerPosition.parse(finger)
    rng = generator_for(seed, Stream.MASTER, identity, position)

    drawn = draw_pattern_class(rng, position)
    pattern_class = drawn if pattern_class is None else _parse_class(pattern_class)
    shape = draw_shape(rng)
    model = draw_orientation_model(rng, pattern_class, shape)
    height, width = P.MASTER_HEIGHT_PX, P.MASTER_WIDTH_PX
    orientation = orientation_field(model, height, width)
    mean_period, period = draw_period_map(rng, model, height, width)
    area = shape.mask(height, width)
    ridges, passes = grow_ridges(rng, orientation, period, area)
    minutiae = extract_master_minutiae(ridges, area)
    return MasterFingerprint(
        seed=seed,
        identity=identity,
        finger=position,
        pattern_class=pattern_class,
        shape=shape,
        model=model,
        mean_period_px=mean_period,
        orientation=_read_only(orientation),  # type: ignore[arg-type]
        period=_read_only(period),  # type: ignore[arg-type]
        area=_read_only(area),  # type: ignore[arg-type]
        ridges=_read_only(ridges),  # type: ignore[arg-type]
        depth=_read_only(signed_distance(area)),  # type: ignore[arg-type]
        minutiae=minutiae,
        growth_passes=passes,
    )
