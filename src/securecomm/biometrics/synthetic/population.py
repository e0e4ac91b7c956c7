"""Template-level synthetic prints: minutiae for 10^4-10^6 ten-print identities, without images.

A 1:N benchmark needs far more prints than can be rendered (a master costs about a second). This module
samples the *same finger model* at the minutia level: class by finger priors, fingertip area, singular
points and orientation model as in the image path; master minutiae as a hard-core point process whose
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

import math
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic import template_kernels as K
from securecomm.biometrics.synthetic.classes import class_priors
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.impression import SensorWindow
from securecomm.biometrics.synthetic.keys import FingerPosition, PatternClass, check_identity, check_seed
from securecomm.biometrics.synthetic.minutiae import MinutiaSet

__all__ = [
    "DEFAULT_MODEL",
    "MinutiaeBatch",
    "MinutiaeModel",
    "TenPrintMinutiae",
    "generate_minutiae_identity",
    "generate_minutiae_population",
    "iter_minutiae_population",
    "render_minutiae_impression",
]

_CLASS_ORDER = (
    PatternClass.ARCH,
    PatternClass.TENTED_ARCH,
    PatternClass.LEFT_LOOP,
    PatternClass.RIGHT_LOOP,
    PatternClass.WHORL,
)
TRANSFORM_FIELDS = (
    "anchor_x", "anchor_y", "target_x", "target_y", "rotation",
    "distortion_center_x", "distortion_center_y", "semi_axis_x", "semi_axis_y", "distortion_rotation",
    "shift_x", "shift_y", "brake_px", "pressure", "contact_margin_px", "dryness",
)  # fmt: skip
SHAPE_FIELDS = ("cx", "cy", "left", "right", "top", "bottom", "middle")  # see shape.FingerShape


@dataclass(frozen=True, slots=True)
class MinutiaeModel:
    """The calibrated numbers of the minutia-level model (docs/synthetic-prints.md, "Calibration").

    Set by `bench/synthetic_prints.py --fit` on 26 Nov 2026 (seed 1234, 50 rendered masters, 100
    impressions, the engine's extractor as of commit ff2846d plus its uncommitted work that day); rerun it
    when the extractor changes. Master side, from rendered masters: density per 1,000 px² of the area
    14 px inside the fingertip border (and a factor by class), spread of the count, share of endings,
    scatter of directions about the flow and how often they point against its [0, π) angle; `min_gap_px`
    is set by hand so the nearest-neighbour spacing matches. Impression side, by pairing the extractor's
    minutiae with the mapped master minutiae (≤ 12 px): minutiae it never finds (`hidden_fraction`) and the
    per-impression detection of the others, its loss with dryness, detection ramps from the contact border
    and the window edge, extractor-only minutiae per 1,000 px² of contact and the share that recur at the
    same place in the next impression, position and angle errors split into a part that stays with the
    minutia and a part that changes, kind errors, the spacing below which it keeps one of two minutiae,
    quality. Raw detection and spurious rates are then corrected against the template path's own output.
    """

    density_per_kpx: float = 0.6098
    count_sd: float = 0.146
    min_gap_px: float = 8.0
    ending_fraction: float = 0.422
    direction_sd_deg: float = 9.53
    detect_probability: float = 1.0
    detect_dryness_loss: float = 0.183
    edge_offset_px: float = 6.5
    edge_ramp_px: float = 14.5
    window_margin_px: float = 20.0
    window_ramp_px: float = 22.5
    spurious_per_kpx: float = 0.119
    persistent_spurious_share: float = 0.803
    position_sd_px: float = 0.77
    angle_sd_deg: float = 1.84
    systematic_position_sd_px: float = 1.46
    systematic_angle_sd_deg: float = 7.19
    hidden_fraction: float = 0.071
    flip_probability: float = 0.011
    bifurcation_as_ending: float = 0.1138
    ending_as_bifurcation: float = 0.0662
    spurious_ending_fraction: float = 0.922
    close_pair_px: float = 8.8
    quality_mean: float = 78.0
    quality_sd: float = 11.8
    reverse_probability: float = 0.656
    density_arch: float = 0.7
    density_tented_arch: float = 1.202
    density_left_loop: float = 0.968
    density_right_loop: float = 0.979
    density_whorl: float = 1.188

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise SynthesisError(
                    f"{value!r} is not a non-negative number", where=f"MinutiaeModel.{item.name}"
                )
        probabilities = (
            "detect_probability",
            "ending_fraction",
            "reverse_probability",
            "spurious_ending_fraction",
        )
        for name in probabilities:
            if getattr(self, name) > 1:
                raise SynthesisError("a probability must be at most 1", where=f"MinutiaeModel.{name}")
        if self.flip_probability + max(self.bifurcation_as_ending, self.ending_as_bifurcation) > 1:
            raise SynthesisError(
                "kind-error probabilities add up to more than 1", where="MinutiaeModel.flip_probability"
            )

    def vector(self) -> NDArray[np.float64]:
        """The parameters in the order the kernels read them (angles in radians)."""
        v = np.zeros(K.MODEL_SIZE, dtype=np.float64)
        v[K.M_DENSITY], v[K.M_COUNT_SD], v[K.M_GAP] = self.density_per_kpx, self.count_sd, self.min_gap_px
        v[K.M_ENDING], v[K.M_DIR_SD] = self.ending_fraction, math.radians(self.direction_sd_deg)
        v[K.M_DETECT], v[K.M_DETECT_DRY] = self.detect_probability, self.detect_dryness_loss
        v[K.M_EDGE], v[K.M_WINDOW], v[K.M_SPURIOUS] = (
            self.edge_ramp_px,
            self.window_margin_px,
            self.spurious_per_kpx,
        )
        v[K.M_POS_SD], v[K.M_ANGLE_SD] = self.position_sd_px, math.radians(self.angle_sd_deg)
        v[K.M_FLIP], v[K.M_B2E], v[K.M_E2B] = (
            self.flip_probability,
            self.bifurcation_as_ending,
            self.ending_as_bifurcation,
        )
        v[K.M_WINDOW_RAMP], v[K.M_SPUR_END], v[K.M_PAIR_GAP] = (
            self.window_ramp_px,
            self.spurious_ending_fraction,
            self.close_pair_px,
        )
        v[K.M_EDGE_OFFSET] = self.edge_offset_px
        v[K.M_HIDDEN], v[K.M_SYS_POS_SD] = self.hidden_fraction, self.systematic_position_sd_px
        v[K.M_SYS_ANGLE_SD] = math.radians(self.systematic_angle_sd_deg)
        v[K.M_PERSISTENT] = self.persistent_spurious_share
        v[K.M_Q_MEAN], v[K.M_Q_SD], v[K.M_REVERSE] = (
            self.quality_mean,
            self.quality_sd,
            self.reverse_probability,
        )
        v[K.M_CLASS_DENSITY : K.M_CLASS_DENSITY + 5] = (
            self.density_arch,
            self.density_tented_arch,
            self.density_left_loop,
            self.density_right_loop,
            self.density_whorl,
        )
        return v


DEFAULT_MODEL = MinutiaeModel()


def cumulative_class_priors() -> NDArray[np.float64]:
    """Cumulative class priors by finger (rows 1-10), in the kernels' class order."""
    table = np.zeros((10, 5), dtype=np.float64)
    for finger in FingerPosition:
        priors = class_priors(finger)
        table[finger - 1] = np.cumsum([priors[c] for c in _CLASS_ORDER])
    table[:, -1] = 1.0
    return table


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
        return _CLASS_ORDER[int(self.pattern_classes[r])]

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


def model_fields() -> tuple[str, ...]:
    """The names of MinutiaeModel's numbers, in order (for reports)."""
    return tuple(f.name for f in fields(MinutiaeModel))


def model_values(model: MinutiaeModel = DEFAULT_MODEL) -> dict[str, float]:
    return dict(zip(model_fields(), astuple(model), strict=True))
