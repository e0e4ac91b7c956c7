"""engine_templates: a whole batch of template-level impressions as engine templates at once."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from securecomm.biometrics import parameters as EP
from securecomm.biometrics.synthetic import SynthesisError
from securecomm.biometrics.synthetic import template_kernels as K
from securecomm.biometrics.synthetic.engine_bridge import COHERENCE, engine_template, engine_templates
from securecomm.biometrics.synthetic.population import (
    DEFAULT_MODEL,
    MinutiaeBatch,
    cumulative_class_priors,
    generate_minutiae_population,
)
from securecomm.biometrics.template import Template, grid_shape


@pytest.fixture(scope="module")
def batch() -> MinutiaeBatch:
    return generate_minutiae_population(17, np.arange(40), impression=3)  # 400 rows, every class


def _definition_maps(batch: MinutiaeBatch, row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mask, orientation (engine units) and coherence by the point-by-point definition
    (template_kernels.impression_maps: each block centre pulled back by fixed-point iteration)."""
    mask = np.zeros(grid_shape(batch.height, batch.width, EP.BLOCK_PX), dtype=bool)
    field = np.zeros(grid_shape(batch.height, batch.width, EP.ORIENTATION_BLOCK_PX))
    inside = np.zeros(field.shape, dtype=bool)
    K.impression_maps(
        batch.seed, int(batch.identities[row]), int(batch.fingers[row]), DEFAULT_MODEL.vector(),
        cumulative_class_priors(), batch.transforms[row], mask, EP.BLOCK_PX, field, inside,
        EP.ORIENTATION_BLOCK_PX,
    )  # fmt: skip
    orientation = np.mod(np.rint(np.mod(-field, math.pi) * 256.0 / math.pi), 256).astype(np.uint8)
    return mask, orientation, np.where(inside, COHERENCE, 0).astype(np.uint8)


def test_the_batch_equals_the_per_row_conversion(batch: MinutiaeBatch) -> None:
    together = engine_templates(batch)
    assert len(together) == len(batch)
    for row in range(0, len(batch), 7):
        assert together[row].to_bytes() == engine_template(batch, row).to_bytes()
    picked = [9, 3, 3, 200]  # any rows, in the order asked
    assert [t.to_bytes() for t in engine_templates(batch, picked)] == [together[r].to_bytes() for r in picked]


def test_masks_and_fields_are_the_point_by_point_definition(batch: MinutiaeBatch) -> None:
    templates = engine_templates(batch)
    poor = 0
    for row in range(len(batch)):
        mask, orientation, coherence = _definition_maps(batch, row)
        assert np.array_equal(templates[row].mask, mask), f"row {row}"
        assert np.array_equal(templates[row].orientation, orientation), f"row {row}"
        assert np.array_equal(templates[row].coherence, coherence), f"row {row}"
        poor += batch.transforms[row, 14] > 30  # light or poor impressions: a wide contact margin
    assert poor >= 5  # thin contact regions were among them


def test_minutiae_are_converted_to_the_engines_conventions(batch: MinutiaeBatch) -> None:
    for row, template in zip(
        range(0, len(batch), 13), engine_templates(batch, range(0, len(batch), 13)), strict=True
    ):
        m = batch.row(row)
        assert template.count == len(m)
        assert np.array_equal(template.x, np.clip(np.rint(m.x), 0, batch.width - 1).astype(np.int16))
        assert np.array_equal(template.y, np.clip(np.rint(m.y), 0, batch.height - 1).astype(np.int16))
        # the engine measures angles towards +y and codes bifurcations 3
        gap = (
            np.remainder(template.direction.astype(np.float64) + m.direction + math.pi, 2 * math.pi) - math.pi
        )
        assert np.abs(gap).max() < 1e-5
        assert np.array_equal(template.kind, np.where(m.kind == 2, 3, 1))
        assert Template.load(template.to_bytes()).count == template.count  # valid on the way back in


def test_at_most_the_engines_limit_of_minutiae_the_best_by_quality_in_order(batch: MinutiaeBatch) -> None:
    n = EP.MAX_MINUTIAE + 40  # more than any generated finger carries: build such a row by hand
    rng = np.random.default_rng(2)
    crowded = dataclasses.replace(
        batch,
        identities=batch.identities[:1], fingers=batch.fingers[:1], pattern_classes=batch.pattern_classes[:1],
        offsets=np.array([0, n]), x=rng.uniform(0, batch.width - 1, n).astype(np.float32),
        y=rng.uniform(0, batch.height - 1, n).astype(np.float32),
        direction=rng.uniform(0, 6.28, n).astype(np.float32), kind=rng.integers(1, 3, n).astype(np.uint8),
        quality=rng.permutation(np.arange(1, n + 1) % 101).astype(np.uint8),
        source=np.full(n, -1, np.int16), transforms=batch.transforms[:1], shapes=batch.shapes[:1],
    )  # fmt: skip
    (template,) = engine_templates(crowded)
    assert template.count == EP.MAX_MINUTIAE
    kept = np.sort(np.argsort(-crowded.quality.astype(int), kind="stable")[: EP.MAX_MINUTIAE])
    assert np.array_equal(template.quality, crowded.quality[kept])


def test_bad_requests_are_refused_with_the_reason(batch: MinutiaeBatch) -> None:
    masters = generate_minutiae_population(17, [0], impression=0)
    with pytest.raises(SynthesisError, match="masters have no sensor window"):
        engine_templates(masters)
    with pytest.raises(SynthesisError, match=f"row 400 is outside the batch's {len(batch)} rows"):
        engine_templates(batch, [0, 400])
    with pytest.raises(SynthesisError, match="row -1 is outside"):
        engine_template(batch, -1)
    with pytest.raises(SynthesisError, match="not a row number"):
        engine_template(batch, 1.5)  # type: ignore[arg-type]
    with pytest.raises(SynthesisError, match="sequence of row numbers"):
        engine_templates(batch, [0.5])  # type: ignore[list-item]
    assert engine_templates(batch, []) == []
