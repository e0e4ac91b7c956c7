"""Matching: `Matcher(probe).match(candidate) -> Score`, preprocessing the probe once.

A comparison runs in two steps:

1. local similarity of every minutia pair by Minutia Cylinder-Code (`cylinders`, `local`; Cappelli,
   Ferrara & Maltoni, IEEE TPAMI 2010, bit-based variant);
2. global consolidation (`consolidation`): alignment hypotheses from the most similar pairs, one-to-one
   pairing under each with a distortion-tolerant distance, a score weighed by the overlap of the two
   prints, and the agreement of their ridge-orientation fields.

`prepare(template)` computes the cylinders once per template; a gallery keeps `PreparedTemplate`s.
`reference.py` is the NumPy reference of the whole path; the Numba path here must agree with it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from securecomm.audit import transparency
from securecomm.biometrics import parameters as P
from securecomm.biometrics.matcher.consolidation import compare_kernel, settings_vector
from securecomm.biometrics.matcher.cylinders import CELLS, Cylinders, build_cylinders
from securecomm.biometrics.matcher.local import MIN_COMMON_BITS, similarity_matrix
from securecomm.biometrics.matcher.masks import validity_mask
from securecomm.biometrics.matcher.score import Pairing, Score
from securecomm.biometrics.template import Template

__all__ = ["Matcher", "Pairing", "PreparedTemplate", "Score", "field_features", "prepare", "validity_mask"]


@dataclass(frozen=True, slots=True, eq=False)
class PreparedTemplate:
    """A template with what comparisons need precomputed: what a gallery stores to compare quickly."""

    template: Template
    x: NDArray[np.float32]
    y: NDArray[np.float32]
    direction: NDArray[np.float32]
    cylinders: Cylinders
    field_blocks: NDArray[np.float32]
    """Reliable orientation blocks as rows (x, y, cos 2theta, sin 2theta, weight): the probe side."""
    field_grid: NDArray[np.float32]
    """The orientation grid as (rows, cols, 3): cos 2theta, sin 2theta, weight (0 where unreliable)."""


def field_features(template: Template) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """The orientation field as a list of reliable blocks and as a lookup grid (doubled angles)."""
    theta = template.orientation_radians().astype(np.float64)
    weight = template.coherence.astype(np.float64) / 255.0
    weight = np.where(weight > P.FIELD_MIN_COHERENCE, weight, 0.0)
    grid = np.stack([np.cos(2 * theta), np.sin(2 * theta), weight], axis=-1).astype(np.float32)
    rows, cols = np.nonzero(weight > 0)
    block = P.ORIENTATION_BLOCK_PX
    columns = [
        (cols + 0.5) * block,
        (rows + 0.5) * block,
        grid[rows, cols, 0],
        grid[rows, cols, 1],
        grid[rows, cols, 2],
    ]
    blocks = np.stack(columns, axis=1).astype(np.float32).reshape(-1, 5)
    return np.ascontiguousarray(blocks), np.ascontiguousarray(grid)


def prepare(template: Template | PreparedTemplate) -> PreparedTemplate:
    """Compute what comparisons need from `template` (once per template; a prepared one passes through)."""
    if isinstance(template, PreparedTemplate):
        return template
    x = template.x.astype(np.float32)
    y = template.y.astype(np.float32)
    direction = template.direction.astype(np.float32)
    blocks, grid = field_features(template)
    cylinders = build_cylinders(x, y, direction, validity_mask(template.mask))
    return PreparedTemplate(template, x, y, direction, cylinders, blocks, grid)


class _Scratch(threading.local):
    """Per-thread work arrays, so one Matcher may serve several threads at once (kernels release the GIL)."""

    def __init__(self, capacity: int) -> None:
        self.out_a = np.zeros(capacity, dtype=np.int64)
        self.out_b = np.zeros(capacity, dtype=np.int64)
        self.out_w = np.zeros(capacity, dtype=np.float64)
        self.stats = np.zeros(8, dtype=np.float64)
        self.similarity = np.zeros(capacity * P.MAX_MINUTIAE, dtype=np.float32)


class Matcher:
    """Compares one probe against candidates; build it once per search (ANCHORS.md C9).

    Thread-safe: each thread gets its own work arrays, and the compiled kernels release the GIL, so a
    thread pool may call `match` on one Matcher in parallel.
    """

    def __init__(self, probe: Template | PreparedTemplate) -> None:
        self.probe = prepare(probe)
        self._scratch = _Scratch(max(self.probe.x.size, 1))
        self._settings = settings_vector()

    def _consolidate(self, candidate: PreparedTemplate) -> tuple[int, _Scratch]:
        a = self.probe
        b = candidate
        scratch = self._scratch
        if transparency.is_capturing():
            similarity = similarity_matrix(a.cylinders, b.cylinders, a.direction, b.direction)
            transparency.log("local-similarity", similarity)
        paired = compare_kernel(
            a.cylinders.bits, a.cylinders.valid, a.cylinders.usable, a.x, a.y, a.direction,
            a.template.mask, a.field_blocks,
            b.cylinders.bits, b.cylinders.valid, b.cylinders.usable, b.x, b.y, b.direction,
            b.template.mask, b.field_grid,
            self._settings, MIN_COMMON_BITS, CELLS // 64, P.CYLINDER_DIRECTIONS,
            scratch.similarity, scratch.out_a, scratch.out_b, scratch.out_w, scratch.stats,
        )  # fmt: skip
        return int(paired), scratch

    @staticmethod
    def _score(paired: int, scratch: _Scratch) -> Score:
        s = scratch.stats
        return Score(
            value=float(s[0]),
            paired=paired,
            probe_overlap=int(s[4]),
            candidate_overlap=int(s[5]),
            field_agreement=float(s[6]),
        )

    @staticmethod
    def _pairing(paired: int, scratch: _Scratch) -> Pairing:
        s = scratch.stats
        return Pairing(
            probe_index=scratch.out_a[:paired].copy(),
            candidate_index=scratch.out_b[:paired].copy(),
            weight=scratch.out_w[:paired].copy(),
            rotation=float(s[1]),
            tx=float(s[2]),
            ty=float(s[3]),
        )

    def match(self, candidate: Template | PreparedTemplate) -> Score:
        """The score of the probe against `candidate`."""
        paired, scratch = self._consolidate(prepare(candidate))
        score = self._score(paired, scratch)
        if transparency.is_capturing():
            transparency.log("pairing", self._pairing(paired, scratch))
            transparency.log("score", score)
        return score

    def pairing(self, candidate: Template | PreparedTemplate) -> tuple[Score, Pairing]:
        """The score and the paired minutiae with the alignment (for match evidence)."""
        paired, scratch = self._consolidate(prepare(candidate))
        return self._score(paired, scratch), self._pairing(paired, scratch)

    def match_many(self, candidates: Sequence[Template | PreparedTemplate]) -> NDArray[np.float64]:
        """Score values against each candidate, in order: the fine stage of a 1:N search."""
        values = np.zeros(len(candidates), dtype=np.float64)
        for i, candidate in enumerate(candidates):
            _, scratch = self._consolidate(prepare(candidate))
            values[i] = scratch.stats[0]
        return values
