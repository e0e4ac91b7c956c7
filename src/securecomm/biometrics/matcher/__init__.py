"""Matching: `Matcher(probe).match(candidate) -> Score`, preprocessing the probe once.

The comparison runs in two steps: local similarity of every minutia pair by Minutia Cylinder-Code
(`cylinders`, `local`), then global consolidation (`consolidation`): alignment hypotheses from the most
similar pairs, one-to-one pairing under each, and a score weighed by the overlap of the two prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from securecomm.audit import transparency
from securecomm.biometrics import parameters as P
from securecomm.biometrics.matcher.consolidation import consolidate
from securecomm.biometrics.matcher.cylinders import Cylinders, build_cylinders
from securecomm.biometrics.matcher.local import similarity_matrix
from securecomm.biometrics.template import Template

__all__ = ["Matcher", "Pairing", "PreparedTemplate", "Score", "prepare"]


@dataclass(frozen=True, slots=True, eq=False)
class PreparedTemplate:
    """A template with its cylinders computed: what a gallery stores to compare quickly."""

    template: Template
    x: NDArray[np.float32]
    y: NDArray[np.float32]
    direction: NDArray[np.float32]
    cylinders: Cylinders
    field_blocks: NDArray[np.float32]
    """Reliable orientation blocks as rows (x, y, cos 2theta, sin 2theta, weight), for the probe side."""
    field_grid: NDArray[np.float32]
    """The orientation grid as (rows, cols, 3): cos 2theta, sin 2theta, weight (0 where unreliable)."""


def prepare(template: Template | PreparedTemplate) -> PreparedTemplate:
    """Compute what comparisons need from `template` (once per template)."""
    if isinstance(template, PreparedTemplate):
        return template
    x = template.x.astype(np.float32)
    y = template.y.astype(np.float32)
    direction = template.direction.astype(np.float32)
    return PreparedTemplate(
        template,
        x,
        y,
        direction,
        build_cylinders(x, y, direction, template.mask),
        *_field_features(template),
    )


def _field_features(template: Template) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """The orientation field as a list of reliable blocks and as a lookup grid (doubled angles)."""
    theta = template.orientation_radians().astype(np.float64)
    weight = template.coherence.astype(np.float64) / 255.0
    weight = np.where(weight > P.FIELD_MIN_COHERENCE, weight, 0.0)
    grid = np.stack([np.cos(2 * theta), np.sin(2 * theta), weight], axis=-1).astype(np.float32)
    rows, cols = np.nonzero(weight > 0)
    block = P.ORIENTATION_BLOCK_PX
    blocks = np.stack(
        [(cols + 0.5) * block, (rows + 0.5) * block, grid[rows, cols, 0], grid[rows, cols, 1], grid[rows, cols, 2]],
        axis=1,
    ).astype(np.float32)
    return np.ascontiguousarray(blocks), np.ascontiguousarray(grid)


@dataclass(frozen=True, slots=True)
class Pairing:
    """The paired minutiae of a comparison (indices into probe and candidate) and the alignment.

    The alignment maps candidate coordinates onto the probe: rotate by `rotation` (radians) about the origin,
    then translate by (`tx`, `ty`) pixels.
    """

    probe_index: NDArray[np.int64]
    candidate_index: NDArray[np.int64]
    weight: NDArray[np.float64]
    rotation: float
    tx: float
    ty: float


@dataclass(frozen=True, slots=True)
class Score:
    """The similarity of two impressions.

    `value` is the consolidation score: about the product of the shares of each print's minutiae (within
    the overlap) that found a partner, weighted by how closely they agree; 0 = nothing in common, and
    values near 1 are reached only by near-identical impressions. It is monotone in evidence but not a
    probability: docs/biometrics.md maps thresholds on it to false-match rates.
    """

    value: float
    paired: int
    overlap: float

    def __post_init__(self) -> None:
        if not np.isfinite(self.value) or self.value < 0:
            raise ValueError(f"score must be finite and non-negative, got {self.value}")


class Matcher:
    """Compares one probe against candidates; build it once per search (ANCHORS.md C9)."""

    def __init__(self, probe: Template | PreparedTemplate) -> None:
        self.probe = prepare(probe)

    def _run(self, candidate: PreparedTemplate) -> tuple[Score, Pairing]:
        a = self.probe
        b = candidate
        similarity = similarity_matrix(a.cylinders, b.cylinders, a.direction, b.direction)
        transparency.log("local-similarity", similarity)
        m = max(min(a.x.size, b.x.size), 1)
        out_a = np.zeros(m, dtype=np.int64)
        out_b = np.zeros(m, dtype=np.int64)
        out_w = np.zeros(m, dtype=np.float64)
        value, k, rotation, tx, ty, overlap = consolidate(
            similarity,
            a.x, a.y, a.direction, a.template.mask,
            b.x, b.y, b.direction, b.template.mask,
            a.field_blocks, b.field_grid,
            P.BLOCK_PX, P.ORIENTATION_BLOCK_PX, P.PAIRING_SEEDS, P.PAIRING_DISTANCE_PX, P.PAIRING_ANGLE,
            P.PAIRING_REFITS, P.OVERLAP_MIN_MINUTIAE, P.FIELD_AGREEMENT_POWER, P.PAIRING_DISTORTION,
            out_a, out_b, out_w,
        )  # fmt: skip
        pairing = Pairing(out_a[:k].copy(), out_b[:k].copy(), out_w[:k].copy(), rotation, tx, ty)
        transparency.log("pairing", pairing)
        score = Score(value=float(value), paired=int(k), overlap=float(overlap))
        transparency.log("score", score)
        return score, pairing

    def match(self, candidate: Template | PreparedTemplate) -> Score:
        """The score of the probe against `candidate`."""
        return self._run(prepare(candidate))[0]

    def pairing(self, candidate: Template | PreparedTemplate) -> tuple[Score, Pairing]:
        """The score and the paired minutiae (for match evidence)."""
        return self._run(prepare(candidate))

    def match_many(self, candidates: Sequence[Template | PreparedTemplate]) -> NDArray[np.float64]:
        """Scores against each candidate, in order (the fine stage of a 1:N search)."""
        return np.array([self._run(prepare(c))[0].value for c in candidates], dtype=np.float64)
