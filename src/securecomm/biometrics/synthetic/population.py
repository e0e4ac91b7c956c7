"""Template-level synthetic prints: minutiae for 10^4-10^6 ten-print identities, without images.

A 1:N benchmark needs far more prints than can be rendered (a master costs ~0.1 s, an impression ~30 ms).
This module samples the *same finger model* at the minutia level: class by finger priors, fingertip area,
singular points and orientation model as in the image path; master minutiae as a hard-core point process whose
density, spacing, kind mix and direction scatter are calibrated on rendered masters; and impressions with
the image path's placement and Cappelli-Maio-Maltoni distortion, then the losses and errors an extractor
makes (missed minutiae, a ramp of misses towards the contact border, spurious minutiae, position and angle
noise, kind flips), calibrated against the engine's extractor on rendered impressions. `MinutiaeModel`
holds those numbers and says where each comes from; docs/synthetic-prints.md gives the calibration.

Identity i's finger f here is *not* the rendered master of the same key: the two paths share the model,
not the random draws. Everything is deterministic by (seed, identity, finger, impression) and independent
of batch size and order, so a gallery can be generated in chunks, in parallel, or one identity at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic import template_kernels as K
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.impression import SensorWindow
from securecomm.biometrics.synthetic.keys import FingerPosition, PatternClass, check_identity, check_seed
from securecomm.biometrics.synthetic.minutiae import MinutiaSet
from securecomm.biometrics.synthetic.population_model import (
    CLASS_ORDER,
    DEFAULT_MODEL,
    MinutiaeModel,
    cumulative_class_priors,
    model_fields,
    model_values,
)

__all__ = [
    "DEFAULT_MODEL",
    "SHAPE_FIELDS",
    "TRANSFORM_FIELDS",
    "MinutiaeBatch",
    "MinutiaeModel",
    "TenPrintMinutiae",
    "cumulative_class_priors",
    "generate_minutiae_identity",
    "generate_minutiae_population",
    "iter_minutiae_population",
    "model_fields",
    "model_values",
    "render_minutiae_impression",
]

TRANSFORM_FIELDS = (
    "anchor_x", "anchor_y", "target_x", "target_y", "rotation",
    "distortion_center_x", "distortion_center_y", "semi_axis_x", "semi_axis_y", "distortion_rotation",
    "shift_x", "shift_y", "brake_px", "pressure", "contact_margin_px", "dryness",
)  # fmt: skip
SHAPE_FIELDS = ("cx", "cy", "left", "right", "top", "bottom", "middle")  # see shape.FingerShape


@dataclass(frozen=True, slots=True, eq=False)
class MinutiaeBatch:
    """Minutiae of many fingers, row r = finger `fingers[r]` of `identities[r]`, in CSR layout.

    Row r's minutiae are `x[offsets[r]:offsets[r+1]]` etc.; `source` gives each one's index in its master
    (−1 for a spurious minutia); `transforms[r]` holds the placement, distortion, pressure, contact margin
    and dryness of an impression (columns TRANSFORM_FIELDS; zeros for masters); `shapes[r]` the fingertip
    area on the master canvas (columns SHAPE_FIELDS). Coordinates and directions follow
    `MinutiaSet`: pixels, x right, y down, radians counter-clockwise as displayed.
    """

    seed: int
    impression: int
    width: int
    height: int
    identities: NDArray[np.int64]
    fingers: NDArray[np.uint8]
    pattern_classes: NDArray[np.uint8]
    offsets: NDArray[np.int64]
    x: NDArray[np.float32]
    y: NDArray[np.float32]
    direction: NDArray[np.float32]
    kind: NDArray[np.uint8]
    quality: NDArray[np.uint8]
    source: NDArray[np.int16]
    transforms: NDArray[np.float64]
    shapes: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.identities.size)

    def row(self, r: int) -> MinutiaSet:
        lo, hi = int(self.offsets[r]), int(self.offsets[r + 1])
        return MinutiaSet.build(
            self.x[lo:hi], self.y[lo:hi], self.direction[lo:hi], self.kind[lo:hi], self.quality[lo:hi]
        )

    def pattern_class(self, r: int) -> PatternClass:
        return CLASS_ORDER[int(self.pattern_classes[r])]

    def counts(self) -> NDArray[np.int64]:
        return np.diff(self.offsets)

    @property
    def nbytes(self) -> int:
        return sum(
            int(getattr(self, n).nbytes)
            for n in ("x", "y", "direction", "kind", "quality", "source", "offsets")
        )


@dataclass(frozen=True, slots=True, eq=False)
class TenPrintMinutiae:
    """One identity's ten fingers at the minutia level: a master (impression 0) or an impression."""

    seed: int
    identity: int
    impression: int
    fingers: tuple[FingerPosition, ...]
    pattern_classes: tuple[PatternClass, ...]
    minutiae: tuple[MinutiaSet, ...]
    sources: tuple[NDArray[np.int16], ...]

    def finger(self, position: FingerPosition | int) -> MinutiaSet:
        return self.minutiae[self.fingers.index(FingerPosition.parse(position))]


_ALL_FINGERS = tuple(FingerPosition)
_DEFAULT_CHUNK = 4096


def _check_impression_number(impression: int) -> int:
    if (
        isinstance(impression, bool)
        or not isinstance(impression, int | np.integer)
        or not 0 <= impression <= 2**31
    ):
        raise SynthesisError(
            f"{impression!r} is not an impression number; use 0 (the master) or 1, 2, ...", where="impression"
        )
    return int(impression)


def iter_minutiae_population(
    seed: int,
    identities: Iterable[int] | NDArray[np.integer],
    *,
    impression: int = 0,
    impression_seed: int | None = None,
    fingers: Iterable[FingerPosition | int] = _ALL_FINGERS,
    sensor: SensorWindow | None = None,
    model: MinutiaeModel = DEFAULT_MODEL,
    chunk_identities: int = _DEFAULT_CHUNK,
) -> Iterator[MinutiaeBatch]:
    """`generate_minutiae_population` in chunks of `chunk_identities` identities, to bound memory."""
    seed = check_seed(seed)
    impression_seed = (
        seed if impression_seed is None else check_seed(impression_seed, where="impression_seed")
    )
    impression = _check_impression_number(impression)
    sensor = sensor or SensorWindow()
    positions = np.array([int(FingerPosition.parse(f)) for f in fingers], dtype=np.int64)
    if positions.size == 0:
        raise SynthesisError("no fingers asked for", where="fingers")
    ids = np.asarray(list(identities) if not isinstance(identities, np.ndarray) else identities)
    if ids.size and (ids.dtype.kind not in "iu" or int(ids.min()) < 0):
        raise SynthesisError("identities must be integers ≥ 0", where="identities")
    ids = ids.astype(np.int64).reshape(-1)
    if chunk_identities < 1:
        raise SynthesisError(f"{chunk_identities} is not a chunk size; use ≥ 1", where="chunk_identities")
    vector, cumulative = model.vector(), cumulative_class_priors()
    for start in range(0, max(ids.size, 1), chunk_identities):
        part = ids[start : start + chunk_identities]
        if part.size == 0:
            break
        yield _sample(seed, impression_seed, part, positions, impression, vector, cumulative, sensor)


def _sample(
    seed: int,
    impression_seed: int,
    identities: NDArray[np.int64],
    positions: NDArray[np.int64],
    impression: int,
    vector: NDArray[np.float64],
    cumulative: NDArray[np.float64],
    sensor: SensorWindow,
) -> MinutiaeBatch:
    row_ids = np.repeat(identities, positions.size)
    row_fingers = np.tile(positions, identities.size)
    rows, cap = row_ids.size, K.MAX_PER_FINGER
    x = np.zeros((rows, cap), np.float32)
    y = np.zeros((rows, cap), np.float32)
    d = np.zeros((rows, cap), np.float32)
    k = np.zeros((rows, cap), np.uint8)
    q = np.zeros((rows, cap), np.uint8)
    src = np.zeros((rows, cap), np.int16)
    counts = np.zeros(rows, np.int32)
    classes = np.zeros(rows, np.uint8)
    transforms = np.zeros((rows, len(TRANSFORM_FIELDS)), np.float64)
    shapes = np.zeros((rows, len(SHAPE_FIELDS)), np.float64)
    K.sample_fingers(
        seed, impression_seed, row_ids, row_fingers, impression, vector, cumulative, sensor.width, sensor.height,
        x, y, d, k, q, src, counts, classes, transforms, shapes,
    )  # fmt: skip
    keep = np.arange(cap)[None, :] < counts[:, None]
    offsets = np.zeros(rows + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    return MinutiaeBatch(
        seed=seed,
        impression=impression,
        width=sensor.width,
        height=sensor.height,
        identities=row_ids,
        fingers=row_fingers.astype(np.uint8),
        pattern_classes=classes,
        offsets=offsets,
        x=x[keep],
        y=y[keep],
        direction=d[keep],
        kind=k[keep],
        quality=q[keep],
        source=src[keep],
        transforms=transforms,
        shapes=shapes,
    )


def generate_minutiae_population(
    seed: int,
    identities: Iterable[int] | NDArray[np.integer],
    *,
    impression: int = 0,
    impression_seed: int | None = None,
    fingers: Iterable[FingerPosition | int] = _ALL_FINGERS,
    sensor: SensorWindow | None = None,
    model: MinutiaeModel = DEFAULT_MODEL,
) -> MinutiaeBatch:
    """Minutiae of every (identity, finger): masters (impression 0) or impression `impression` of them.

    A gallery is `impression=1` of identities 0..N−1; mated probes are `impression=2` of some of them;
    non-mated probes are impressions of identities outside the gallery.
    """
    parts = list(
        iter_minutiae_population(
            seed,
            identities,
            impression=impression,
            impression_seed=impression_seed,
            fingers=fingers,
            sensor=sensor,
            model=model,
            chunk_identities=1 << 62,
        )
    )
    if not parts:
        raise SynthesisError("no identities asked for", where="identities")
    return parts[0]


def _ten_print(batch: MinutiaeBatch, identity: int) -> TenPrintMinutiae:
    return TenPrintMinutiae(
        seed=batch.seed,
        identity=identity,
        impression=batch.impression,
        fingers=tuple(FingerPosition(int(f)) for f in batch.fingers),
        pattern_classes=tuple(batch.pattern_class(r) for r in range(len(batch))),
        minutiae=tuple(batch.row(r) for r in range(len(batch))),
        sources=tuple(
            batch.source[batch.offsets[r] : batch.offsets[r + 1]].copy() for r in range(len(batch))
        ),
    )


def generate_minutiae_identity(
    seed: int, *, identity: int, model: MinutiaeModel = DEFAULT_MODEL
) -> TenPrintMinutiae:
    """The ten master minutia sets of synthetic person `identity` (master-canvas coordinates)."""
    identity = check_identity(identity)
    return _ten_print(generate_minutiae_population(seed, [identity], model=model), identity)


def render_minutiae_impression(
    master: TenPrintMinutiae,
    *,
    seed: int,
    impression: int,
    sensor: SensorWindow | None = None,
    model: MinutiaeModel = DEFAULT_MODEL,
) -> TenPrintMinutiae:
    """Impression `impression` (≥ 1) of a ten-print master at the minutia level, as an extractor would see it."""
    if master.impression != 0:
        raise SynthesisError(
            "render impressions of a master (impression 0), not of another impression", where="master"
        )
    if _check_impression_number(impression) == 0:
        raise SynthesisError("impression numbers start at 1; 0 is the master", where="impression")
    batch = generate_minutiae_population(
        master.seed, [master.identity], impression=impression, impression_seed=seed, fingers=master.fingers,
        sensor=sensor, model=model,
    )  # fmt: skip
    return _ten_print(batch, master.identity)
