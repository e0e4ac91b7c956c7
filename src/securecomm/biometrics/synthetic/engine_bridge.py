"""Template-level synthetic impressions as the engine's `Template`s, for 1:N benchmarks at scale.

The engine keeps, beside the minutiae, a foreground mask on BLOCK_PX blocks and an orientation field on
ORIENTATION_BLOCK_PX blocks; both are rebuilt here from the finger model (contact region and flow,
moved by the impression's placement). Conventions are converted: the engine measures angles towards +y
(clockwise as displayed) and codes bifurcations 3 (crossing number); this package measures angles
counter-clockwise as displayed and codes bifurcations 2 (ISO).
"""

from __future__ import annotations

import math

import numpy as np

from securecomm.biometrics import parameters as EP
from securecomm.biometrics.synthetic import template_kernels as K
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.population import (
    DEFAULT_MODEL,
    MinutiaeBatch,
    MinutiaeModel,
    cumulative_class_priors,
)
from securecomm.biometrics.template import Template, grid_shape

__all__ = ["COHERENCE", "engine_template"]

COHERENCE = 213  # reliability given to the model's flow: the median the extractor reports on rendered prints
_TWO_PI = np.float32(2 * math.pi)


def engine_template(batch: MinutiaeBatch, row: int, *, model: MinutiaeModel = DEFAULT_MODEL) -> Template:
    """Row `row` of an impression batch (impression ≥ 1) as an engine `Template` (pass the batch's model)."""
    if batch.impression == 0:
        raise SynthesisError(
            "masters have no sensor window; convert an impression batch", where="engine_template"
        )
    if not 0 <= row < len(batch):
        raise SynthesisError(f"row {row} is outside the batch's {len(batch)} rows", where="engine_template")
    width, height = batch.width, batch.height
    m = batch.row(row)
    keep = np.argsort(-m.quality.astype(int), kind="stable")[: EP.MAX_MINUTIAE]
    keep.sort()
    direction = np.mod(-m.direction[keep].astype(np.float64), 2 * math.pi).astype(np.float32)
    direction[direction >= _TWO_PI] = 0.0
    mask = np.zeros(grid_shape(height, width, EP.BLOCK_PX), dtype=np.bool_)
    field = np.zeros(grid_shape(height, width, EP.ORIENTATION_BLOCK_PX), dtype=np.float64)
    inside = np.zeros(field.shape, dtype=np.bool_)
    K.impression_maps(
        batch.seed, int(batch.identities[row]), int(batch.fingers[row]), model.vector(), cumulative_class_priors(),
        batch.transforms[row], mask, EP.BLOCK_PX, field, inside, EP.ORIENTATION_BLOCK_PX,
    )  # fmt: skip
    engine_angle = np.mod(-field, math.pi)
    return Template(
        width=width,
        height=height,
        ppi=500.0,
        x=np.clip(np.rint(m.x[keep]), 0, width - 1).astype(np.int16),
        y=np.clip(np.rint(m.y[keep]), 0, height - 1).astype(np.int16),
        direction=direction,
        kind=np.where(m.kind[keep] == 2, 3, 1).astype(np.uint8),
        quality=m.quality[keep].astype(np.uint8),
        mask=mask,
        orientation=np.mod(np.rint(engine_angle * 256.0 / math.pi), 256).astype(np.uint8),
        coherence=np.where(inside, COHERENCE, 0).astype(np.uint8),
        where=f"synthetic identity {int(batch.identities[row])} finger {int(batch.fingers[row])}",
    )
