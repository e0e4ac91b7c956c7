"""What a comparison returns: the score, and the paired minutiae behind it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Pairing", "Score"]


@dataclass(frozen=True, slots=True)
class Score:
    """The similarity of two impressions.

    Scale: `value` is in [0, 1]. It is the consolidation score (see `consolidation`): about the geometric
    mean of the shares of each print's minutiae, within the overlap, that found a partner, weighted by how
    closely the pairs agree and by how well the ridge-orientation fields agree. 0 means nothing in common;
    1 would need identical templates; impostors rarely pass 0.15 and most genuine pairs score 0.2-0.5. It is monotone in the evidence but not a probability: `false_match_rate`
    (from `biometrics.calibration`) says how often an impostor comparison reaches this value, and
    docs/biometrics.md lists the thresholds for FMR 1/100, 1/1,000 and 1/10,000.
    """

    value: float
    paired: int
    probe_overlap: int
    """Minutiae of the probe that lie on the candidate's print once aligned."""
    candidate_overlap: int
    """Minutiae of the candidate that lie on the probe's print once aligned."""
    field_agreement: float
    """Mean cos(2 x orientation difference) over the aligned overlap, in [-1, 1] (0 when not measured)."""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and 0.0 <= self.value <= 1.0):
            raise ValueError(f"a score value must lie in [0, 1], got {self.value}")

    @property
    def false_match_rate(self) -> float:
        """The estimated share of impostor comparisons that score at least this value."""
        from securecomm.biometrics.calibration import false_match_rate

        return false_match_rate(self.value)


@dataclass(frozen=True, slots=True, eq=False)
class Pairing:
    """The paired minutiae of a comparison (indices into probe and candidate) and the alignment.

    The alignment maps candidate coordinates onto the probe's: rotate by `rotation` radians about the
    origin (towards +y), then translate by (`tx`, `ty`) pixels.
    """

    probe_index: NDArray[np.int64]
    candidate_index: NDArray[np.int64]
    weight: NDArray[np.float64]
    rotation: float
    tx: float
    ty: float

    def map_candidate(
        self, x: NDArray[np.floating], y: NDArray[np.floating]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Candidate pixel coordinates mapped into the probe's frame."""
        c, s = math.cos(self.rotation), math.sin(self.rotation)
        xs = np.asarray(x, dtype=np.float64)
        ys = np.asarray(y, dtype=np.float64)
        return c * xs - s * ys + self.tx, s * xs + c * ys + self.ty
