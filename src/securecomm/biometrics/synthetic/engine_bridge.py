"""Template-level synthetic impressions as the engine's `Template`s, for 1:N benchmarks and galleries.

The engine keeps, beside the minutiae, a foreground mask on BLOCK_PX blocks and an orientation field on
ORIENTATION_BLOCK_PX blocks; both are rebuilt here from the finger model (contact region and flow,
moved by the impression's placement; template_maps.py). Conventions are converted: the engine measures
angles towards +y (clockwise as displayed) and codes bifurcations 3 (crossing number); this package
measures angles counter-clockwise as displayed and codes bifurcations 2 (ISO).

`engine_templates(batch)` converts many rows at once: the maps of all rows in one compiled call, the
minutiae of all rows in a few whole-batch array operations, then one `Template` (validated) per row.
`engine_template(batch, row)` is the same conversion for one row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as EP
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.population import (
    DEFAULT_MODEL,
    MinutiaeBatch,
    MinutiaeModel,
    cumulative_class_priors,
)
from securecomm.biometrics.synthetic.template_maps import maps_for_rows
from securecomm.biometrics.template import Template, grid_shape

__all__ = ["COHERENCE", "engine_template", "engine_templates"]

COHERENCE = 213  # reliability given to the model's flow: the median the extractor reports on rendered prints
_TWO_PI = np.float32(2 * math.pi)
_CUMULATIVE = cumulative_class_priors()


def _rows(batch: MinutiaeBatch, rows: Iterable[int] | None) -> NDArray[np.int64]:
    if batch.impression == 0:
        raise SynthesisError(
            "masters have no sensor window; convert an impression batch", where="engine_template"
        )
    if rows is None:
        return np.arange(len(batch), dtype=np.int64)
    picked = np.asarray(list(rows) if not isinstance(rows, np.ndarray) else rows)
    if picked.size == 0:
        return np.zeros(0, dtype=np.int64)
    if picked.dtype.kind not in "iu" or picked.ndim != 1:
        raise SynthesisError("rows must be a sequence of row numbers", where="engine_templates")
    outside = picked[(picked < 0) | (picked >= len(batch))]
    if outside.size:
        raise SynthesisError(
            f"row {int(outside[0])} is outside the batch's {len(batch)} rows", where="engine_template"
        )
    return picked.astype(np.int64)


def engine_templates(
    batch: MinutiaeBatch, rows: Iterable[int] | None = None, *, model: MinutiaeModel = DEFAULT_MODEL
) -> list[Template]:
    """Rows `rows` (default: all) of an impression batch (impression ≥ 1) as engine `Template`s, in order.

    Each template keeps the best EP.MAX_MINUTIAE minutiae by quality (in their batch order), pixel
    coordinates rounded to the sensor, and the mask and flow field of its impression. `model` is accepted
    for symmetry with the batch's generation; the maps depend only on the finger and the impression."""
    del model  # the masks and fields come from the geometry alone (the batch already holds the minutiae)
    picked = _rows(batch, rows)
    width, height = batch.width, batch.height
    mask_shape = grid_shape(height, width, EP.BLOCK_PX)
    field_shape = grid_shape(height, width, EP.ORIENTATION_BLOCK_PX)
    masks = np.zeros((picked.size, *mask_shape), dtype=np.bool_)
    orientations = np.zeros((picked.size, *field_shape), dtype=np.uint8)
    inside = np.zeros((picked.size, *field_shape), dtype=np.bool_)
    maps_for_rows(
        batch.seed, batch.identities[picked], batch.fingers[picked].astype(np.int64), _CUMULATIVE,
        np.ascontiguousarray(batch.transforms[picked]), np.ascontiguousarray(batch.shapes[picked]),
        EP.BLOCK_PX, EP.ORIENTATION_BLOCK_PX, masks, orientations, inside,
    )  # fmt: skip
    coherence = np.where(inside, np.uint8(COHERENCE), np.uint8(0))

    # the minutiae of every row at once, in the engine's conventions
    x = np.clip(np.rint(batch.x), 0, width - 1).astype(np.int16)
    y = np.clip(np.rint(batch.y), 0, height - 1).astype(np.int16)
    direction = np.mod(-batch.direction.astype(np.float64), 2 * math.pi).astype(np.float32)
    direction[direction >= _TWO_PI] = 0.0
    kind = np.where(batch.kind == 2, 3, 1).astype(np.uint8)

    templates = []
    for i, row in enumerate(picked.tolist()):
        lo, hi = int(batch.offsets[row]), int(batch.offsets[row + 1])
        keep: slice | NDArray[np.intp] = slice(lo, hi)
        if hi - lo > EP.MAX_MINUTIAE:  # the best by quality, kept in batch order
            best = np.argsort(-batch.quality[lo:hi].astype(int), kind="stable")[: EP.MAX_MINUTIAE]
            keep = lo + np.sort(best)
        identity, finger = int(batch.identities[row]), int(batch.fingers[row])
        templates.append(
            Template(
                width=width,
                height=height,
                ppi=500.0,
                x=x[keep].copy(),
                y=y[keep].copy(),
                direction=direction[keep].copy(),
                kind=kind[keep].copy(),
                quality=batch.quality[keep].copy(),
                mask=masks[i].copy(),
                orientation=orientations[i].copy(),
                coherence=coherence[i].copy(),
                where=f"synthetic identity {identity} finger {finger}",
            )
        )
    return templates


def engine_template(batch: MinutiaeBatch, row: int, *, model: MinutiaeModel = DEFAULT_MODEL) -> Template:
    """Row `row` of an impression batch (impression ≥ 1) as an engine `Template` (see `engine_templates`;
    converting a whole batch at once is several times cheaper per row)."""
    if isinstance(row, bool) or not isinstance(row, int | np.integer):
        raise SynthesisError(f"{row!r} is not a row number", where="engine_template")
    return engine_templates(batch, [int(row)], model=model)[0]
